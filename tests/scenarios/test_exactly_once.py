"""Nothing lost, nothing doubled: the same submission delivered many times books once."""

from __future__ import annotations

import asyncio
import copy
import json
import time
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier

from bot.ui.ids import ActionId, BlockId
from devtools.simulator import known
from tests.scenarios.conftest import SIGNING_SECRET, Stack
from tests.scenarios.test_booking import fill_form


@pytest.fixture
def stack_overrides(database_url: str) -> dict[str, Any]:
    # Every scenario here runs on SQLite and on PostgreSQL.
    return {"database_url": database_url}


async def captured_submission(stack: Stack) -> dict[str, Any]:
    """A valid view_submission payload exactly as Slack sent it to the bot."""
    view_id = await fill_form(stack)
    # A hint chosen in the contact picker is refused inline, so this delivery books nothing...
    await stack.slack.suggest(view_id, ActionId.CONTACT, "Å")
    stack.slack.set_value(view_id, ActionId.CONTACT, "~hint")
    refused = await stack.slack.submit(view_id)
    assert refused.outcome == "errors"
    # ...and with the contact chosen, the same payload is a valid submission.
    payload = copy.deepcopy(refused.payload)
    values = payload["view"]["state"]["values"]
    values[BlockId.CONTACT][ActionId.CONTACT]["selected_option"] = {
        "text": {"type": "plain_text", "text": "Åsa Öberg · 070-••• •• 67"},
        "value": known.ASA_OBERG,
    }
    return payload


async def deliver(stack: Stack, payload: dict[str, Any]) -> httpx.Response:
    """Send a payload to the bot signed as Slack signs it (as a Slack retry would)."""
    body = urlencode({"payload": json.dumps(payload, ensure_ascii=False)})
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=timestamp, body=body)
    async with httpx.AsyncClient() as client:
        return await client.post(
            stack.slack.bot_url,
            content=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp": timestamp,
                "X-Slack-Signature": signature or "",
            },
        )


async def test_ten_concurrent_deliveries_of_one_submission_book_once(stack: Stack) -> None:
    payload = await captured_submission(stack)
    answers = await asyncio.gather(*(deliver(stack, payload) for _ in range(10)))
    await stack.settle()

    assert [a.status_code for a in answers] == [200] * 10
    assert len(stack.bookings()) == 1
    assert len(stack.vitec_requests("POST", "/Viewing/")) == 1
    rows = await stack.services.ledger.recent(team_id="T0VISNING", user_id="U0AGNETA", limit=50)
    assert [(r.contact_id, r.status) for r in rows] == [(known.ASA_OBERG, "booked")]
    confirmations = [m for m in stack.channel() if m.text.startswith("Åsa Öberg är anmäld")]
    assert len(confirmations) == 1


async def test_a_late_duplicate_gets_the_first_outcome_without_calling_vitec(stack: Stack) -> None:
    payload = await captured_submission(stack)
    first = await deliver(stack, payload)
    await stack.settle()
    posts_before = len(stack.vitec_requests("POST", "/Viewing"))
    second = await deliver(stack, payload)
    await stack.settle()
    assert (first.status_code, first.text) == (200, "")
    assert (second.status_code, second.text) == (200, "")
    assert len(stack.vitec_requests("POST", "/Viewing")) == posts_before
    assert len(stack.bookings()) == 1


async def test_a_contact_already_on_the_viewing_is_not_booked_again(stack: Stack) -> None:
    payload = await captured_submission(stack)
    await deliver(stack, payload)
    await stack.settle()
    # A second form, a new view: the same contact on the same viewing.
    view_id = await fill_form(stack)
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "errors"
    assert stack.slack.view(view_id).errors == {
        BlockId.CONTACT: (
            "Åsa Öberg är redan anmäld till den här visningen. Inget mer behöver göras."
        )
    }
    assert len(stack.vitec_requests("POST", "/Viewing/")) == 1

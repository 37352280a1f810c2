"""A booking settled by a process that died before telling the agent is announced by another."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from bot.store import NewSignup, SignupStatus, idempotency_key
from devtools.simulator import known
from tests.scenarios.conftest import AGENT, CHANNEL, Stack


@pytest.fixture
def stack_overrides() -> dict[str, Any]:
    # A short claim lease (the grace before another process announces), checked often.
    return {"signup_claim_lease": 0.2, "reconcile_interval": 0.05}


async def test_an_untold_booking_reaches_the_channel(stack: Stack) -> None:
    slot = (await stack.services.directory.slots(known.ESTATE_ID))[0]
    ledger = stack.services.ledger
    # What a process that died right after recording the outcome leaves behind.
    row, _ = await ledger.begin(
        NewSignup(
            idempotency_key=idempotency_key("V0DEAD", known.SLOT_ID, known.ASA_OBERG),
            team_id="T0VISNING",
            user_id=AGENT,
            channel_id=CHANNEL,
            response_url=None,
            customer_id=known.SODERMALM,
            estate_id=known.ESTATE_ID,
            viewing_id=known.VIEWING_ID,
            time_slot_id=known.SLOT_ID,
            contact_id=known.ASA_OBERG,
            slot_starts_at=slot.starts_at,
            slot_ends_at=slot.ends_at,
            contact_name="Åsa Öberg",
            estate_address="Götgatan 14",
            booking={"participated": False, "mailConfirmation": True},
            language="sv",
        ),
        worker="dead-process",
        lease=timedelta(minutes=5),
    )
    await ledger.finish(row.id, SignupStatus.BOOKED, worker="dead-process")

    await stack.slack.wait_until(lambda: bool(stack.channel()), timeout=10)

    [message] = stack.channel()
    assert message.text.startswith("Åsa Öberg är anmäld till visningen av Götgatan 14")
    # Told first, then recorded (a crash in between repeats the message rather than losing it).
    async with asyncio.timeout(5):
        # The ledger has no change notification to wait on; this is a bounded wait for a row
        # the bot's reconcile loop writes.
        while not (told := await ledger.get(row.id)) or not told.notified:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
    assert len(stack.channel()) == 1, "announced once"

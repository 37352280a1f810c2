"""Submitting the form: the listener passes ids on, never the contact name the client echoes."""

from __future__ import annotations

from typing import Any

from bot.booking.submission import SubmissionContext
from bot.domain import SignupForm
from bot.ui.form import slot_block_id
from bot.ui.ids import ActionId, BlockId
from bot.ui.metadata import FormMetadata
from handlers.views import signup_submitted
from tests.handlers.conftest import AGENT, TEAM, Calls, context_with, services

ESTATE = "OBJ1_1"
CONTACT = "ADR" + "0" * 32


class Signups:
    def __init__(self) -> None:
        self.asked: list[tuple[SignupForm, SubmissionContext, FormMetadata]] = []

    async def submit(
        self, form: SignupForm, ctx: SubmissionContext, meta: FormMetadata
    ) -> dict[str, Any] | None:
        self.asked.append((form, ctx, meta))
        return None


def select(value: str, text: str = "…") -> dict[str, Any]:
    return {"selected_option": {"text": {"type": "plain_text", "text": text}, "value": value}}


def view(**metadata: Any) -> dict[str, Any]:
    meta = FormMetadata(
        user_id=AGENT, channel_id="C1", customer_id="M30011", estate_id=ESTATE, **metadata
    )
    return {
        "id": "V1",
        "private_metadata": meta.dump(),
        "state": {
            "values": {
                BlockId.ESTATE: {ActionId.ESTATE: select(ESTATE)},
                slot_block_id(ESTATE): {ActionId.SLOT: select("VIS1/TS1")},
                BlockId.CONTACT: {ActionId.CONTACT: select(CONTACT, "<!channel> Falskt namn")},
            }
        },
    }


async def test_the_submission_carries_ids_and_no_name_from_the_client(calls: Calls) -> None:
    signups = Signups()
    submitted = view()
    body = {"team": {"id": TEAM}, "user": {"id": AGENT}, "view": submitted}

    await signup_submitted(calls.ack, body, submitted, context_with(services(submissions=signups)))

    [(form, ctx, _)] = signups.asked
    assert (form.customer_id, form.estate_id, form.contact_id) == ("M30011", ESTATE, CONTACT)
    assert (ctx.team_id, ctx.user_id, ctx.view_id) == (TEAM, AGENT, "V1")
    assert ctx.contact_name == "–", "the name is read from Vitec by the flow, not from the label"
    assert calls.acks == [{}]


async def test_a_form_the_bot_did_not_make_is_closed_without_booking(calls: Calls) -> None:
    signups = Signups()
    submitted = {**view(), "private_metadata": "not ours"}
    body = {"team": {"id": TEAM}, "user": {"id": AGENT}, "view": submitted}

    await signup_submitted(calls.ack, body, submitted, context_with(services(submissions=signups)))

    assert signups.asked == []
    assert calls.acks == [{}]

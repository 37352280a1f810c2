"""Submitting the form and confirming an undo: what is acked, and what the services are asked."""

from __future__ import annotations

from typing import Any

from bot.booking.submission import SubmissionContext
from bot.domain import SignupForm
from bot.ui.form import slot_block_id
from bot.ui.ids import ActionId, BlockId
from bot.ui.metadata import FormMetadata, UndoMetadata
from bot.ui.texts import SV
from handlers.views import signup_submitted, undo_confirmed
from tests.handlers.conftest import (
    AGENT,
    TEAM,
    Asked,
    Calls,
    FakeService,
    Tasks,
    context_with,
    services,
)

ESTATE = "OBJ1_1"
CONTACT = "ADR" + "0" * 32


class Signups:
    def __init__(self, answer: dict[str, Any] | None = None) -> None:
        self.asked: list[tuple[SignupForm, SubmissionContext, FormMetadata]] = []
        self.answer = answer

    async def submit(
        self, form: SignupForm, ctx: SubmissionContext, meta: FormMetadata
    ) -> dict[str, Any] | None:
        self.asked.append((form, ctx, meta))
        return self.answer


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


async def test_the_answer_of_the_booking_is_what_slack_is_acked(calls: Calls) -> None:
    answer = {"response_action": "errors", "errors": {BlockId.CONTACT: "Redan anmäld."}}
    signups = Signups(answer)
    submitted = view()
    body = {"team": {"id": TEAM}, "user": {"id": AGENT}, "view": submitted}
    context = context_with(services(submissions=signups), response_url="https://hooks.slack.test/1")

    await signup_submitted(calls.ack, body, submitted, context)

    assert calls.acks == [answer]
    [(_, ctx, _)] = signups.asked
    assert ctx.response_url == "https://hooks.slack.test/1"


async def test_a_form_with_fields_to_fix_is_answered_inline_and_books_nothing(
    calls: Calls,
) -> None:
    signups = Signups()
    submitted = view()
    del submitted["state"]["values"][BlockId.CONTACT]
    body = {"team": {"id": TEAM}, "user": {"id": AGENT}, "view": submitted}

    await signup_submitted(calls.ack, body, submitted, context_with(services(submissions=signups)))

    assert signups.asked == []
    assert calls.acks == [
        {"response_action": "errors", "errors": {BlockId.CONTACT: SV.error_choose_contact}}
    ]


async def test_a_confirmed_undo_closes_the_dialog_and_undoes_as_who_clicked(
    calls: Calls, asked: Asked
) -> None:
    tasks = Tasks(calls)
    meta = UndoMetadata(signup_id=42, response_url=None, channel_id="C1", language="en")
    dialog = {"id": "V2", "callback_id": "undo_confirm", "private_metadata": meta.dump()}
    context = context_with(services(tasks=tasks, undo=FakeService(asked)))

    await undo_confirmed(calls.ack, {"user": {"id": AGENT}}, dialog, context)
    assert calls.acks == [{}]
    await tasks.run()

    assert asked.calls == [("confirmed", (meta,), {"user_id": AGENT, "team_id": TEAM})]


async def test_an_undo_dialog_the_bot_did_not_make_undoes_nothing(
    calls: Calls, asked: Asked
) -> None:
    tasks = Tasks(calls)
    dialog = {"id": "V2", "callback_id": "undo_confirm", "private_metadata": '{"s": "x"}'}
    context = context_with(services(tasks=tasks, undo=FakeService(asked)))

    await undo_confirmed(calls.ack, {"user": {"id": AGENT}}, dialog, context)
    await tasks.run()

    assert (calls.acks, asked.calls) == ([{}], [])

"""A new contact, end to end: the form takes the person, Vitec finds or creates them and books."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.domain import NewContact
from bot.store import NewSignup, SignupStatus, new_contact_key, stand_in_contact_id
from bot.ui.ids import ActionId, BlockId
from bot.vitec.models import AddNewViewingParticipant, UpdatePerson
from devtools.simulator import AppliedThenError, Faults, Hold, NonJson, known
from tests.scenarios.conftest import AGENT, CHANNEL, Stack

NEW = f"/Viewing/{known.SODERMALM}/{known.VIEWING_ID}/{known.SLOT_ID}/Participant"


@pytest.fixture
def stack_overrides() -> dict[str, Any]:
    # A held request times out after a second; the reads around it have that second too.
    return {"vitec_booking_deadline": 0.2, "vitec_timeout": 1.0}


async def new_contact_form(stack: Stack) -> str:
    """Open the form, pick Götgatan 14 and switch to a new contact."""
    view = await stack.open_form()
    options = await stack.slack.suggest(view.id, ActionId.ESTATE, "götgatan")
    await stack.slack.select(view.id, ActionId.ESTATE, options[0]["value"])
    await stack.settle()
    await stack.slack.press(view.id, ActionId.NEW_CONTACT)
    await stack.settle()
    return view.id


def type_person(stack: Stack, view_id: str, first: str, last: str, mobile: str, email: str) -> None:
    stack.slack.set_value(view_id, ActionId.NEW_FIRST_NAME, first)
    stack.slack.set_value(view_id, ActionId.NEW_LAST_NAME, last)
    stack.slack.set_value(view_id, ActionId.NEW_MOBILE, mobile)
    stack.slack.set_value(view_id, ActionId.NEW_EMAIL, email)


async def test_a_person_not_in_vitec_is_created_booked_and_can_be_undone(stack: Stack) -> None:
    view_id = await new_contact_form(stack)
    blocks = {b.get("block_id") for b in stack.slack.view(view_id).blocks}
    assert {BlockId.NEW_FIRST_NAME, BlockId.NEW_EMAIL, BlockId.ESTATE} <= blocks
    assert BlockId.CONTACT not in blocks
    type_person(stack, view_id, "Anna", "Nyström", "+46 70 999 88 77", "Anna.Nystrom@Example.se")
    stack.slack.set_value(view_id, ActionId.REMINDER, "sms:60")
    before = len(stack.simulator.state.requests)

    delivery = await stack.slack.submit(view_id)
    await stack.settle()

    assert delivery.outcome == "closed"
    posts = [r for r in stack.vitec_requests()[before:] if r.method == "POST"]
    assert [(r.path, r.status) for r in posts if r.path == NEW] == [(NEW, 200)]
    [booking] = stack.bookings()
    assert booking.body["updatePerson"] == {
        "firstName": "Anna",
        "lastName": "Nyström",
        "cellPhone": "0709998877",
        "email": {"emailAddress": "Anna.Nystrom@example.se"},
    }
    assert booking.body["returnBookingId"] is False
    assert "options" not in booking.body
    created = stack.simulator.state.contact(known.SODERMALM, booking.contact_id)
    assert created is not None
    assert created.full_name == "Anna Nyström"

    [message] = stack.channel()
    shown = json.dumps(message.blocks, ensure_ascii=False)
    assert "Anna Nyström" in shown
    assert "Ny kontakt skapad i Vitec" in shown
    assert "0709998877" not in shown
    assert "example.se" not in shown

    [signup] = await stack.services.ledger.recent(team_id="T0VISNING", user_id=AGENT)
    assert (signup.status, signup.contact_id, signup.contact_origin) == (
        SignupStatus.BOOKED,
        booking.contact_id,
        "created",
    )

    await stack.slack.click(CHANNEL, message.ts, ActionId.UNDO, AGENT)
    await stack.settle()
    confirm = stack.modal()
    assert confirm is not None
    await stack.slack.submit(confirm.id)
    await stack.settle()
    [undone] = stack.bookings()
    assert undone.removed_at is not None
    deletes = stack.vitec_requests("DELETE")
    assert [r.path for r in deletes] == [f"{NEW}/{booking.contact_id}"]


async def test_vitecs_duplicate_check_finds_a_known_person(stack: Stack) -> None:
    view_id = await new_contact_form(stack)
    type_person(stack, view_id, "asa", "oberg", "0701234567", "")

    await stack.slack.submit(view_id)
    await stack.settle()

    [booking] = stack.bookings()
    assert booking.contact_id == known.ASA_OBERG
    shown = json.dumps(stack.channel()[0].blocks, ensure_ascii=False)
    assert "Fanns redan i Vitec" in shown


async def test_the_same_person_submitted_twice_is_booked_once(stack: Stack) -> None:
    for _ in range(2):
        view_id = await new_contact_form(stack)
        type_person(stack, view_id, "Anna", "Nyström", "070-999 88 77", "")
        await stack.slack.submit(view_id)
        await stack.settle()
    posts = [r for r in stack.vitec_requests() if r.method == "POST" and r.path == NEW]
    assert len(posts) == 1
    assert len(stack.bookings()) == 1


async def test_odd_input_is_refused_on_its_field_and_nothing_is_sent(
    stack: Stack,
) -> None:
    view_id = await new_contact_form(stack)
    type_person(stack, view_id, "<script>", "12345", "ring mig", "anna@")

    delivery = await stack.slack.submit(view_id)

    assert delivery.outcome == "errors"
    errors = stack.slack.view(view_id).errors
    assert set(errors) == {
        BlockId.NEW_FIRST_NAME,
        BlockId.NEW_LAST_NAME,
        BlockId.NEW_MOBILE,
        BlockId.NEW_EMAIL,
    }
    assert errors[BlockId.NEW_LAST_NAME] == (
        "Skriv bara bokstäver, mellanslag, bindestreck eller apostrof."
    )
    assert stack.vitec_requests("POST", "/Viewing") == []


async def test_without_mobile_and_e_mail_the_form_says_vitec_needs_one(stack: Stack) -> None:
    view_id = await new_contact_form(stack)
    type_person(stack, view_id, "Anna", "Nyström", "", "")
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "errors"
    assert "mobil eller e-post" in stack.slack.view(view_id).errors[BlockId.NEW_MOBILE]


async def test_back_to_search_brings_the_contact_picker_back(stack: Stack) -> None:
    view_id = await new_contact_form(stack)
    await stack.slack.press(view_id, ActionId.SEARCH_CONTACT)
    await stack.settle()
    blocks = {b.get("block_id") for b in stack.slack.view(view_id).blocks}
    assert BlockId.CONTACT in blocks
    assert BlockId.NEW_FIRST_NAME not in blocks


async def test_oversized_input_slack_would_not_send_is_refused_too(stack: Stack) -> None:
    view_id = await new_contact_form(stack)
    # Slack's client enforces max_length; a forged submission does not.
    view = stack.slack.view(view_id)
    for block in view.blocks:
        if block.get("block_id") == BlockId.NEW_LAST_NAME:
            del block["element"]["max_length"]
    type_person(stack, view_id, "Anna", "N" * 31, "070-999 88 77", "")
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "errors"
    assert stack.slack.view(view_id).errors == {BlockId.NEW_LAST_NAME: "Högst 30 tecken."}
    assert stack.vitec_requests("POST", "/Viewing") == []


@pytest.mark.parametrize(
    "faults",
    [
        # Vitec books the person but the answer never comes.
        Faults(hold=Hold(stage="after", method="POST", path_prefix="/Viewing")),
        # Vitec books the person, then answers an error anyway.
        Faults(applied_then_error=AppliedThenError(method="POST", path_prefix="/Viewing")),
    ],
    ids=["timeout", "applied-then-500"],
)
async def test_an_unanswered_booking_is_found_by_the_person_and_not_made_twice(
    stack: Stack, faults: Faults
) -> None:
    view_id = await new_contact_form(stack)
    type_person(stack, view_id, "Anna", "Nyström", "070-999 88 77", "anna@example.se")
    stack.simulator.state.faults = faults
    await stack.slack.submit(view_id)
    await stack.settle()

    [booking] = stack.bookings()
    assert len(stack.vitec_requests("POST", NEW)) == 1, "no second booking"
    [signup] = await stack.services.ledger.recent(team_id="T0VISNING", user_id=AGENT)
    assert (signup.status, signup.contact_id) == (SignupStatus.BOOKED, booking.contact_id)
    assert any("Anna Nyström" in m.text for m in stack.channel())


async def test_a_page_of_html_instead_of_an_answer_books_nobody_twice(stack: Stack) -> None:
    view_id = await new_contact_form(stack)
    type_person(stack, view_id, "Anna", "Nyström", "070-999 88 77", "")
    stack.simulator.state.faults = Faults(non_json=NonJson(method="POST", path_prefix="/Viewing"))
    await stack.slack.submit(view_id)
    await stack.settle()

    assert stack.bookings() == []
    [signup] = await stack.services.ledger.recent(team_id="T0VISNING", user_id=AGENT)
    assert signup.status == SignupStatus.FAILED
    assert len(stack.vitec_requests("POST", NEW)) == 2, "booked again only once it was not there"


async def test_an_attempt_a_crash_left_open_is_settled_by_finding_the_person(
    stack: Stack,
) -> None:
    person = NewContact(first_name="Anna", last_name="Nyström", mobile="0709998877", email=None)
    body = AddNewViewingParticipant(
        update_person=UpdatePerson(first_name="Anna", last_name="Nyström", cell_phone="0709998877")
    )
    # Vitec booked (and created) Anna; the process died before it recorded the answer.
    contact_id = await stack.services.vitec.book_new_participant(
        known.SODERMALM, known.VIEWING_ID, known.SLOT_ID, body
    )
    key = new_contact_key(known.SLOT_ID, person.key_parts())
    starts = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)
    new = NewSignup(
        idempotency_key=key,
        team_id="T0VISNING",
        user_id=AGENT,
        channel_id=CHANNEL,
        response_url=None,
        customer_id=known.SODERMALM,
        estate_id=known.ESTATE_ID,
        viewing_id=known.VIEWING_ID,
        time_slot_id=known.SLOT_ID,
        contact_id=stand_in_contact_id(key),
        slot_starts_at=starts,
        slot_ends_at=starts + timedelta(minutes=45),
        contact_name=person.name,
        estate_address="Götgatan 14",
        booking=body.to_wire(),
        language="sv",
    )
    ledger = stack.services.ledger
    await ledger.begin(new, worker="dead", lease=timedelta(microseconds=1))

    assert await stack.services.reconciler.reconcile_stale() == 1

    row = await ledger.by_key(key)
    assert row is not None
    assert (row.status, row.contact_id) == (SignupStatus.BOOKED, contact_id)
    assert len(stack.vitec_requests("POST", NEW)) == 1, "found, not booked again"
    assert any("Anna Nyström" in m.text for m in stack.channel())

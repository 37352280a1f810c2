""" "Anmäl flera", end to end: several contacts onto one slot, one message that follows them."""

from __future__ import annotations

import copy
import json

from bot.store import SignupStatus
from bot.ui.ids import BULK_UNDO_IDS, ActionId, BlockId
from devtools.simulator import Faults, ForcedStatus, known
from devtools.simulator.records import Registration
from tests.scenarios.conftest import AGENT, CHANNEL, Stack
from tests.scenarios.test_exactly_once import deliver

TEAM = "T0VISNING"
SLOT = f"/Viewing/{known.SODERMALM}/{known.VIEWING_ID}/{known.SLOT_ID}/Participant"


def booked_on_slot(stack: Stack) -> list[str]:
    state = stack.simulator.state
    viewing = state.data.viewing(known.SODERMALM, known.VIEWING_ID)
    assert viewing is not None
    return [r.contact_id for r in state.booked(viewing, known.SLOT_ID)]


async def fill_places(stack: Stack, leave: int) -> None:
    """Book other contacts straight in Vitec until `leave` places are left on the slot."""
    state = stack.simulator.state
    viewing = state.data.viewing(known.SODERMALM, known.VIEWING_ID)
    assert viewing is not None
    ours = {known.ASA_OBERG, known.JONS_ARLIG, known.BJORN_LINDSTROM, known.ERIK_JOHANSSON_1}
    others = [
        c.id
        for c in state.contacts_of(known.SODERMALM)
        if c.id not in ours and state.participant(known.SODERMALM, known.VIEWING_ID, c.id) is None
    ]
    capacity = viewing.capacity
    assert capacity is not None
    while capacity - state.participants(viewing, known.SLOT_ID) > leave:
        registration = Registration(
            customer_id=known.SODERMALM,
            viewing_id=known.VIEWING_ID,
            slot_id=known.SLOT_ID,
            contact_id=others.pop(),
        )
        state.add_participant(registration, {})


async def bulk_form(stack: Stack, names: list[str]) -> str:
    """Open the form on Götgatan 14, switch to "Anmäl flera" and choose the contacts."""
    view = await stack.open_form()
    options = await stack.slack.suggest(view.id, ActionId.ESTATE, "götgatan")
    await stack.slack.select(view.id, ActionId.ESTATE, options[0]["value"])
    await stack.settle()
    await stack.slack.press(view.id, ActionId.BULK_MODE)
    await stack.settle()
    chosen: list[str] = []
    for name in names:
        found = await stack.slack.suggest(view.id, ActionId.BULK_CONTACTS, name)
        chosen.append(found[0]["value"])
        stack.slack.set_value(view.id, ActionId.BULK_CONTACTS, chosen)
    return view.id


async def test_mixed_outcomes_in_one_message_that_follows_them(stack: Stack) -> None:
    already = booked_on_slot(stack)[0]
    await fill_places(stack, leave=2)
    view_id = await bulk_form(
        stack, ["Åsa Öberg", "Jöns Ärlig", "Björn Lindström", "erik.j@example.com"]
    )
    stack.slack.set_value(view_id, ActionId.REMINDER, "sms:60")
    # Vitec refuses Jöns in its own words.
    stack.simulator.state.faults = Faults(
        forced_status=ForcedStatus(
            status=400, method="POST", path_prefix=f"{SLOT}/{known.JONS_ARLIG}"
        )
    )
    delivery = await stack.slack.submit(view_id)
    await stack.settle()
    assert delivery.outcome == "closed"

    [message] = stack.channel()
    text = json.dumps(message.blocks, ensure_ascii=False)
    assert message.edited, "the message was rewritten as results came in"
    assert "Anmälan av 4 till visningen av Götgatan 14" in text
    assert "2 av 4 får plats" in text
    assert "Åsa Öberg – anmäld" in text
    assert "Jöns Ärlig – Vitec svarar:" in text
    assert "Björn Lindström – anmäld" in text
    assert "Erik Johansson – får inte plats" in text
    assert "070" not in text
    assert "@example" not in text

    posts = stack.vitec_requests("POST", SLOT)
    assert sorted(p.path.rpartition("/")[2] for p in posts) == sorted(
        [known.ASA_OBERG, known.JONS_ARLIG, known.BJORN_LINDSTROM]
    ), "no call for the contact that does not fit"
    bookings = [
        b for b in stack.bookings() if b.contact_id in {known.ASA_OBERG, known.BJORN_LINDSTROM}
    ]
    assert len(bookings) == 2
    assert all(b.body["reminderTime"] == 60 and b.body["smsReminder"] for b in bookings)

    rows = await stack.services.ledger.recent(team_id=TEAM, user_id=AGENT)
    assert sorted((r.contact_name, r.status) for r in rows) == [
        ("Björn Lindström", SignupStatus.BOOKED),
        ("Erik Johansson", SignupStatus.REFUSED),
        ("Jöns Ärlig", SignupStatus.REFUSED),
        ("Åsa Öberg", SignupStatus.BOOKED),
    ]
    del already


async def test_a_contact_already_on_the_viewing_is_said_so(stack: Stack) -> None:
    already = booked_on_slot(stack)[0]
    contact = stack.simulator.state.contact(known.SODERMALM, already)
    assert contact is not None
    view_id = await bulk_form(stack, ["Åsa Öberg"])
    found = await stack.slack.suggest(view_id, ActionId.BULK_CONTACTS, contact.full_name)
    assert already in [o["value"] for o in found]
    stack.slack.set_value(view_id, ActionId.BULK_CONTACTS, [known.ASA_OBERG, already])
    await stack.slack.submit(view_id)
    await stack.settle()
    text = json.dumps(stack.channel()[0].blocks, ensure_ascii=False)
    assert "Åsa Öberg – anmäld" in text
    assert "var redan anmäld" in text


async def test_the_same_submission_delivered_again_books_nobody_twice(stack: Stack) -> None:
    view_id = await bulk_form(stack, ["Åsa Öberg", "Björn Lindström"])
    delivery = await stack.slack.submit(view_id)
    await stack.settle()
    payload = copy.deepcopy(delivery.payload)
    again = await deliver(stack, payload)
    await stack.settle()
    assert again.status_code == 200
    assert len(stack.vitec_requests("POST", SLOT)) == 2
    assert len(stack.channel()) == 1, "one message for the submission"
    assert len(await stack.services.ledger.recent(team_id=TEAM, user_id=AGENT)) == 2


async def test_undo_of_one_contact_rewrites_only_that_line(stack: Stack) -> None:
    view_id = await bulk_form(stack, ["Åsa Öberg", "Björn Lindström"])
    await stack.slack.submit(view_id)
    await stack.settle()
    [message] = stack.channel()
    buttons = [
        b["accessory"] for b in message.blocks if b.get("accessory", {}).get("type") == "button"
    ]
    assert [b["text"]["text"] for b in buttons] == ["Ångra Åsa Öberg", "Ångra Björn Lindström"]

    await stack.slack.click(CHANNEL, message.ts, BULK_UNDO_IDS[0], AGENT)
    await stack.settle()
    dialog = stack.modal()
    assert dialog is not None
    await stack.slack.submit(dialog.id)
    await stack.settle()

    [rewritten] = stack.channel()
    text = json.dumps(rewritten.blocks, ensure_ascii=False)
    assert "Åsa Öberg – ångrad" in text
    assert "Björn Lindström – anmäld" in text
    assert [r.path.rpartition("/")[2] for r in stack.vitec_requests("DELETE")] == [known.ASA_OBERG]


async def test_a_full_slot_is_refused_before_anyone_is_booked(stack: Stack) -> None:
    await fill_places(stack, leave=0)
    view_id = await bulk_form(stack, ["Åsa Öberg", "Björn Lindström"])
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "errors"
    [error] = stack.slack.view(view_id).errors.values()
    assert error.startswith("Tiden är fullbokad: ingen av de 2 får plats.")
    assert stack.vitec_requests("POST", SLOT) == []


async def test_no_contact_chosen_cannot_be_sent(stack: Stack) -> None:
    view_id = await bulk_form(stack, [])
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "blocked"
    assert stack.vitec_requests("POST", SLOT) == []


async def test_anmal_fler_keeps_the_choices(stack: Stack) -> None:
    view_id = await bulk_form(stack, ["Åsa Öberg"])
    stack.slack.set_value(view_id, ActionId.REMINDER, "mail:1440")
    stack.slack.set_value(view_id, ActionId.NOTIFY, ["sms_confirmation"])
    await stack.slack.submit(view_id)
    await stack.settle()
    [message] = stack.channel()
    await stack.slack.click(CHANNEL, message.ts, ActionId.BOOK_MORE, AGENT)
    await stack.settle()
    form = stack.modal()
    assert form is not None
    blocks = {b.get("block_id"): b for b in form.view["blocks"]}
    assert blocks[BlockId.REMINDER]["element"]["initial_option"]["value"] == "mail:1440"
    assert [o["value"] for o in blocks[BlockId.NOTIFY]["element"]["initial_options"]] == [
        "sms_confirmation"
    ]


async def test_where_the_bot_is_not_a_member_one_message_comes_at_the_end(stack: Stack) -> None:
    view_id = await bulk_form(stack, ["Åsa Öberg", "Björn Lindström"])
    stack.slack.set_value(view_id, ActionId.CHANNEL, "C0ALLMAN")
    await stack.slack.submit(view_id)
    await stack.settle()
    [message] = stack.channel("C0ALLMAN")
    assert message.via == "response_url"
    text = json.dumps(message.blocks, ensure_ascii=False)
    assert "Åsa Öberg – anmäld" in text
    assert "Björn Lindström – anmäld" in text
    assert "bokar…" not in text

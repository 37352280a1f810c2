"""The heart of the product, end to end: /visning → form → booking in Vitec → message in channel."""

from __future__ import annotations

import json

from bot.ui.form import slot_block_id
from bot.ui.ids import ActionId, BlockId, CallbackId
from devtools.simulator import known
from tests.scenarios.conftest import AGENT, CHANNEL, Stack


async def fill_form(stack: Stack, *, estate: str = "götgatan", contact: str = "Åsa Öberg") -> str:
    """Open the form and pick estate, slot and contact by typing, as an agent would."""
    view = await stack.open_form()
    options = await stack.slack.suggest(view.id, ActionId.ESTATE, estate)
    await stack.slack.select(view.id, ActionId.ESTATE, options[0]["value"])
    await stack.settle()
    contacts = await stack.slack.suggest(view.id, ActionId.CONTACT, contact)
    assert contacts, f"no contact offered for {contact!r}"
    stack.slack.set_value(view.id, ActionId.CONTACT, contacts[0]["value"])
    return view.id


async def test_an_agent_books_a_contact_and_the_channel_sees_it(stack: Stack) -> None:
    view = await stack.open_form()
    assert view.view["callback_id"] == CallbackId.SIGNUP
    assert not stack.vitec_requests(prefix="/Viewing"), "the form opens without asking Vitec"

    estates = await stack.slack.suggest(view.id, ActionId.ESTATE, "götg")
    assert (estates[0]["text"]["text"], estates[0]["value"]) == (
        "Götgatan 14, Södermalm · 2468-1134",
        known.ESTATE_ID,
    )
    await stack.slack.select(view.id, ActionId.ESTATE, known.ESTATE_ID)
    await stack.settle()
    form = stack.slack.view(view.id)
    slot_block = next(b for b in form.blocks if b.get("block_id") == slot_block_id(known.ESTATE_ID))
    assert slot_block["element"]["initial_option"]["value"].startswith(
        f"{known.VIEWING_ID}/{known.SLOT_ID}/"
    )
    assert slot_block["element"]["initial_option"]["text"]["text"].endswith("8 platser kvar")

    hint = await stack.slack.suggest(view.id, ActionId.CONTACT, "Åsa")
    assert [o["text"]["text"] for o in hint] == [
        "Skriv 2 tecken till för att söka på namn",
        "Kort efternamn? Skriv förnamn och efternamn, t.ex. Eva Ek",
    ]
    contacts = await stack.slack.suggest(view.id, ActionId.CONTACT, "Åsa Öberg")
    assert contacts[0]["value"] == known.ASA_OBERG
    assert contacts[0]["text"]["text"] == "Åsa Öberg · 070-••• •• 67"
    stack.slack.set_value(view.id, ActionId.CONTACT, known.ASA_OBERG)
    stack.slack.set_value(view.id, ActionId.REMINDER, "sms:60")
    stack.slack.set_value(view.id, ActionId.NOTIFY, ["mail_confirmation"])
    stack.slack.set_value(view.id, ActionId.MESSAGE, "Vill gärna se förrådet.")

    before = len(stack.simulator.state.requests)
    delivery = await stack.slack.submit(view.id)
    await stack.settle()

    during = stack.vitec_requests()[before:]
    assert [(r.method, r.path, r.status) for r in during] == [
        ("GET", f"/ViewingParticipant/{known.SODERMALM}/{known.ASA_OBERG}/{known.VIEWING_ID}", 200),
        (
            "POST",
            f"/Viewing/{known.SODERMALM}/{known.VIEWING_ID}/{known.SLOT_ID}/Participant/{known.ASA_OBERG}",
            204,
        ),
    ]
    assert delivery.status == 200
    assert delivery.outcome == "closed"
    assert stack.modal() is None
    [booking] = stack.bookings()
    assert (booking.customer_id, booking.viewing_id, booking.time_slot_id, booking.contact_id) == (
        known.SODERMALM,
        known.VIEWING_ID,
        known.SLOT_ID,
        known.ASA_OBERG,
    )
    assert booking.body == {
        "participated": False,
        "reminderTime": 60,
        "smsReminder": True,
        "mailConfirmation": True,
        "smsConfirmation": False,
        "contactMessage": "Vill gärna se förrådet.",
        "options": {"isDeadlineValidationEnabled": True, "enableBookingLimitValidation": True},
    }
    [message] = stack.channel()
    assert message.via == "response_url"
    assert message.text.startswith("Åsa Öberg är anmäld till visningen av Götgatan 14, ")
    shown = json.dumps(message.blocks, ensure_ascii=False)
    assert "1 timme före, via SMS" in shown
    assert f"Anmäld av <@{AGENT}>" in shown
    assert "070" not in shown, "no phone number in the channel"
    assert "@example" not in shown, "no e-mail address in the channel"


async def test_the_booking_is_visible_in_vitec_afterwards(stack: Stack) -> None:
    view_id = await fill_form(stack)
    await stack.slack.submit(view_id)
    await stack.settle()
    follow_up = await stack.services.vitec.participant_follow_up(
        known.SODERMALM, known.ASA_OBERG, known.VIEWING_ID
    )
    assert [r.time_slot_id for r in follow_up] == [known.SLOT_ID]


async def test_a_reminder_by_e_mail_is_sent_without_sms(stack: Stack) -> None:
    view_id = await fill_form(stack)
    stack.slack.set_value(view_id, ActionId.REMINDER, "mail:1440")
    await stack.slack.submit(view_id)
    await stack.settle()
    [booking] = stack.bookings()
    assert (booking.body["reminderTime"], booking.body["smsReminder"]) == (1440, False)
    assert "1 dag före, via e-post" in json.dumps(stack.channel()[0].blocks, ensure_ascii=False)


async def test_a_hint_chosen_as_the_contact_is_refused_inline_and_nothing_is_booked(
    stack: Stack,
) -> None:
    view_id = await fill_form(stack)
    await stack.slack.suggest(view_id, ActionId.CONTACT, "Berg")
    stack.slack.set_value(view_id, ActionId.CONTACT, "~hint2")
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "errors"
    assert stack.slack.view(view_id).errors == {
        BlockId.CONTACT: (
            "Det du valde är en upplysning, ingen kontakt. Sök igen och välj en kontakt i listan."
        ),
    }
    assert stack.vitec_requests("POST", "/Viewing") == []
    assert stack.channel() == []


async def test_a_short_surname_is_found_with_the_first_name(stack: Stack) -> None:
    view = await stack.open_form()
    contacts = await stack.slack.suggest(view.id, ActionId.CONTACT, "åsa öb")
    assert [c["value"] for c in contacts] == [known.ASA_OBERG]
    namesakes = await stack.slack.suggest(view.id, ActionId.CONTACT, "Erik Johansson")
    assert {c["value"] for c in namesakes} == {known.ERIK_JOHANSSON_1, known.ERIK_JOHANSSON_2}
    assert all(c["text"]["text"].startswith("Erik Johansson · ") for c in namesakes)


async def test_help_is_an_ephemeral_answer(stack: Stack) -> None:
    await stack.slack.slash_command(AGENT, CHANNEL, text="hjälp")
    await stack.settle()
    [message] = stack.channel(visible_to=AGENT)
    assert message.ephemeral_to == AGENT
    assert "Så anmäler du en kontakt" in message.text
    assert stack.modal() is None

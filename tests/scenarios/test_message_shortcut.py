"""The message shortcut "Anmäl till visning": the form filled from a message, the result in its
thread."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from devtools.playground.slack.records import Message
from devtools.simulator import Faults, NonJson, known
from tests.scenarios.conftest import AGENT, CHANNEL, Stack

RECEPTION = "U0ERIK"
NOT_A_MEMBER = "C0ALLMAN"
SHORTCUT = "visning_message"


def said(
    stack: Stack, text: str, channel_id: str = CHANNEL, *, thread_ts: str | None = None
) -> Message:
    """A colleague writes a message in the channel, as a person does in Slack."""
    channel = stack.slack.world.channels[channel_id]
    return stack.slack.world.post(
        channel, text=text, blocks=[], user=RECEPTION, via="person", thread_ts=thread_ts
    )


async def run_shortcut(stack: Stack, message: Message, channel_id: str = CHANNEL) -> dict[str, Any]:
    delivery = await stack.slack.message_shortcut(AGENT, channel_id, message.ts, SHORTCUT)
    assert delivery.status == 200, delivery
    await stack.settle()
    view = stack.modal()
    assert view is not None, "the form did not open"
    return view.view


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id", "").startswith(block_id))


async def test_the_form_is_filled_from_the_message_and_the_result_lands_in_its_thread(
    stack: Stack,
) -> None:
    message = said(
        stack,
        "Från receptionen: Åsa Öberg (<tel:0701234567|070-123 45 67>) vill gå på visningen "
        "på Götgatan 14 på tisdag kl 17.30.",
    )
    view = await run_shortcut(stack, message)

    estate = block(view, "estate")["element"]["initial_option"]
    assert (estate["value"], estate["text"]["text"]) == (
        known.ESTATE_ID,
        "Götgatan 14, Södermalm · 2468-1134",
    )
    contact = block(view, "contact")["element"]["initial_option"]
    assert contact["value"] == known.ASA_OBERG
    assert contact["text"]["text"].startswith("Åsa Öberg · 070-")
    assert "07012345" not in json.dumps(view), "the form shows a masked phone only"
    assert (
        f"tråden till meddelandet i <#{CHANNEL}>"
        in block(view, "thread_note")["elements"][0]["text"]
    )
    assert not [b for b in view["blocks"] if b.get("block_id") == "channel"]

    modal = stack.modal()
    assert modal is not None
    delivery = await stack.slack.submit(modal.id)
    await stack.settle()
    assert (delivery.status, delivery.outcome) == (200, "closed")

    [booking] = stack.bookings()
    assert booking.contact_id == known.ASA_OBERG
    original, reply = stack.channel()
    assert original.ts == message.ts
    assert reply.thread_ts == message.ts
    assert reply.text.startswith("Åsa Öberg är anmäld")
    searches = await stack.services.ledger.audit.since(stack.services.clock() - timedelta(hours=1))
    [shown] = [e for e in searches if e.action == "search"]
    assert (shown.user_id, shown.contact_ids) == (AGENT, (known.ASA_OBERG,))


async def test_a_reply_in_a_thread_is_answered_in_that_thread_even_where_the_bot_is_no_member(
    stack: Stack,
) -> None:
    parent = said(stack, "Visning på 2468-1134", NOT_A_MEMBER)
    reply = said(stack, "Kontakt: asa.oberg@example.com", NOT_A_MEMBER, thread_ts=parent.ts)
    view = await run_shortcut(stack, reply, NOT_A_MEMBER)
    # This message names no estate: the agent chooses it, and the slot, in the form.
    assert "initial_option" not in block(view, "estate")["element"]
    assert block(view, "contact")["element"]["initial_option"]["value"] == known.ASA_OBERG

    modal = stack.modal()
    assert modal is not None
    options = await stack.slack.suggest(modal.id, "estate_select", "götgatan 14")
    await stack.slack.select(modal.id, "estate_select", options[0]["value"])
    await stack.settle()
    await stack.slack.submit(modal.id)
    await stack.settle()

    posted = [m for m in stack.channel(NOT_A_MEMBER) if m.user != RECEPTION]
    [answer] = posted
    assert (answer.thread_ts, answer.via) == (parent.ts, "response_url")
    assert answer.text.startswith("Åsa Öberg är anmäld")


async def test_a_message_naming_two_contacts_or_none_chooses_nobody_and_says_why(
    stack: Stack,
) -> None:
    two = said(stack, "Åsa 070-123 45 67 eller Märta marta.s@example.com, Götgatan 14")
    view = await run_shortcut(stack, two)
    assert "initial_option" not in block(view, "contact")["element"]
    note = block(view, "contact_note")["elements"][0]["text"]
    assert note.startswith("Meddelandet nämner 2 kontakter")

    modal = stack.modal()
    assert modal is not None
    await stack.slack.close_view(modal.id)
    nobody = said(stack, "Ring 070-999 99 99 om Götgatan 14 " + "bla " * 2000)
    view = await run_shortcut(stack, nobody)
    assert "initial_option" not in block(view, "contact")["element"]
    assert block(view, "contact_note")["elements"][0]["text"].startswith("Ingen kontakt i Vitec")
    assert block(view, "estate")["element"]["initial_option"]["value"] == known.ESTATE_ID


async def test_vitec_answering_html_leaves_the_contact_to_the_agent(stack: Stack) -> None:
    stack.simulator.state.faults = Faults(non_json=NonJson(path_prefix="Contacts/GetContacts"))
    message = said(stack, "asa.oberg@example.com vill gå på Götgatan 14")
    view = await run_shortcut(stack, message)
    assert "initial_option" not in block(view, "contact")["element"]
    assert "kunde inte sökas fram" in block(view, "contact_note")["elements"][0]["text"]

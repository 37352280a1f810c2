"""After the booking: where the result lands, undo, book more, history, and who reads what."""

from __future__ import annotations

import json

import pytest

from bot.ui.form import slot_block_id
from bot.ui.ids import ActionId, BlockId, CallbackId
from devtools.playground.slack.records import OpenView
from devtools.simulator import Faults, ForcedStatus, known
from tests.scenarios.conftest import AGENT, CHANNEL, Stack

ERIK = "U0ERIK"
JOHN = "U0JOHN"
NOT_A_MEMBER = "C0ALLMAN"


async def book(stack: Stack, channel_id: str = CHANNEL) -> None:
    view = await stack.open_form(channel_id=channel_id)
    options = await stack.slack.suggest(view.id, ActionId.ESTATE, "götgatan")
    await stack.slack.select(view.id, ActionId.ESTATE, options[0]["value"])
    await stack.settle()
    contacts = await stack.slack.suggest(view.id, ActionId.CONTACT, "Åsa Öberg")
    stack.slack.set_value(view.id, ActionId.CONTACT, contacts[0]["value"])
    await stack.slack.submit(view.id)
    await stack.settle()


async def test_the_result_reaches_a_channel_the_bot_is_not_in(stack: Stack) -> None:
    await book(stack, NOT_A_MEMBER)
    [message] = stack.channel(NOT_A_MEMBER)
    assert message.via == "response_url"
    assert message.ephemeral_to is None
    assert message.text.startswith("Åsa Öberg är anmäld")
    assert not [c for c in stack.slack.api_calls if c.method == "chat.postMessage"]


async def confirm_undo(stack: Stack, user_id: str = AGENT) -> OpenView:
    """Answer the undo question with "Ta bort"."""
    dialog = stack.modal(user_id)
    assert dialog is not None
    assert dialog.view["callback_id"] == CallbackId.UNDO_CONFIRM
    delivery = await stack.slack.submit(dialog.id)
    assert (delivery.status, delivery.outcome) == (200, "closed")
    await stack.settle()
    return dialog


async def test_undo_removes_the_participant_and_rewrites_the_message(stack: Stack) -> None:
    await book(stack)
    [message] = stack.channel()
    delivery = await stack.slack.click(CHANNEL, message.ts, ActionId.UNDO, AGENT)
    await stack.settle()
    assert delivery.status == 200
    assert stack.vitec_requests("DELETE") == [], "nothing is removed before the agent confirms"
    dialog = await confirm_undo(stack)
    assert dialog.view["title"]["text"] == "Ångra anmälan?"
    assert "*Åsa Öberg* tas bort från visningen av *Götgatan 14*" in json.dumps(
        dialog.view["blocks"], ensure_ascii=False
    )
    [booking] = stack.simulator.state.bookings
    assert booking.removed_at is not None
    deletes = stack.vitec_requests("DELETE")
    assert [r.path for r in deletes] == [
        f"/Viewing/{known.SODERMALM}/{known.VIEWING_ID}/{known.SLOT_ID}/Participant/{known.ASA_OBERG}"
    ]
    [rewritten] = stack.channel()
    assert rewritten.ts == message.ts
    assert f"ångrades av <@{AGENT}>" in rewritten.text
    assert ActionId.UNDO not in json.dumps(rewritten.blocks)
    [row] = await stack.services.ledger.recent(team_id="T0VISNING", user_id=AGENT)
    assert row.status == "removed"


async def test_only_the_booking_agent_can_undo(stack: Stack) -> None:
    await book(stack)
    [message] = stack.channel()
    await stack.slack.click(CHANNEL, message.ts, ActionId.UNDO, ERIK)
    await stack.settle()
    assert stack.modal(ERIK) is None, "no dialog for someone who may not undo"
    assert stack.vitec_requests("DELETE") == []
    notes = [m for m in stack.channel(visible_to=ERIK) if m.ephemeral_to == ERIK]
    assert [n.text for n in notes] == [
        f"Bara <@{AGENT}>, som gjorde anmälan, kan ångra den – be hen om det."
    ]
    assert stack.channel()[0].text == message.text


async def test_another_agent_is_answered_in_their_own_language(stack: Stack) -> None:
    await book(stack)
    [message] = stack.channel()
    await stack.slack.click(CHANNEL, message.ts, ActionId.UNDO, JOHN)
    await stack.settle()
    notes = [m for m in stack.channel(visible_to=JOHN) if m.ephemeral_to == JOHN]
    assert [n.text for n in notes] == [
        f"Only <@{AGENT}>, who made the booking, can undo it – ask them to."
    ]


async def test_an_undo_vitec_cannot_carry_out_says_what_happened(stack: Stack) -> None:
    await book(stack)
    [message] = stack.channel()
    await stack.slack.click(CHANNEL, message.ts, ActionId.UNDO, AGENT)
    await stack.settle()
    stack.simulator.state.faults = Faults(
        forced_status=ForcedStatus(status=503, count=10, method="DELETE")
    )
    await confirm_undo(stack)
    notes = [m for m in stack.channel(visible_to=AGENT) if m.ephemeral_to == AGENT]
    assert [n.text for n in notes] == [
        "Anmälan kunde inte ångras. Vitec svarade inte i tid, så det är oklart om anmälan "
        "togs bort. Kontrollera visningen i Vitec innan du försöker igen."
    ]
    assert stack.channel()[0].text == message.text


async def test_an_undo_with_the_wrong_password_says_the_booking_is_still_there(
    stack: Stack,
) -> None:
    await book(stack)
    [message] = stack.channel()
    await stack.slack.click(CHANNEL, message.ts, ActionId.UNDO, AGENT)
    await stack.settle()
    stack.simulator.state.set_password(known.SODERMALM, "rotated-elsewhere")
    await confirm_undo(stack)
    notes = [m for m in stack.channel(visible_to=AGENT) if m.ephemeral_to == AGENT]
    assert [n.text for n in notes] == [
        "Anmälan kunde inte ångras. Anmälan finns kvar i Vitec. visningsbot kommer inte in i "
        "Vitec — be den som administrerar boten kontrollera inloggningen."
    ]


async def test_book_more_opens_the_form_on_the_same_slot(stack: Stack) -> None:
    await book(stack)
    [message] = stack.channel()
    await stack.slack.click(CHANNEL, message.ts, ActionId.BOOK_MORE, ERIK)
    await stack.settle()
    view = stack.modal(ERIK)
    assert view is not None
    estate = next(b for b in view.blocks if b.get("block_id") == BlockId.ESTATE)
    assert estate["element"]["initial_option"]["value"] == known.ESTATE_ID
    slot = next(b for b in view.blocks if b.get("block_id") == slot_block_id(known.ESTATE_ID))
    assert slot["element"]["initial_option"]["value"].startswith(
        f"{known.VIEWING_ID}/{known.SLOT_ID}/"
    )


@pytest.mark.parametrize("text", ["2468-1134", "Götgatan 14", "götgatan 14"])
async def test_the_command_text_preselects_the_estate(stack: Stack, text: str) -> None:
    view = await stack.open_form(text=text)
    estate = next(b for b in view.blocks if b.get("block_id") == BlockId.ESTATE)
    assert estate["element"]["initial_option"]["value"] == known.ESTATE_ID
    assert any(b.get("block_id") == slot_block_id(known.ESTATE_ID) for b in view.blocks)
    assert all(b.get("block_id") != BlockId.ESTATE_NOTE for b in view.blocks)


@pytest.mark.parametrize(
    ("text", "note"),
    [
        (
            "Storgatan 99",
            "Inget objekt matchar ”Storgatan 99”. Sök på adress eller objektnummer nedan.",
        ),
        (
            "Gotgtan 14",
            "Inget objekt matchar ”Gotgtan 14”. Menade du *Götgatan 14*? Sök på det nedan.",
        ),
        ("Swedenborgsgatan", "”Swedenborgsgatan” passar flera objekt. Välj rätt objekt i"),
        ("<!channel>", "Inget objekt matchar ”&lt;!channel&gt;”."),
    ],
)
async def test_command_text_that_picks_no_estate_is_answered_in_the_form(
    stack: Stack, text: str, note: str
) -> None:
    view = await stack.open_form(text=text)
    estate = next(b for b in view.blocks if b.get("block_id") == BlockId.ESTATE)
    assert "initial_option" not in estate["element"]
    [shown] = [b for b in view.blocks if b.get("block_id") == BlockId.ESTATE_NOTE]
    assert shown["elements"][0]["text"].startswith(note)


async def test_english_speaking_agents_get_english(stack: Stack) -> None:
    await stack.slack.slash_command(JOHN, CHANNEL)
    await stack.settle()
    view = stack.modal(JOHN)
    assert view is not None
    assert view.view["title"]["text"] == "Book a viewing"
    options = await stack.slack.suggest(view.id, ActionId.CONTACT, "Å")
    assert [o["text"]["text"] for o in options] == [
        "Type 4 more characters to search by name",
        "Short surname? Type the first name and surname, e.g. Eva Ek",
    ]


async def test_history_lists_the_agents_bookings_here(stack: Stack) -> None:
    await book(stack)
    await stack.slack.slash_command(AGENT, CHANNEL, text="historik")
    await stack.settle()
    [history] = [m for m in stack.channel(visible_to=AGENT) if m.ephemeral_to == AGENT]
    assert "*Åsa Öberg* – Götgatan 14" in history.text
    assert "_anmäld_" in history.text


async def test_slack_rate_limits_are_retried(stack: Stack) -> None:
    stack.slack.rate_limit("views.open", calls=1, retry_after=0)
    view = await stack.open_form()
    assert view is not None
    opens = [c for c in stack.slack.api_calls if c.method == "views.open"]
    assert [c.ok for c in opens] == [False, True]


async def test_app_home_shows_upcoming_bookings(stack: Stack) -> None:
    await book(stack)
    await stack.services.history.publish_home(team_id="T0VISNING", user_id=AGENT)
    home = stack.slack.home_view(AGENT)
    assert home is not None
    shown = json.dumps(home.view["blocks"], ensure_ascii=False)
    assert "Götgatan 14\\nÅsa Öberg" in shown


async def test_undoing_a_booking_the_bot_no_longer_knows_says_where_to_undo_it(
    stack: Stack,
) -> None:
    message, problem = await stack.services.undo.undo(9999, AGENT, "T0VISNING", "sv")
    assert message is None
    assert problem == (
        "visningsbot minns inte den här anmälan längre, så den kan inte ångras här. "
        "Ta bort den direkt i Vitec."
    )
    assert stack.vitec_requests("DELETE") == []

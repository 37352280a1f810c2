"""After the booking: where the result lands, undo, book more, history, and who reads what."""

from __future__ import annotations

import json

from bot.simulator import known
from bot.ui.form import slot_block_id
from bot.ui.ids import ActionId, BlockId
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


async def test_undo_removes_the_participant_and_rewrites_the_message(stack: Stack) -> None:
    await book(stack)
    [message] = stack.channel()
    delivery = await stack.slack.click(CHANNEL, message.ts, ActionId.UNDO, AGENT)
    await stack.settle()
    assert delivery.status == 200
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
    assert stack.vitec_requests("DELETE") == []
    notes = [m for m in stack.channel(visible_to=ERIK) if m.ephemeral_to == ERIK]
    assert [n.text for n in notes] == [f"Bara <@{AGENT}>, som gjorde anmälan, kan ångra den."]
    assert stack.channel()[0].text == message.text


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


async def test_the_command_text_preselects_the_estate(stack: Stack) -> None:
    view = await stack.open_form(text="2468-1134")
    estate = next(b for b in view.blocks if b.get("block_id") == BlockId.ESTATE)
    assert estate["element"]["initial_option"]["value"] == known.ESTATE_ID
    assert any(b.get("block_id") == slot_block_id(known.ESTATE_ID) for b in view.blocks)


async def test_english_speaking_agents_get_english(stack: Stack) -> None:
    await stack.slack.slash_command(JOHN, CHANNEL)
    await stack.settle()
    view = stack.modal(JOHN)
    assert view is not None
    assert view.view["title"]["text"] == "Book a viewing"
    options = await stack.slack.suggest(view.id, ActionId.CONTACT, "Å")
    assert options[0]["text"]["text"] == "Type 4 more characters to search by name"


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
    await stack.services.forms.publish_home(team_id="T0VISNING", user_id=AGENT)
    home = stack.slack.home_view(AGENT)
    assert home is not None
    shown = json.dumps(home.view["blocks"], ensure_ascii=False)
    assert "Götgatan 14\\nÅsa Öberg" in shown


async def test_undoing_a_booking_the_bot_no_longer_knows_says_where_to_undo_it(
    stack: Stack,
) -> None:
    message, problem = await stack.services.signups.undo(9999, AGENT, "T0VISNING", "sv")
    assert message is None
    assert problem == "visningsbot känner inte till den anmälan längre; ångra den i Vitec."
    assert stack.vitec_requests("DELETE") == []

"""Names as text: what Vitec or an agent typed never becomes a mention, a link or markup."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import replace

import pytest

from bot.domain import EstateEntry
from bot.ui.form import SlotPicker, signup_form
from bot.ui.formatting import escape_mrkdwn
from bot.ui.ids import BlockId
from bot.ui.messages import (
    booking_message,
    history_message,
    home_view,
    refusal_home,
    refusal_modal,
    undone_message,
)
from bot.ui.metadata import FormMetadata
from tests.bot.ui.test_messages import SUMMARY

HOSTILE = "<!channel> <https://evil.example|Bekräfta i BankID> & co"
ESCAPED = "&lt;!channel&gt; &lt;https://evil.example|Bekräfta i BankID&gt; &amp; co"
ADDRESS = "Götgatan 14 <@U0BOSS>"
ADDRESS_ESCAPED = "Götgatan 14 &lt;@U0BOSS&gt;"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("Åsa Öberg", "Åsa Öberg"),
        ("<!here>", "&lt;!here&gt;"),
        ("a & b", "a &amp; b"),
        ("&lt;", "&amp;lt;"),
        ("*fet* _kursiv_", "*fet* _kursiv_"),
        ("", ""),
    ],
)
def test_escaping_replaces_exactly_the_three_characters_slack_reads(value: str, shown: str) -> None:
    assert escape_mrkdwn(value) == shown


HOSTILE_SUMMARY = replace(SUMMARY, contact_name=HOSTILE, address=ADDRESS)


def rendered(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False)


def assert_only_text(shown: str) -> None:
    assert "<!channel>" not in shown
    assert "<https://evil.example" not in shown
    assert "<@U0BOSS>" not in shown


def test_the_confirmation_shows_the_name_and_address_as_text_also_in_the_fallback() -> None:
    message = booking_message(HOSTILE_SUMMARY, "sv")
    shown = rendered(message.blocks)
    assert f"*{ESCAPED}* är anmäld till visningen av *{ADDRESS_ESCAPED}*" in shown
    assert message.text.startswith(f"{ESCAPED} är anmäld till visningen av {ADDRESS_ESCAPED}")
    assert_only_text(shown + message.text)


def test_undo_history_and_app_home_show_names_addresses_and_reasons_as_text() -> None:
    undone = undone_message(HOSTILE_SUMMARY, "sv", "U0AGNETA")
    history = history_message([HOSTILE_SUMMARY], "sv")
    refused = dataclasses.replace(
        HOSTILE_SUMMARY, status="refused", failure="<!everyone> Vitec sa nej"
    )
    home = home_view([HOSTILE_SUMMARY], [refused], "sv")
    shown = rendered([undone.blocks, undone.text, history.blocks, history.text, home])
    assert ESCAPED in shown
    assert "&lt;!everyone&gt; Vitec sa nej" in shown
    assert "<!everyone>" not in shown
    assert_only_text(shown)


def test_an_estate_without_viewings_names_its_address_as_text() -> None:
    meta = FormMetadata(user_id="U0AGNETA", channel_id="C1", customer_id="M30011")
    estate = EstateEntry.build(
        estate_id="OBJ1_1",
        customer_id="M30011",
        street_address=ADDRESS,
        area=None,
        postal_town=None,
        reference_id=None,
        status=None,
    )
    form = signup_form(meta, now=SUMMARY.starts_at, estate=estate, slots=SlotPicker(state="none"))
    [hint] = [b for b in form["blocks"] if b.get("block_id") == BlockId.SLOT_HINT]
    # The estate picker's own label is plain_text, where Slack reads no markup at all.
    assert hint["elements"][0] == {
        "type": "mrkdwn",
        "text": f"*{ADDRESS_ESCAPED}* har inga kommande visningar i Vitec. Välj ett annat objekt, "
        "eller lägg in en visning i Vitec och välj objektet igen.",
    }


def test_refusals_are_a_plain_modal_and_a_home_tab_with_the_reason() -> None:
    modal = refusal_modal("Nej.", "en")
    assert (modal["type"], modal["title"]["text"], modal["close"]["text"]) == (
        "modal",
        "No access",
        "Close",
    )
    assert "submit" not in modal
    assert modal["blocks"][0]["text"]["text"] == "Nej."
    home = refusal_home("Nej.", "sv")
    assert home["type"] == "home"
    assert [b["type"] for b in home["blocks"]] == ["header", "section"]

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.domain import ReminderChoice
from bot.ui.ids import ActionId
from bot.ui.messages import (
    BookingSummary,
    BookMore,
    book_more_ids,
    booking_message,
    history_message,
    home_view,
    undone_message,
)
from devtools.playground.slack.validation import message_problems, view_problems

SUMMARY = BookingSummary(
    signup_id=42,
    user_id="U0AGNETA",
    contact_name="Åsa Öberg",
    address="Götgatan 14",
    estate_id="OBJ11385_1395932274",
    viewing_id="VIS1",
    time_slot_id="TS1",
    starts_at=datetime(2026, 12, 5, 12, 0, tzinfo=UTC),
    ends_at=datetime(2026, 12, 5, 12, 45, tzinfo=UTC),
    reminder=ReminderChoice.HOUR_1,
    sms_reminder=True,
    mail_confirmation=True,
    sms_confirmation=False,
    participated=False,
    status="booked",
)


def test_the_confirmation_names_contact_place_time_choices_and_agent() -> None:
    message = booking_message(SUMMARY, "sv")
    assert message_problems(message.blocks) == []
    text = json.dumps(message.blocks, ensure_ascii=False)
    assert "*Åsa Öberg* är anmäld till visningen av *Götgatan 14*" in text
    assert "lör 5 dec 13:00–13:45" in text
    assert "1 timme före, via SMS" in text
    assert "*Bekräftelse:* e-post" in text
    assert "Anmäld av <@U0AGNETA>" in text
    assert (
        message.text == "Åsa Öberg är anmäld till visningen av Götgatan 14, lör 5 dec 13:00–13:45"
    )


def test_the_confirmation_offers_undo_and_book_more_for_the_same_slot() -> None:
    actions = booking_message(SUMMARY, "sv").blocks[-1]["elements"]
    undo, more, who = actions
    assert (who["action_id"], who["value"]) == (ActionId.WHO, "OBJ11385_1395932274/VIS1/TS1")
    assert (undo["action_id"], undo["value"]) == (ActionId.UNDO, "42")
    # No confirm dialog in the message: everyone would see it in the booker's language.
    assert "confirm" not in undo
    assert (more["action_id"], more["value"]) == (
        ActionId.BOOK_MORE,
        "OBJ11385_1395932274/VIS1/TS1/42",
    )


def test_book_more_reads_back_the_ids_its_button_carries() -> None:
    [_, more, _] = booking_message(SUMMARY, "sv").blocks[-1]["elements"]
    assert book_more_ids(more["value"]) == BookMore("OBJ11385_1395932274", "VIS1", "TS1", 42)
    # Buttons posted before the booking's choices travelled with them still open the form.
    assert book_more_ids("OBJ1/VIS1/TS1") == BookMore("OBJ1", "VIS1", "TS1", None)


@pytest.mark.parametrize(
    "value", [None, "", "OBJ1/VIS1", "OBJ1/VIS1/TS1/x", "OBJ1/../TS1", "OBJ1/VIS1/TS 1"]
)
def test_book_more_takes_no_value_it_did_not_make(value: str | None) -> None:
    assert book_more_ids(value) is None


def test_an_already_booked_contact_gets_no_undo_button() -> None:
    actions = booking_message(SUMMARY, "sv", already=True).blocks[-1]["elements"]
    assert [a["action_id"] for a in actions] == [ActionId.BOOK_MORE, ActionId.WHO]


def test_english_confirmation() -> None:
    text = json.dumps(booking_message(SUMMARY, "en").blocks)
    assert "is booked for the viewing of" in text
    assert "Sat 5 Dec 13:00" in text


def test_undone_message_replaces_the_confirmation_without_buttons() -> None:
    message = undone_message(SUMMARY, "sv", "U0AGNETA")
    assert message_problems(message.blocks) == []
    assert "ångrades av <@U0AGNETA>" in message.text
    assert all(b["type"] != "actions" for b in message.blocks)


def test_history_lists_status_and_handles_empty() -> None:
    assert "inte gjort några anmälningar" in history_message([], "sv").text
    text = history_message([SUMMARY], "sv").text
    assert "*Åsa Öberg* – Götgatan 14" in text
    assert "_anmäld_" in text


def test_a_reminder_by_e_mail_says_so() -> None:
    by_mail = replace(SUMMARY, sms_reminder=False)
    assert "*Påminnelse:* 1 timme före, via e-post" in json.dumps(
        booking_message(by_mail, "sv").blocks, ensure_ascii=False
    )


FAILED = replace(
    SUMMARY,
    status="refused",
    failure="Visningstiden är fullbokad.",
    attempted_at=datetime(2026, 12, 3, 13, 2, tzinfo=UTC),
    customer_id="M30011",
)


@pytest.mark.parametrize(
    ("failure", "status", "language", "reason"),
    [
        (
            "Visningstiden är fullbokad.",
            "refused",
            "sv",
            "Vitec svarar: ”Visningstiden är fullbokad.”",
        ),
        (
            "Visningstiden är fullbokad.",
            "refused",
            "en",
            "Vitec says (in Swedish): “Visningstiden är fullbokad.”",
        ),
        ("", "refused", "sv", "Vitec angav inget skäl."),
        ("401", "failed", "sv", "visningsbot kommer inte in i Vitec — be den som administrerar"),
        ("403", "failed", "en", "Vitec denies visningsbot access to office M30011."),
        ("404", "refused", "sv", "Vitec hittade inte visningen, tiden eller kontakten."),
        ("HTTP 503", "failed", "sv", "Vitec svarar inte som det ska just nu (serverfel 503)."),
        ("Timeout", "unknown", "sv", "Vitec svarade inte i tid; visningsbot kontrollerar"),
        ("ConnectError", "failed", "en", "(no connection)"),
        ("ingen anslutning", "failed", "sv", "(ingen anslutning)"),
        ("ej i Vitec", "failed", "sv", "Vitec visade ingen anmälan när det kontrollerades"),
        ("not in Vitec", "failed", "en", "Vitec showed no booking when it was checked"),
        ("ledger late", "failed", "en", "visningsbot could not save the booking in time"),
        # Rows written before the ledger kept codes only: never shown as Vitec's words.
        ("databasen svarade inte", "failed", "en", "could not save the booking in time"),
        ("Error", "failed", "sv", "Vitec svarar inte som det ska just nu (okänt fel)"),
    ],
)
def test_history_says_when_and_why_a_booking_failed(
    failure: str, status: str, language: str, reason: str
) -> None:
    summary = replace(FAILED, failure=failure, status=status)
    text = history_message([summary], language).text
    when = "3 dec 14:02" if language == "sv" else "3 Dec 14:02"
    assert f"{when}: " in text
    assert reason in text
    assert "HTTP" not in text


def test_home_view_is_valid_with_and_without_bookings() -> None:
    assert view_problems(home_view([], [], "sv")) == []
    full = home_view([SUMMARY] * 30, [FAILED] * 30, "en")
    assert view_problems(full) == []
    shown = json.dumps(full, ensure_ascii=False)
    assert "_refused_ 3 Dec 14:02: Vitec says (in Swedish): “Visningstiden är fullbokad.”" in shown


def test_vitec_wording_cannot_mention_or_link_in_a_message() -> None:
    sneaky = replace(FAILED, failure="<!channel> <https://evil.example|klicka>")
    text = history_message([sneaky], "sv").text
    assert "<!channel>" not in text
    assert "&lt;!channel&gt;" in text

import json
from datetime import UTC, datetime

from bot.domain import ReminderChoice
from bot.playground.slack.validation import message_problems, view_problems
from bot.ui.ids import ActionId
from bot.ui.messages import (
    BookingSummary,
    booking_message,
    history_message,
    home_view,
    undone_message,
)

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


def test_the_confirmation_offers_undo_with_a_confirm_and_book_more_for_the_same_slot() -> None:
    actions = booking_message(SUMMARY, "sv").blocks[-1]["elements"]
    undo, more = actions
    assert (undo["action_id"], undo["value"]) == (ActionId.UNDO, "42")
    assert undo["confirm"]["title"]["text"] == "Ångra anmälan?"
    assert (more["action_id"], more["value"]) == (
        ActionId.BOOK_MORE,
        "OBJ11385_1395932274/VIS1/TS1",
    )


def test_an_already_booked_contact_gets_no_undo_button() -> None:
    actions = booking_message(SUMMARY, "sv", already=True).blocks[-1]["elements"]
    assert [a["action_id"] for a in actions] == [ActionId.BOOK_MORE]


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


def test_home_view_is_valid_with_and_without_bookings() -> None:
    assert view_problems(home_view([], [], "sv")) == []
    full = home_view([SUMMARY] * 30, [(SUMMARY, "Tiden är fullbokad")] * 30, "en")
    assert view_problems(full) == []
    assert "Tiden är fullbokad" in json.dumps(full, ensure_ascii=False)

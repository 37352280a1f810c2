from datetime import UTC, datetime, timedelta

import pytest

from bot.ui.formatting import format_slot, format_upcoming, mask_phone, truncate
from bot.ui.texts import EN, SV


def test_slots_read_in_swedish_time_whatever_zone_they_carry() -> None:
    # 11:00 UTC on a Saturday in December is 12:00 in Stockholm.
    start = datetime(2026, 12, 5, 11, 0, tzinfo=UTC)
    end = datetime(2026, 12, 5, 11, 45, tzinfo=UTC)
    assert format_slot(start, end, SV) == "lör 5 dec 12:00–12:45"
    assert format_slot(start, end, EN) == "Sat 5 Dec 12:00–12:45"


def test_summer_time_is_honoured() -> None:
    start = datetime(2026, 7, 4, 11, 0, tzinfo=UTC)
    assert format_slot(start, start, SV).endswith("13:00–13:00")


@pytest.mark.parametrize(
    ("phone", "shown"),
    [
        ("070-123 45 67", "070-••• •• 67"),
        ("+46701234567", "467-••• •• 67"),
        ("123", "••"),
        (None, None),
        ("", None),
    ],
)
def test_phone_numbers_show_only_their_last_two_digits(
    phone: str | None, shown: str | None
) -> None:
    assert mask_phone(phone) == shown


def test_truncate_marks_what_it_cut() -> None:
    assert truncate("abcdef", 4) == "abc…"
    assert truncate("abc", 4) == "abc"


def test_an_upcoming_time_names_the_weekday_and_the_date_only_beyond_a_week() -> None:
    now = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # a Tuesday
    soon = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)  # 17:30 in Stockholm
    assert format_upcoming(soon, now, SV) == "tis 17:30"
    assert format_upcoming(soon + timedelta(days=7), now, SV) == "tis 8 dec 17:30"
    assert format_upcoming(soon, now, EN) == "Tue 17:30"

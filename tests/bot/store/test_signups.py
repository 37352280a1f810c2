"""The values the ledger hands out: idempotency keys and sign-up records."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest

from bot.store import idempotency_key
from tests.bot.store.factories import new_signup


def test_the_same_submission_always_gets_the_same_key() -> None:
    assert idempotency_key("V0ABC", "TS1", "ADR1") == idempotency_key("V0ABC", "TS1", "ADR1")


@pytest.mark.parametrize(
    ("view_id", "time_slot_id", "contact_id"),
    [
        ("V0ABD", "TS1", "ADR1"),
        ("V0ABC", "TS2", "ADR1"),
        ("V0ABC", "TS1", "ADR2"),
        # Shifting characters between parts must not collide.
        ("V0AB", "CTS1", "ADR1"),
        ("V0ABC", "TS1A", "DR1"),
    ],
)
def test_any_other_view_slot_or_contact_gets_another_key(
    view_id: str, time_slot_id: str, contact_id: str
) -> None:
    assert idempotency_key(view_id, time_slot_id, contact_id) != idempotency_key(
        "V0ABC", "TS1", "ADR1"
    )


def test_the_key_fits_its_column_and_reveals_no_id() -> None:
    key = idempotency_key("V0ABC123", "TS0042", "ADR19990101")

    assert len(key) == 64
    assert set(key) <= set("0123456789abcdef")
    assert "0042" not in key
    assert "19990101" not in key


@pytest.mark.parametrize(
    "parts", [("", "TS1", "ADR1"), ("V0ABC", "", "ADR1"), ("V0ABC", "TS1", "")]
)
def test_a_key_needs_every_part(parts: tuple[str, str, str]) -> None:
    with pytest.raises(ValueError, match="all needed"):
        idempotency_key(*parts)


def test_a_new_signup_needs_timezone_aware_slot_times() -> None:
    naive = datetime(2026, 3, 3, 17, 0)  # no zone: the mistake under test

    with pytest.raises(ValueError, match="slot_starts_at must be timezone-aware"):
        new_signup(slot_starts_at=naive)


def test_a_new_signup_slot_must_end_after_it_starts() -> None:
    signup = new_signup()

    with pytest.raises(ValueError, match="after"):
        dataclasses.replace(signup, slot_ends_at=signup.slot_starts_at - timedelta(minutes=1))

"""Test doubles for the ledger's tests: a clock the test moves, and sign-ups to record."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeAlias

from bot.store import NewSignup, idempotency_key

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from bot.store import Ledger

OpenLedger: TypeAlias = "Callable[[], Awaitable[Ledger]]"
"""The `open_ledger` fixture: each call opens another ledger on the test's database."""

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
"""The fake clock's start: a Monday morning before the viewings the sign-ups book."""


class FakeClock:
    """A clock that stands still until the test moves it."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> datetime:
        """Move the clock forward and return the new time."""
        self.now += by
        return self.now


def new_signup(view_id: str = "V0ABC123", contact_id: str = "ADR001", **changes: Any) -> NewSignup:
    """A submission of the sign-up form for a viewing the day after the clock starts."""
    time_slot_id = changes.pop("time_slot_id", "TS001")
    starts_at = changes.pop("slot_starts_at", START + timedelta(days=1, hours=9))
    signup = NewSignup(
        idempotency_key=idempotency_key(view_id, time_slot_id, contact_id),
        team_id="T01",
        user_id="U01",
        channel_id="C01",
        response_url="https://hooks.slack.test/actions/T01/1/abc",
        customer_id="M30011",
        estate_id="OBJ30011_1",
        viewing_id="VIS001",
        time_slot_id=time_slot_id,
        contact_id=contact_id,
        slot_starts_at=starts_at,
        slot_ends_at=starts_at + timedelta(minutes=30),
        contact_name="Anna Svensson",
        estate_address="Storgatan 1, Uppsala",
        booking={
            "participated": False,
            "reminderTime": 60,
            "smsReminder": True,
            "mailConfirmation": True,
            "smsConfirmation": False,
            "contactMessage": "Ring mig på 070-123 45 67",
            "leadSourceId": "LS1",
            "options": {"isDeadlineValidationEnabled": True, "enableBookingLimitValidation": True},
        },
        language="sv",
    )
    return dataclasses.replace(signup, **changes)

"""Retention: personal data leaves the ledger after the retention period; statistics stay."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.store import SignupStatus
from tests.bot.store.factories import new_signup

if TYPE_CHECKING:
    from bot.store import Ledger
    from tests.bot.store.factories import FakeClock, OpenLedger

LEASE = timedelta(seconds=30)
RETENTION = timedelta(days=90)
NON_PERSONAL_BOOKING = {
    "participated": False,
    "reminderTime": 60,
    "smsReminder": True,
    "mailConfirmation": True,
    "smsConfirmation": False,
    "leadSourceId": "LS1",
    "options": {"isDeadlineValidationEnabled": True, "enableBookingLimitValidation": True},
}


async def test_purge_blanks_personal_data_and_keeps_what_statistics_need(
    ledger: Ledger, clock: FakeClock
) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    booked = await ledger.finish(signup.id, SignupStatus.BOOKED, message="Anna Svensson anmäld")
    clock.advance(RETENTION + timedelta(seconds=1))

    assert await ledger.purge(older_than=RETENTION) == 1

    purged = await ledger.get(signup.id)
    assert purged is not None
    assert purged.purged
    assert purged.contact_name is None
    assert purged.response_url is None
    assert purged.vitec_message is None
    assert purged.booking == NON_PERSONAL_BOOKING
    kept = [
        *("id", "idempotency_key", "team_id", "user_id", "channel_id", "customer_id"),
        *("estate_id", "viewing_id", "time_slot_id", "contact_id", "estate_address", "status"),
        *("attempts", "slot_starts_at", "slot_ends_at", "created_at", "finished_at"),
    ]
    assert {name: getattr(purged, name) for name in kept} == {
        name: getattr(booked, name) for name in kept
    }


async def test_purge_leaves_personal_data_nowhere_in_the_row(
    database_url: str, ledger: Ledger, clock: FakeClock
) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    await ledger.finish(signup.id, SignupStatus.REFUSED, message="Anna Svensson är redan anmäld")
    clock.advance(RETENTION * 2)
    await ledger.purge(older_than=RETENTION)

    # Read the stored row as text, the way someone reading a backup would.
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            row = (await connection.execute(text("SELECT * FROM signups"))).one()
    finally:
        await engine.dispose()

    stored = " ".join(str(value) for value in row)
    assert "Anna" not in stored
    assert "123 45 67" not in stored
    assert "hooks.slack" not in stored


async def test_purge_waits_for_the_retention_period_counted_from_the_outcome(
    ledger: Ledger, clock: FakeClock
) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    clock.advance(timedelta(days=10))
    await ledger.finish(signup.id, SignupStatus.UNKNOWN)
    clock.advance(timedelta(days=1))
    await ledger.finish(signup.id, SignupStatus.BOOKED)

    clock.advance(RETENTION)
    assert await ledger.purge(older_than=RETENTION) == 0
    clock.advance(timedelta(microseconds=1))
    assert await ledger.purge(older_than=RETENTION) == 1


async def test_an_attempt_that_never_finished_is_purged_from_its_creation_and_left_alone(
    ledger: Ledger, clock: FakeClock
) -> None:
    await ledger.begin(new_signup(), worker="dead", lease=LEASE)
    clock.advance(RETENTION * 2)

    assert await ledger.purge(older_than=RETENTION) == 1
    # No reconciliation could report it any more: the agent's display strings are gone.
    assert await ledger.claim_stale(worker="web-1", lease=LEASE) == []


async def test_purge_is_idempotent(ledger: Ledger, clock: FakeClock) -> None:
    for n in range(3):
        signup, _ = await ledger.begin(new_signup(contact_id=f"ADR{n}"), worker="w", lease=LEASE)
        await ledger.finish(signup.id, SignupStatus.BOOKED)
    clock.advance(RETENTION * 2)

    assert await ledger.purge(older_than=RETENTION) == 3
    after_first = await ledger.recent(team_id="T01", user_id="U01")
    clock.advance(timedelta(days=1))
    assert await ledger.purge(older_than=RETENTION) == 0
    assert await ledger.recent(team_id="T01", user_id="U01") == after_first


async def test_purge_works_through_more_rows_than_one_batch(
    ledger: Ledger, clock: FakeClock
) -> None:
    for n in range(250):
        await ledger.begin(new_signup(contact_id=f"ADR{n:04}"), worker="dead", lease=LEASE)
    clock.advance(RETENTION * 2)

    assert await ledger.purge(older_than=RETENTION) == 250
    assert await ledger.purge(older_than=RETENTION) == 0


async def test_two_processes_purging_at_once_purge_each_row_once(
    open_ledger: OpenLedger, clock: FakeClock
) -> None:
    one, two = await open_ledger(), await open_ledger()
    for n in range(30):
        await one.begin(new_signup(contact_id=f"ADR{n:03}"), worker="dead", lease=LEASE)
    clock.advance(RETENTION * 2)

    counts = await asyncio.gather(one.purge(older_than=RETENTION), two.purge(older_than=RETENTION))

    assert sum(counts) == 30
    assert all(signup.purged for signup in await one.recent(team_id="T01", user_id="U01", limit=30))


async def test_purge_keeps_recent_attempts_whole(ledger: Ledger, clock: FakeClock) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    finished = await ledger.finish(signup.id, SignupStatus.BOOKED)
    clock.advance(RETENTION - timedelta(days=1))

    assert await ledger.purge(older_than=RETENTION) == 0
    assert await ledger.get(signup.id) == finished

"""Times go in aware and come out aware, in UTC, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.store import Ledger, SignupStatus
from tests.bot.store.factories import FakeClock, new_signup

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LEASE = timedelta(seconds=30)


async def test_times_come_back_aware_in_utc_at_the_same_instant(ledger: Ledger) -> None:
    # 17:00 in Stockholm on a summer evening is 15:00 UTC.
    starts_at = datetime(2026, 6, 10, 17, 0, 0, 123456, tzinfo=STOCKHOLM)

    signup, _ = await ledger.begin(
        new_signup(slot_starts_at=starts_at), worker="web-1", lease=LEASE
    )
    stored = await ledger.get(signup.id)

    assert stored is not None
    for value in (stored.slot_starts_at, stored.slot_ends_at, stored.created_at):
        assert value.tzinfo is UTC
    assert stored.slot_starts_at == starts_at
    assert stored.slot_starts_at.hour == 15
    assert stored.slot_starts_at.microsecond == 123456


async def test_a_clock_in_another_zone_is_read_as_the_same_instant(
    database_url: str,
) -> None:
    local = FakeClock(datetime(2026, 1, 15, 9, 0, tzinfo=STOCKHOLM))
    async with await Ledger.open(database_url, clock=local) as ledger:
        signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)

        assert signup.created_at == datetime(2026, 1, 15, 8, 0, tzinfo=UTC)
        assert signup.created_at.tzinfo is UTC


async def test_lease_expiry_compares_instants_not_wall_clock_text(
    database_url: str,
) -> None:
    # Stored as text on SQLite: only a common zone keeps text order and time order the same.
    clock = FakeClock(datetime(2026, 1, 15, 9, 0, tzinfo=STOCKHOLM))
    async with await Ledger.open(database_url, clock=clock) as ledger:
        await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
        clock.now = (clock.now + LEASE - timedelta(seconds=1)).astimezone(UTC)

        assert await ledger.claim_stale(worker="web-2", lease=LEASE) == []


async def test_sqlite_stores_the_utc_wall_clock(sqlite_url: str) -> None:
    starts_at = datetime(2026, 6, 10, 17, 0, tzinfo=STOCKHOLM)
    async with await Ledger.open(sqlite_url) as ledger:
        await ledger.begin(new_signup(slot_starts_at=starts_at), worker="web-1", lease=LEASE)

    engine = create_async_engine(sqlite_url)
    try:
        async with engine.connect() as connection:
            raw = (await connection.execute(text("SELECT slot_starts_at FROM signups"))).scalar()
    finally:
        await engine.dispose()

    assert raw == "2026-06-10 15:00:00.000000"


async def test_a_clock_without_a_zone_is_refused(database_url: str) -> None:
    naive = FakeClock(datetime(2026, 1, 15, 9, 0))  # no zone: the mistake under test
    async with await Ledger.open(database_url, clock=naive) as ledger:
        with pytest.raises(ValueError, match="timezone-aware"):
            await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
        with pytest.raises(ValueError, match="timezone-aware"):
            await ledger.finish(1, SignupStatus.BOOKED)

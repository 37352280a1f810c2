"""On SQLite, the writes of one process take turns in the process, not in SQLite's busy handler."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.store import Ledger, SignupStatus, engine
from tests.bot.store.factories import new_signup


async def test_a_burst_of_writes_never_meets_a_locked_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With no patience at all in SQLite, any two connections writing at once would fail.
    monkeypatch.setattr(engine, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.0)
    ledger = await Ledger.open(f"sqlite+aiosqlite:///{tmp_path / 'l.sqlite3'}")

    async def book(n: int) -> None:
        signup, _ = await ledger.begin(
            new_signup(contact_id=f"ADR{n:03}"), worker="w", lease=timedelta(minutes=1)
        )
        await ledger.finish(signup.id, SignupStatus.BOOKED, worker="w")
        await ledger.mark_notified(signup.id)

    try:
        await asyncio.gather(*(book(n) for n in range(60)))
        assert len(await ledger.recent(team_id="T01", user_id="U01", limit=100)) == 60
    finally:
        await ledger.close()


async def test_commits_sync_at_checkpoints_in_wal_mode(tmp_path: Path) -> None:
    sqlite_engine = await engine.create_engine(f"sqlite+aiosqlite:///{tmp_path / 'l.sqlite3'}")
    try:
        async with sqlite_engine.connect() as connection:
            journal = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
            synchronous = (await connection.execute(text("PRAGMA synchronous"))).scalar()
    finally:
        await sqlite_engine.dispose()
    assert (journal, synchronous) == ("wal", 1)  # 1 is NORMAL


async def test_a_booking_write_waits_for_another_process_lock_without_blocking_the_loop(
    tmp_path: Path,
) -> None:
    path = tmp_path / "l.sqlite3"
    ledger = await Ledger.open(f"sqlite+aiosqlite:///{path}")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a process that holds the write lock for a while
    loop = asyncio.get_running_loop()
    ticks = 0

    def tick() -> None:
        nonlocal ticks
        ticks += 1
        if ticks == 5:
            other.execute("COMMIT")
        else:
            loop.call_soon(tick)

    try:
        loop.call_soon(tick)
        signup, owned = await ledger.begin(new_signup(), worker="w", lease=timedelta(minutes=1))
        # The loop kept running while the write waited: it is what let the other one go.
        assert (ticks, owned, signup.status) == (5, True, SignupStatus.PENDING)
    finally:
        other.close()
        await ledger.close()

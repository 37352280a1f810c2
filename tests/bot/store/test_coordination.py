"""Turns at the background loops and the shared estate list, between processes on one database."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, TypeAlias

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.store import Ledger, SignupStatus
from bot.store.coordination import lock_key
from tests.bot.store.factories import new_signup

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable

    from tests.bot.store.factories import FakeClock

MINUTE = timedelta(minutes=1)
TERMINATE_LOCK_HOLDERS = """
    SELECT pg_terminate_backend(pid) FROM pg_locks
    WHERE locktype = 'advisory'
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
"""
HELD_IN_THIS_DATABASE = """
    SELECT count(*) FROM pg_locks
    WHERE locktype = 'advisory'
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
"""
OpenLedgerOn: TypeAlias = "Callable[[str], Awaitable[Ledger]]"


@pytest.fixture
async def open_ledger_on(clock: FakeClock) -> AsyncIterator[OpenLedgerOn]:
    """Opens ledgers on a database, each with engines of its own as processes would."""
    opened: list[Ledger] = []

    async def open_one(url: str) -> Ledger:
        ledger = await Ledger.open(url, clock=clock)
        opened.append(ledger)
        return ledger

    yield open_one
    for ledger in opened:
        await ledger.close()


@pytest.mark.postgres
async def test_one_process_at_a_time_has_a_jobs_turn(
    postgres_url: str, open_ledger_on: OpenLedgerOn
) -> None:
    first = (await open_ledger_on(postgres_url)).coordination
    second = (await open_ledger_on(postgres_url)).coordination

    async with first.turn("estate-refresh") as mine:
        assert mine
        async with second.turn("estate-refresh") as theirs:
            assert not theirs
        # Another job's turn is not taken by this one.
        async with second.turn("reconcile") as other_job:
            assert other_job
    async with second.turn("estate-refresh") as after:
        assert after


@pytest.mark.postgres
async def test_a_round_is_due_once_per_interval_whichever_process_asks(
    postgres_url: str, open_ledger_on: OpenLedgerOn, clock: FakeClock
) -> None:
    first = (await open_ledger_on(postgres_url)).coordination
    second = (await open_ledger_on(postgres_url)).coordination

    async with first.turn("reconcile", every=MINUTE) as mine:
        assert mine
    clock.advance(timedelta(seconds=59))
    async with second.turn("reconcile", every=MINUTE) as theirs:
        assert not theirs
    clock.advance(timedelta(seconds=1))
    async with second.turn("reconcile", every=MINUTE) as theirs:
        assert theirs
    async with first.turn("reconcile", every=MINUTE) as again:
        assert not again


@pytest.mark.postgres
async def test_a_failed_round_lets_the_lock_go(
    postgres_url: str, open_ledger_on: OpenLedgerOn
) -> None:
    ledger = await open_ledger_on(postgres_url)

    async def failing_round() -> None:
        async with ledger.coordination.turn("purge") as mine:
            assert mine
            raise RuntimeError("Vitec went away")

    with pytest.raises(RuntimeError, match="Vitec went away"):
        await failing_round()

    other = await open_ledger_on(postgres_url)
    async with other.coordination.turn("purge") as theirs:
        assert theirs
    engine = create_async_engine(postgres_url)
    try:
        async with engine.connect() as connection:
            held = await connection.scalar(text(HELD_IN_THIS_DATABASE))
    finally:
        await engine.dispose()
    assert held == 0


@pytest.mark.postgres
async def test_a_process_whose_connection_died_mid_round_leaves_no_lock_behind(
    postgres_url: str, open_ledger_on: OpenLedgerOn
) -> None:
    dying = await open_ledger_on(postgres_url)
    turn = dying.coordination.turn("estate-refresh")
    assert await turn.__aenter__()
    # The server loses the connection holding the lock, as when its process is killed.
    admin = create_async_engine(postgres_url)
    try:
        async with admin.begin() as connection:
            await connection.execute(text(TERMINATE_LOCK_HOLDERS))
    finally:
        await admin.dispose()
    # Letting go fails on the dead connection, which is then closed rather than pooled.
    await turn.__aexit__(None, None, None)

    survivor = await open_ledger_on(postgres_url)
    async with survivor.coordination.turn("estate-refresh") as mine:
        assert mine
    async with dying.coordination.turn("estate-refresh") as again:
        assert again


@pytest.mark.postgres
async def test_the_shared_estate_list_is_read_back_only_when_newer(
    postgres_url: str, open_ledger_on: OpenLedgerOn, clock: FakeClock
) -> None:
    writer = (await open_ledger_on(postgres_url)).coordination
    reader = (await open_ledger_on(postgres_url)).coordination
    assert await reader.shared_estates("M30011", newer_than=None) is None

    first = clock()
    payload = {"entries": [{"id": "OBJ1"}], "changed": {}}
    await writer.share_estates("M30011", refreshed_at=first, failed=1, payload=payload)

    shared = await reader.shared_estates("M30011", newer_than=None)
    assert shared is not None
    assert (shared.refreshed_at, shared.failed, shared.payload) == (first, 1, payload)
    assert await reader.shared_estates("M30011", newer_than=first) is None
    assert await reader.shared_estates("M12345", newer_than=None) is None

    later = clock.advance(MINUTE)
    await writer.share_estates("M30011", refreshed_at=later, failed=0, payload={"entries": []})
    newer = await reader.shared_estates("M30011", newer_than=first)
    assert newer is not None
    assert (newer.refreshed_at, newer.payload) == (later, {"entries": []})


async def test_the_backlog_counts_stale_attempts_and_untold_outcomes(
    database_url: str, open_ledger_on: OpenLedgerOn, clock: FakeClock
) -> None:
    ledger = await open_ledger_on(database_url)
    lease = timedelta(seconds=30)
    stale, _ = await ledger.begin(new_signup("V1"), worker="web-1", lease=lease)
    await ledger.begin(new_signup("V2"), worker="web-1", lease=timedelta(hours=1))
    told, _ = await ledger.begin(new_signup("V3"), worker="web-1", lease=lease)
    await ledger.finish(told.id, SignupStatus.BOOKED)
    await ledger.mark_notified(told.id)
    untold, _ = await ledger.begin(new_signup("V4"), worker="web-1", lease=lease)
    await ledger.finish(untold.id, SignupStatus.BOOKED)
    assert stale.status == SignupStatus.PENDING

    clock.advance(timedelta(minutes=2))
    backlog = await ledger.coordination.backlog(grace=lease)

    assert (backlog.unsettled, backlog.untold) == (1, 1)


async def test_the_lock_keys_are_fixed_and_apart() -> None:
    assert lock_key("estate-refresh") == lock_key("estate-refresh")
    assert len({lock_key(j) for j in ("estate-refresh", "reconcile", "purge")}) == 3
    assert all(-(2**63) <= lock_key(j) < 2**63 for j in ("estate-refresh", "reconcile"))

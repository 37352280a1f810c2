"""Connecting: which DATABASE_URL values work, and how a SQLite file is set up."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import stat
import time
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.store import DatabaseTimeouts, DatabaseUrlError, Ledger, LedgerUnavailableError
from bot.store.engine import async_database_url, create_engine
from tests.bot.store.factories import new_signup
from tests.tcp import TcpProxy

if TYPE_CHECKING:
    from pathlib import Path

LEASE = timedelta(seconds=30)
QUICK = DatabaseTimeouts(connect=0.2, command=0.2, pool=0.2, busy=0.2)
"""Timeouts short enough that a test of them takes a moment."""


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("sqlite:///visningsbot.sqlite3", "sqlite+aiosqlite:///visningsbot.sqlite3"),
        ("sqlite+aiosqlite:///data/x.db", "sqlite+aiosqlite:///data/x.db"),
        ("postgresql://bot@db:5432/bot", "postgresql+asyncpg://bot@db:5432/bot"),
        ("postgres://bot@db/bot", "postgresql+asyncpg://bot@db/bot"),
        ("postgresql+asyncpg://bot@db/bot", "postgresql+asyncpg://bot@db/bot"),
    ],
)
def test_urls_without_an_async_driver_get_one(given: str, used: str) -> None:
    assert async_database_url(given).render_as_string() == used


@pytest.mark.parametrize(
    ("given", "complaint"),
    [
        ("mysql://bot@db/bot", "unsupported database 'mysql'"),
        ("postgresql+psycopg2://bot@db/bot", "use postgresql+asyncpg://"),
        ("sqlite+pysqlite:///x.db", "use sqlite+aiosqlite://"),
    ],
)
def test_other_databases_and_drivers_are_refused_plainly(given: str, complaint: str) -> None:
    with pytest.raises(DatabaseUrlError, match=re.escape(complaint)):
        async_database_url(given)


def test_a_refused_url_does_not_show_its_password() -> None:
    with pytest.raises(DatabaseUrlError) as raised:
        async_database_url("mysql://bot:hunter2@db/bot")

    assert "hunter2" not in str(raised.value)


async def test_a_sqlite_file_is_created_with_its_directories(tmp_path: Path) -> None:
    path = tmp_path / "var" / "lib" / "visningsbot" / "ledger.sqlite3"

    async with await Ledger.open(f"sqlite:///{path}"):
        pass

    assert path.is_file()


async def test_a_sqlite_file_uses_write_ahead_logging(tmp_path: Path) -> None:
    engine = await create_engine(f"sqlite:///{tmp_path / 'ledger.sqlite3'}")
    try:
        async with engine.connect() as connection:
            mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
    finally:
        await engine.dispose()

    assert mode == "wal"


async def test_a_new_sqlite_file_and_its_journal_files_are_for_their_owner_only(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ledger.sqlite3"

    async with await Ledger.open(f"sqlite:///{path}") as ledger:
        await ledger.begin(new_signup(), worker="w", lease=LEASE)
        # The write-ahead log and its index exist while the ledger is open.
        files = sorted(await asyncio.to_thread(tmp_path.glob, "ledger.sqlite3*"))
        assert [f.name for f in files] == [
            "ledger.sqlite3",
            "ledger.sqlite3-shm",
            "ledger.sqlite3-wal",
        ]
        modes = {f.name: stat.S_IMODE(f.stat().st_mode) for f in files}

    assert modes == dict.fromkeys(modes, 0o600)


async def test_an_existing_world_readable_sqlite_file_is_narrowed_to_its_owner(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ledger.sqlite3"
    async with await Ledger.open(f"sqlite:///{path}"):
        pass
    path.chmod(0o644)

    async with await Ledger.open(f"sqlite:///{path}"):
        pass

    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_a_directory_made_for_the_sqlite_file_is_for_its_owner_only(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data" / "ledger.sqlite3"

    async with await Ledger.open(f"sqlite:///{path}"):
        pass

    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


async def test_an_unanswering_postgresql_server_fails_the_start_within_the_connect_timeout(
    silent_server: str,
) -> None:
    started = time.monotonic()
    with pytest.raises(LedgerUnavailableError):
        # The migration at start is the first write: it meets the silent server.
        await Ledger.open(f"postgresql+asyncpg://bot@{silent_server}/bot", timeouts=QUICK)

    assert time.monotonic() - started < 2.0


async def test_a_sqlite_write_behind_another_process_lock_fails_after_the_busy_timeout(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ledger.sqlite3"
    async with await Ledger.open(f"sqlite:///{path}", timeouts=QUICK) as ledger:
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            started = time.monotonic()
            with pytest.raises(LedgerUnavailableError):
                await ledger.begin(new_signup(), worker="w", lease=LEASE)
            waited = time.monotonic() - started
        finally:
            other.close()

    assert QUICK.busy <= waited < 2.0


@pytest.mark.postgres
async def test_a_postgresql_statement_that_gets_no_answer_fails_within_the_command_timeout(
    postgres_url: str,
) -> None:
    async with await Ledger.open(postgres_url):
        pass  # migrated with the everyday timeouts; the proxied ledger below has short ones
    timeouts = DatabaseTimeouts(connect=1.0, command=0.5, pool=0.5)
    async with (
        TcpProxy(make_url(postgres_url)) as proxy,
        await Ledger.open(proxy.database_url, timeouts=timeouts, migrate=False) as ledger,
    ):
        await ledger.begin(new_signup(), worker="w", lease=LEASE)
        proxy.stall()
        started = time.monotonic()
        with pytest.raises(LedgerUnavailableError):
            await ledger.begin(new_signup(contact_id="ADR002"), worker="w", lease=LEASE)
        waited = time.monotonic() - started
        proxy.cut()

    # The statement's timeout, then the reconnection's: seconds, not asyncpg's minute.
    assert waited < 3.0

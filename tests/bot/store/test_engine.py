"""Connecting: which DATABASE_URL values work, and how a SQLite file is set up."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text

from bot.store import DatabaseUrlError, Ledger
from bot.store.engine import async_database_url, create_engine

if TYPE_CHECKING:
    from pathlib import Path


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

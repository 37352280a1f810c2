"""Database engines for the ledger: SQLite (aiosqlite) by default, PostgreSQL (asyncpg) by URL."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.pool import ConnectionPoolEntry

# How long a SQLite writer waits for another one before "database is locked". Writes are a few
# milliseconds each, so waiting this long means something is stuck, not busy.
SQLITE_BUSY_TIMEOUT_SECONDS = 5.0

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
_WRITE_OPTION = "visningsbot_write"


class DatabaseUrlError(ValueError):
    """DATABASE_URL names a database or driver the ledger cannot use."""


def async_database_url(database_url: str) -> URL:
    """The URL with its async driver: plain ``sqlite://``/``postgresql://`` are accepted too."""
    url = make_url(database_url)
    backend, _, given_driver = url.drivername.partition("+")
    # Hosting platforms still hand out postgres:// URLs, a name SQLAlchemy no longer accepts.
    backend = "postgresql" if backend == "postgres" else backend
    driver = _ASYNC_DRIVERS.get(backend)
    if driver is None:
        raise DatabaseUrlError(
            f"unsupported database {backend!r}: use sqlite+aiosqlite:// or postgresql+asyncpg://"
        )
    if given_driver and f"{backend}+{given_driver}" != driver:
        raise DatabaseUrlError(f"unsupported driver {url.drivername!r}: use {driver}://")
    return url.set(drivername=driver)


async def create_engine(database_url: str) -> AsyncEngine:
    """An engine for the ledger's database; a SQLite file's directory is created if missing."""
    url = async_database_url(database_url)
    if url.get_backend_name() != "sqlite":
        # Several long-lived processes share the server; a connection it dropped is replaced
        # instead of failing the next booking.
        return create_async_engine(url, pool_pre_ping=True)
    path = _sqlite_file(url)
    if path is not None:
        await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
    _take_over_sqlite_transactions(engine)
    try:
        await _switch_to_wal(engine)
    except BaseException:
        await engine.dispose()
        raise
    return engine


def for_writing(engine: AsyncEngine) -> AsyncEngine:
    """The same engine (same pool) for transactions that write: immediate locking on SQLite."""
    return engine.execution_options(**{_WRITE_OPTION: True})


def _sqlite_file(url: URL) -> Path | None:
    database = url.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _take_over_sqlite_transactions(engine: AsyncEngine) -> None:
    # The sqlite3 driver's own transaction handling starts no transaction for SELECT or DDL, and a
    # deferred transaction that reads and then writes fails at once ("database is locked") instead
    # of waiting when another connection wrote in between. So SQLAlchemy emits BEGIN itself:
    # BEGIN IMMEDIATE for writers, which takes the write lock up front and waits its turn through
    # the busy timeout, and a plain BEGIN for readers, which WAL lets run beside a writer.

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        # In WAL mode, NORMAL syncs at checkpoints rather than at every commit: a commit still
        # survives any crash of the process (the ledger's recovery relies on that); only an OS
        # crash or power cut can lose the last moments. FULL costs an fsync per booking write.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


async def _switch_to_wal(engine: AsyncEngine) -> None:
    # WAL lets readers run beside the writer. The mode is stored in the database file, so this
    # matters once per database; but switching needs the file to itself for a moment, and SQLite
    # then answers "database is locked" at once rather than through the busy timeout, so a
    # process starting beside another one retries here for up to that timeout.
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SQLITE_BUSY_TIMEOUT_SECONDS
    delay = 0.005
    while True:
        try:
            async with engine.connect() as connection:
                # On the driver's own connection: SQLAlchemy would wrap the statement in a
                # transaction, and the journal mode cannot change inside one.
                raw = (await connection.get_raw_connection()).driver_connection
                if raw is None:  # pragma: no cover - a pooled connection always has one
                    raise RuntimeError("the SQLite connection has no driver connection")
                cursor = await raw.execute("PRAGMA journal_mode=WAL")
                await cursor.close()
            return
        except (sqlite3.OperationalError, OperationalError) as exc:
            if "locked" not in str(exc) or loop.time() + delay > deadline:
                raise
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.25)

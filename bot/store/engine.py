"""Database engines for the ledger: SQLite (aiosqlite) by default, PostgreSQL (asyncpg) by URL."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.pool import ConnectionPoolEntry

log = logging.getLogger(__name__)

# How long a SQLite writer waits for another one before "database is locked". Writes are a few
# milliseconds each, so waiting this long means something is stuck, not busy.
SQLITE_BUSY_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class DatabaseTimeouts:
    """How long the ledger waits for its database before it gives up and says so."""

    connect: float = 5.0
    """Seconds to open a connection to PostgreSQL (asyncpg waits 60 s by default)."""
    command: float = 20.0
    """Seconds one PostgreSQL statement may take; asyncpg has no limit by default."""
    pool: float = 5.0
    """Seconds to wait for a free pooled connection (SQLAlchemy waits 30 s by default)."""
    busy: float = SQLITE_BUSY_TIMEOUT_SECONDS
    """Seconds a SQLite writer waits for another process's write lock."""


DEFAULT_TIMEOUTS = DatabaseTimeouts()

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
_WRITE_OPTION = "visningsbot_write"


class DatabaseUrlError(ValueError):
    """DATABASE_URL names a database or driver the ledger cannot use."""


def async_database_url(database_url: str | SecretStr) -> URL:
    """The URL with its async driver: plain ``sqlite://``/``postgresql://`` are accepted too."""
    if isinstance(database_url, SecretStr):
        database_url = database_url.get_secret_value()
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


async def create_engine(
    database_url: str | SecretStr, *, timeouts: DatabaseTimeouts = DEFAULT_TIMEOUTS
) -> AsyncEngine:
    """An engine for the ledger's database; a SQLite file is created readable by its owner only.

    Statements never show their bound values in errors or logs (``hide_parameters``): they hold
    contact names, messages and Slack response URLs.
    """
    url = async_database_url(database_url)
    if url.get_backend_name() != "sqlite":
        # Several long-lived processes share the server; a connection it dropped is replaced
        # instead of failing the next booking. Every wait is bounded, so an unreachable server
        # costs a booking seconds, not the minute asyncpg and the pool would wait on their own.
        return create_async_engine(
            url,
            pool_pre_ping=True,
            pool_timeout=timeouts.pool,
            hide_parameters=True,
            connect_args={"timeout": timeouts.connect, "command_timeout": timeouts.command},
        )
    path = _sqlite_file(url)
    if path is not None:
        await asyncio.to_thread(_create_private_file, path)
    engine = create_async_engine(url, hide_parameters=True, connect_args={"timeout": timeouts.busy})
    _take_over_sqlite_transactions(engine.sync_engine)
    try:
        await _switch_to_wal(engine, timeouts.busy)
    except BaseException:
        await engine.dispose()
        raise
    return engine


def sqlite_writer_engine(
    engine: AsyncEngine, *, timeouts: DatabaseTimeouts = DEFAULT_TIMEOUTS
) -> Engine | None:
    """A blocking engine on the same SQLite file for the booking path's writes; None if no file.

    Through aiosqlite every statement, BEGIN and COMMIT is a hop to its thread and back; this
    engine runs a whole write transaction on the event loop's thread instead (see
    ``bot.store.writes``). An in-memory database is private to its connection, so it has none.
    """
    if engine.dialect.name != "sqlite" or _sqlite_file(engine.url) is None:
        return None
    writer = create_sync_engine(
        engine.url.set(drivername="sqlite+pysqlite"),
        hide_parameters=True,
        # The event loop's thread writes, one transaction at a time: one connection is enough.
        pool_size=1,
        max_overflow=0,
        pool_timeout=timeouts.pool,
        # No waiting in SQLite's busy handler, which sleeps on the event loop's thread: a lock
        # held elsewhere fails BEGIN at once, and the ledger waits for it without blocking.
        connect_args={"timeout": 0},
    )
    _take_over_sqlite_transactions(writer)
    return writer.execution_options(**{_WRITE_OPTION: True})


def for_writing(engine: AsyncEngine) -> AsyncEngine:
    """The same engine (same pool) for transactions that write: immediate locking on SQLite."""
    return engine.execution_options(**{_WRITE_OPTION: True})


def _sqlite_file(url: URL) -> Path | None:
    database = url.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _create_private_file(path: Path) -> None:
    # SQLite creates a missing file with the process's umask (often 0644: readable by every user
    # of the machine) and gives its -wal and -shm files the main file's mode. So the file is made
    # here first, for its owner only, and an older, wider one is narrowed.
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        try:
            path.chmod(mode & 0o700)
        except PermissionError:
            log.warning("the ledger file %s is readable by other users; chmod 600 it", path)


def _take_over_sqlite_transactions(engine: Engine) -> None:
    # The sqlite3 driver's own transaction handling starts no transaction for SELECT or DDL, and a
    # deferred transaction that reads and then writes fails at once ("database is locked") instead
    # of waiting when another connection wrote in between. So SQLAlchemy emits BEGIN itself:
    # BEGIN IMMEDIATE for writers, which takes the write lock up front and waits its turn through
    # the busy timeout, and a plain BEGIN for readers, which WAL lets run beside a writer.

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        # In WAL mode, NORMAL syncs at checkpoints rather than at every commit: a commit still
        # survives any crash of the process (the ledger's recovery relies on that); only an OS
        # crash or power cut can lose the last moments. FULL costs an fsync per booking write.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


async def _switch_to_wal(engine: AsyncEngine, busy_timeout: float) -> None:
    # WAL lets readers run beside the writer. The mode is stored in the database file, so this
    # matters once per database; but switching needs the file to itself for a moment, and SQLite
    # then answers "database is locked" at once rather than through the busy timeout, so a
    # process starting beside another one retries here for up to that timeout.
    loop = asyncio.get_running_loop()
    deadline = loop.time() + busy_timeout
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

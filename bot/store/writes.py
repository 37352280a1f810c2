"""Write transactions on the booking path: a blocking function on a Core connection."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Final, TypeVar, cast

from sqlalchemy.exc import OperationalError

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.ext.asyncio import AsyncEngine

T = TypeVar("T")

_LOCKED: Final = object()
"""Another connection holds SQLite's write lock: nothing was done, try again later."""


class WriteTransactions:
    """Runs ``work(connection)`` inside one write transaction, committed when it returns.

    On a SQLite file the work runs on the event loop's own thread, on a blocking connection. A
    booking's transaction is a few hundred microseconds in SQLite's C code, less than a hop to
    another thread costs: through aiosqlite every BEGIN, statement and COMMIT is such a hop, and
    under load each one waits for the interpreter lock while the event loop holds it (200
    bookings at once on a busy loop: p50 1.2 s through a thread, 1 ms here). The ledger's other
    writes (claims, purges, the audit trail, all off the booking path) still go through aiosqlite;
    ``turn`` keeps them and these from meeting in SQLite's lock. Another process holding it (a
    stuck one) makes BEGIN IMMEDIATE fail at once, and the write is tried again after an async
    pause, up to ``busy_timeout``: SQLite's own busy handler would sleep on the event loop.

    Elsewhere (PostgreSQL, in-memory SQLite) the same function runs on the async engine's
    connection through SQLAlchemy's ``run_sync``.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        blocking: Engine | None = None,
        turn: asyncio.Lock | None = None,
        busy_timeout: float = 5.0,
    ) -> None:
        self._engine = engine
        self._blocking = blocking
        self._turn = turn
        self._busy_timeout = busy_timeout

    async def run(self, work: Callable[[Connection], T]) -> T:
        """The work's result once its transaction committed; its exception after a rollback."""
        # A free lock is taken without yielding to the event loop, and the blocking work below
        # never yields while holding it: booking writes never queue behind one another here.
        if self._blocking is not None:
            return await self._run_blocking(self._blocking, work)
        async with (
            self._turn if self._turn is not None else contextlib.nullcontext(),
            self._engine.begin() as connection,
        ):
            return await connection.run_sync(work)

    async def _run_blocking(self, engine: Engine, work: Callable[[Connection], T]) -> T:
        loop = asyncio.get_running_loop()
        give_up = loop.time() + self._busy_timeout
        pause = 0.001
        while True:
            async with self._turn if self._turn is not None else contextlib.nullcontext():
                done = _attempt(engine, work)
            if done is not _LOCKED:
                return cast("T", done)
            left = give_up - loop.time()
            if left <= 0:
                raise TimeoutError("another process held the ledger's write lock too long")
            await asyncio.sleep(min(pause, left))
            pause = min(pause * 2, 0.05)

    async def close(self) -> None:
        """Close the blocking connection, if any."""
        if self._blocking is not None:
            self._blocking.dispose()


def _attempt(engine: Engine, work: Callable[[Connection], T]) -> T | object:
    """The work in a transaction; ``_LOCKED`` when BEGIN IMMEDIATE found the lock taken."""
    with engine.connect() as connection:
        try:
            transaction = connection.begin()
        except OperationalError as exc:
            if "locked" in str(exc.orig):
                return _LOCKED
            raise
        with transaction:
            return work(connection)

"""Write transactions on the booking path: a blocking function on a Core connection, one hop."""

from __future__ import annotations

import asyncio
import contextlib
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.ext.asyncio import AsyncEngine

T = TypeVar("T")


class WriteTransactions:
    """Runs ``work(connection)`` inside one write transaction, committed when it returns.

    On a SQLite file the work runs in a thread of the ledger's own, on a blocking connection: the
    whole transaction (BEGIN IMMEDIATE, its statements, COMMIT) is one hop from the event loop,
    where aiosqlite makes each of them a hop. The ledger's other writes (claims, purges, the
    audit trail, all off the booking path) meet this thread's in SQLite's busy handler.
    Elsewhere (PostgreSQL, in-memory SQLite) the same function runs on the async engine's
    connection through SQLAlchemy's ``run_sync``.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        blocking: Engine | None = None,
        turn: asyncio.Lock | None = None,
    ) -> None:
        self._engine = engine
        self._blocking = blocking
        self._turn = turn
        self._thread = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="ledger-writes")
            if blocking is not None
            else None
        )

    async def run(self, work: Callable[[Connection], T]) -> T:
        """The work's result once its transaction committed; its exception after a rollback."""
        if self._blocking is not None and self._thread is not None:
            # The thread's queue is the turn: it runs one transaction after the other without
            # waiting for the event loop in between, which a burst keeps busy.
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._thread, _in_transaction, self._blocking, work)
        async with (
            self._turn if self._turn is not None else contextlib.nullcontext(),
            self._engine.begin() as connection,
        ):
            return await connection.run_sync(work)

    async def close(self) -> None:
        """Close the writer thread's connection and end the thread."""
        if self._blocking is None or self._thread is None:
            return
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._thread, self._blocking.dispose)
        self._thread.shutdown(wait=False)


def _in_transaction(engine: Engine, work: Callable[[Connection], T]) -> T:
    with engine.begin() as connection:
        return work(connection)

"""Background work shared by several processes on one PostgreSQL database.

Each loop's round (estate refresh, reconciliation, purge) is done by one process at a time, under
a PostgreSQL advisory lock, and at most once per interval for all of them, by the time of the last
round kept in ``loop_rounds``. The estate list one process read from Vitec is kept in
``estate_cache`` for the others to load instead of reading Vitec themselves.

On SQLite there is one process (``visningsbot run --workers`` refuses more): every turn is its
own, and the loops keep their own time as they always have.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import SQLAlchemyError

from bot.store.schema import SignupRow, estate_cache, loop_rounds
from bot.store.signups import ANNOUNCED, OPEN_STATUSES

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable

    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)


def lock_key(job: str) -> int:
    """The advisory lock of a job: a signed 64-bit number that no other application picks."""
    digest = hashlib.sha256(f"visningsbot loop {job}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@dataclass(frozen=True)
class SharedEstates:
    """The estate list as the process that last read it from Vitec left it."""

    refreshed_at: datetime
    failed: int
    payload: dict[str, Any]


@dataclass(frozen=True)
class Backlog:
    """What reconciliation has still to do."""

    unsettled: int
    """Open attempts whose claim ran out: waiting for someone to ask Vitec how they ended."""
    untold: int
    """Settled attempts no agent was told of yet."""


class Coordination:
    """Turns at the background loops' rounds, and the shared estate list, in the ledger's DB."""

    def __init__(self, engine: AsyncEngine, *, clock: Callable[[], datetime]) -> None:
        self._engine = engine
        self._clock = clock
        self.holder = f"{socket.gethostname()}:{os.getpid()}"
        """Who did a round, for an operator reading ``loop_rounds``: host and process id."""
        self.shared = engine.dialect.name == "postgresql"
        """Whether other processes may share the database (PostgreSQL), so turns are taken."""

    @contextlib.asynccontextmanager
    async def turn(self, job: str, *, every: timedelta | None = None) -> AsyncIterator[bool]:
        """Whether this process does the job's round now; the turn lasts the ``async with``.

        On PostgreSQL it is this process's when no other holds the job's advisory lock and,
        given ``every``, the last round of any process started at least that long ago. Another
        process asking meanwhile is told False at once instead of waiting.
        """
        if not self.shared:
            yield True
            return
        async with self._engine.connect() as connection:
            key = lock_key(job)
            held = bool(await connection.scalar(select(func.pg_try_advisory_lock(key))))
            await connection.commit()
            if not held:
                yield False
                return
            try:
                due = every is None or await self._start_round(connection, job, every)
                yield due
            finally:
                await _unlock(connection, key)

    async def _start_round(self, connection: AsyncConnection, job: str, every: timedelta) -> bool:
        now = self._clock()
        last = await connection.scalar(
            select(loop_rounds.c.started_at).where(loop_rounds.c.job == job)
        )
        if last is not None and now - last < every:
            await connection.commit()
            return False
        upsert = pg_insert(loop_rounds).values(job=job, started_at=now, holder=self.holder)
        await connection.execute(
            upsert.on_conflict_do_update(
                index_elements=[loop_rounds.c.job],
                set_={"started_at": upsert.excluded.started_at, "holder": upsert.excluded.holder},
            )
        )
        await connection.commit()
        return True

    async def shared_estates(
        self, customer_id: str, *, newer_than: datetime | None
    ) -> SharedEstates | None:
        """The office's shared estate list when one newer than ``newer_than`` is kept."""
        if not self.shared:
            return None
        query = select(
            estate_cache.c.refreshed_at, estate_cache.c.failed, estate_cache.c.payload
        ).where(estate_cache.c.customer_id == customer_id)
        if newer_than is not None:
            query = query.where(estate_cache.c.refreshed_at > newer_than)
        async with self._engine.connect() as connection:
            row = (await connection.execute(query)).first()
        if row is None or not isinstance(row.payload, dict):
            return None
        return SharedEstates(row.refreshed_at, row.failed, row.payload)

    async def share_estates(
        self, customer_id: str, *, refreshed_at: datetime, failed: int, payload: dict[str, Any]
    ) -> None:
        """Keep the estate list just read from Vitec for the other processes."""
        if not self.shared:
            return
        upsert = pg_insert(estate_cache).values(
            customer_id=customer_id, refreshed_at=refreshed_at, failed=failed, payload=payload
        )
        async with self._engine.begin() as connection:
            await connection.execute(
                upsert.on_conflict_do_update(
                    index_elements=[estate_cache.c.customer_id],
                    set_={
                        "refreshed_at": upsert.excluded.refreshed_at,
                        "failed": upsert.excluded.failed,
                        "payload": upsert.excluded.payload,
                    },
                )
            )

    async def backlog(self, *, grace: timedelta) -> Backlog:
        """What reconciliation has left: stale open attempts, and outcomes older than ``grace``
        that no agent was told of."""
        now = self._clock()
        unclaimed = (SignupRow.claim_expires_at.is_(None)) | (SignupRow.claim_expires_at <= now)
        unsettled = (
            select(func.count())
            .select_from(SignupRow)
            .where(SignupRow.status.in_(OPEN_STATUSES), SignupRow.purged.is_(False), unclaimed)
        )
        untold = (
            select(func.count())
            .select_from(SignupRow)
            .where(
                SignupRow.status.in_(ANNOUNCED),
                SignupRow.notified.is_(False),
                SignupRow.purged.is_(False),
                SignupRow.finished_at <= now - grace,
                unclaimed,
            )
        )
        async with self._engine.connect() as connection:
            return Backlog(
                unsettled=int(await connection.scalar(unsettled) or 0),
                untold=int(await connection.scalar(untold) or 0),
            )


async def _unlock(connection: AsyncConnection, key: int) -> None:
    """Let the lock go; a connection that cannot is closed, which lets it go on the server."""
    try:
        await connection.rollback()
        await connection.scalar(select(func.pg_advisory_unlock(key)))
        await connection.commit()
    except (SQLAlchemyError, OSError) as exc:
        log.warning(
            "an advisory lock could not be released, closing its connection: %s",
            type(exc).__name__,
        )
        await connection.invalidate()

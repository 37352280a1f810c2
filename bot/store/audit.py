"""The audit trail: who looked up, booked or undid which contact, by id, kept for the retention."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select

from bot.store.audit_events import AuditAction, AuditEvent, NewAuditEvent
from bot.store.schema import AuditRow

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from contextlib import AbstractAsyncContextManager

    from sqlalchemy import Connection
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

MAX_CONTACT_IDS = 100
"""A search shows at most a hundred options; a bound keeps a bad caller from storing more."""


class AuditTrail:
    """Audit records in the ledger's database, written and read through the ledger's sessions."""

    def __init__(
        self,
        write: Callable[[], AbstractAsyncContextManager[AsyncSession]],
        reads: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime],
        run: Callable[[Callable[[Connection], object]], Awaitable[object]] | None = None,
    ) -> None:
        self._write = write
        self._reads = reads
        self._clock = clock
        self._run = run
        """The ledger's booking-path writes, when given: one transaction without a session,
        so a record (written while an agent waits on a search) costs no thread hops."""

    async def record(self, event: NewAuditEvent) -> None:
        """Store one record, timed now."""
        values = dataclasses.asdict(event)
        values["contact_ids"] = list(event.contact_ids[:MAX_CONTACT_IDS])
        values["at"] = self._clock()
        statement = insert(AuditRow).values(values)
        if self._run is not None:
            await self._run(lambda connection: connection.execute(statement))
            return
        async with self._write() as session:
            await session.execute(statement)

    async def since(
        self, start: datetime, end: datetime | None = None, *, limit: int = 100_000
    ) -> list[AuditEvent]:
        """Records from ``start`` (inclusive) to ``end`` (exclusive), oldest first."""
        statement = select(AuditRow).where(AuditRow.at >= start)
        if end is not None:
            statement = statement.where(AuditRow.at < end)
        statement = statement.order_by(AuditRow.at, AuditRow.id).limit(limit)
        async with self._reads.begin() as session:
            return [_event(row) for row in (await session.scalars(statement)).all()]

    async def purge(self, *, older_than: timedelta) -> int:
        """Delete records older than ``older_than``; returns how many went."""
        if older_than <= timedelta(0):
            raise ValueError("older_than must be positive")
        cutoff = self._clock() - older_than
        async with self._write() as session:
            deleted = await session.execute(
                delete(AuditRow).where(AuditRow.at < cutoff).returning(AuditRow.id)
            )
            return len(deleted.all())


def _event(row: AuditRow) -> AuditEvent:
    return AuditEvent(
        id=row.id,
        at=row.at.astimezone(UTC),
        team_id=row.team_id,
        user_id=row.user_id,
        action=AuditAction(row.action),
        detail=row.detail,
        customer_id=row.customer_id,
        result_count=row.result_count,
        contact_ids=tuple(row.contact_ids or ()),
        signup_id=row.signup_id,
        viewing_id=row.viewing_id,
        time_slot_id=row.time_slot_id,
    )

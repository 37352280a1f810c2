"""What Vitec's notifications need stored: channels following estates, notifications handled.

Written and read through the ledger's sessions, in the same database, like the audit trail.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from bot.store.schema import FollowRow, NotificationRow, SignupRow
from bot.store.signups import SignupStatus

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from contextlib import AbstractAsyncContextManager

    from sqlalchemy import ColumnElement
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

MAX_FOLLOWS_PER_CHANNEL = 200
"""A bound on what one channel can follow, so a loop of commands cannot fill the database."""
BOT_BOOKINGS = (SignupStatus.PENDING, SignupStatus.BOOKED, SignupStatus.UNKNOWN)
"""Attempts that put (or may have put) the contact on the viewing: Vitec's notification of it
is the bot's own doing."""
MAX_MERGED_IDS = 100
"""Contacts merged into one at once; Vitec merges a handful, a bound keeps a forged one small."""


@dataclass(frozen=True)
class Follow:
    """A channel following an estate."""

    team_id: str
    channel_id: str
    customer_id: str
    estate_id: str


def notification_key(*parts: str) -> str:
    """A digest naming one notification, so the same one delivered twice is handled once."""
    return hashlib.sha256("\x1f".join(("v1", *parts)).encode()).hexdigest()


class Inbound:
    """Follows, handled notifications and merged contacts in the ledger's database."""

    def __init__(
        self,
        write: Callable[[], AbstractAsyncContextManager[AsyncSession]],
        reads: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime],
        dialect: str,
    ) -> None:
        self._write = write
        self._reads = reads
        self._clock = clock
        self._dialect = dialect

    async def follow(self, follow: Follow, *, user_id: str) -> bool:
        """Start following; False when the channel already followed the estate."""
        try:
            return await self._add(follow, user_id)
        except IntegrityError:
            # Another process added the same follow in the meantime.
            return False

    async def _add(self, follow: Follow, user_id: str) -> bool:
        async with self._write() as session:
            if await session.scalar(select(FollowRow.id).where(*_same(follow))) is not None:
                return False
            count = await session.scalar(
                select(FollowRow.id)
                .where(
                    FollowRow.team_id == follow.team_id,
                    FollowRow.channel_id == follow.channel_id,
                )
                .offset(MAX_FOLLOWS_PER_CHANNEL - 1)
                .limit(1)
            )
            if count is not None:
                raise FollowLimitError(MAX_FOLLOWS_PER_CHANNEL)
            session.add(
                FollowRow(
                    team_id=follow.team_id,
                    channel_id=follow.channel_id,
                    customer_id=follow.customer_id,
                    estate_id=follow.estate_id,
                    user_id=user_id,
                    created_at=self._clock(),
                )
            )
        return True

    async def unfollow(self, follow: Follow) -> bool:
        """Stop following; False when the channel did not follow the estate."""
        async with self._write() as session:
            result = await session.execute(delete(FollowRow).where(*_same(follow)))
        return bool(getattr(result, "rowcount", 0))

    async def followers(self, customer_id: str, estate_id: str) -> list[Follow]:
        """The channels following an estate, in the order they started."""
        statement = (
            select(FollowRow)
            .where(FollowRow.customer_id == customer_id, FollowRow.estate_id == estate_id)
            .order_by(FollowRow.id)
        )
        async with self._reads.begin() as session:
            rows = (await session.scalars(statement)).all()
        return [Follow(r.team_id, r.channel_id, r.customer_id, r.estate_id) for r in rows]

    async def first_delivery(self, key: str) -> bool:
        """Record a notification as handled; True only for the first delivery of it."""
        values = {"key": key, "received_at": self._clock()}
        dialect = postgresql if self._dialect == "postgresql" else sqlite
        statement = (
            dialect.insert(NotificationRow)
            .values(values)
            .on_conflict_do_nothing(index_elements=[NotificationRow.key])
        )
        async with self._write() as session:
            result = await session.execute(statement)
        return bool(getattr(result, "rowcount", 0))

    async def bot_booked(self, viewing_id: str, contact_id: str) -> bool:
        """Whether the bot booked (or is booking) the contact on the viewing: its attempt is
        recorded before Vitec is called, so it is found before Vitec's notification arrives."""
        statement = (
            select(SignupRow.id)
            .where(
                func.lower(SignupRow.viewing_id) == viewing_id.lower(),
                func.upper(SignupRow.contact_id) == contact_id.upper(),
                SignupRow.status.in_(BOT_BOOKINGS),
            )
            .limit(1)
        )
        async with self._reads.begin() as session:
            return await session.scalar(statement) is not None

    async def merge_contacts(self, sources: Sequence[str], destination: str) -> int:
        """Re-key sign-ups of contacts Vitec merged into ``destination``; how many changed."""
        merged = [s for s in sources[:MAX_MERGED_IDS] if s and s != destination]
        if not merged:
            return 0
        statement = (
            update(SignupRow)
            .where(SignupRow.contact_id.in_(merged))
            .values(contact_id=destination, updated_at=self._clock())
        )
        async with self._write() as session:
            result = await session.execute(statement)
        return int(getattr(result, "rowcount", 0) or 0)

    async def purge(self, *, older_than: timedelta) -> int:
        """Forget handled notifications older than ``older_than``; how many went."""
        cutoff = self._clock() - older_than
        async with self._write() as session:
            result = await session.execute(
                delete(NotificationRow).where(NotificationRow.received_at < cutoff)
            )
        return int(getattr(result, "rowcount", 0) or 0)


class FollowLimitError(Exception):
    """The channel follows as many estates as it may."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"a channel follows at most {limit} estates")
        self.limit = limit


def _same(follow: Follow) -> tuple[ColumnElement[bool], ...]:
    return (
        FollowRow.team_id == follow.team_id,
        FollowRow.channel_id == follow.channel_id,
        FollowRow.customer_id == follow.customer_id,
        FollowRow.estate_id == follow.estate_id,
    )

"""Workspaces in OAuth mode: each one's Vitec connection (password sealed) and channel offices.

Slack's own installation records live in the same database, kept by slack_sdk's SQLAlchemy
stores on this engine (see ``slack_stores``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.clock import utc_now
from bot.store.engine import DEFAULT_TIMEOUTS, DatabaseTimeouts, create_engine, for_writing
from bot.store.migrate import upgrade
from bot.store.schema import ChannelOfficeRow, VitecConnectionRow, WorkspaceSettingsRow

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import datetime

    from pydantic import SecretStr
    from sqlalchemy.ext.asyncio import AsyncEngine

    from bot.store.sealing import Sealer

MAX_OFFICES = 50
"""Offices one workspace may connect (the picker lists estates of every one of them)."""

MAX_CHANNELS_LISTED = 100
"""Channel offices App Home lists at most (its view holds 100 blocks)."""

OAUTH_STATE_SECONDS = 600
"""How long an install link (its OAuth state) stays valid."""


@dataclass(frozen=True)
class OfficeConnection:
    """One office a workspace books in, with the Vitec account for it (password opened)."""

    team_id: str
    customer_id: str
    username: str
    password: str = field(repr=False)
    updated_by: str
    updated_at: datetime


class Workspaces:
    """Vitec connections and channel offices of every workspace, one row set per team."""

    def __init__(
        self,
        engine: AsyncEngine,
        sealer: Sealer,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._engine = engine
        self._sealer = sealer
        self._clock = clock
        self._reads = async_sessionmaker(engine, expire_on_commit=False)
        self._writes = async_sessionmaker(for_writing(engine), expire_on_commit=False)

    @classmethod
    async def open(
        cls,
        database_url: str | SecretStr,
        sealer: Sealer,
        *,
        clock: Callable[[], datetime] = utc_now,
        migrate: bool = True,
        timeouts: DatabaseTimeouts = DEFAULT_TIMEOUTS,
    ) -> Workspaces:
        """Connect to the ledger's database (its own pool) and, unless told not to, migrate."""
        engine = await create_engine(database_url, timeouts=timeouts)
        try:
            if migrate:
                await upgrade(engine)
        except BaseException:
            await engine.dispose()
            raise
        return cls(engine, sealer, clock=clock)

    async def close(self) -> None:
        """Close every pooled connection."""
        await self._engine.dispose()

    def slack_stores(
        self, client_id: str
    ) -> tuple[AsyncSQLAlchemyInstallationStore, AsyncSQLAlchemyOAuthStateStore]:
        """slack_sdk's installation and OAuth state stores on this database."""
        installations = AsyncSQLAlchemyInstallationStore(client_id=client_id, engine=self._engine)
        # Consuming a state reads and then deletes: an immediate transaction on SQLite.
        states = AsyncSQLAlchemyOAuthStateStore(
            expiration_seconds=OAUTH_STATE_SECONDS, engine=for_writing(self._engine)
        )
        return installations, states

    async def offices(self, team_id: str) -> list[OfficeConnection]:
        """The workspace's offices, by customerId; [] before its admin connects one."""
        statement = (
            select(VitecConnectionRow)
            .where(VitecConnectionRow.team_id == team_id)
            .order_by(VitecConnectionRow.customer_id)
        )
        async with self._reads.begin() as session:
            rows = (await session.scalars(statement)).all()
        return [
            OfficeConnection(
                team_id=row.team_id,
                customer_id=row.customer_id,
                username=row.username,
                password=self._sealer.open(row.sealed_password),
                updated_by=row.updated_by,
                updated_at=row.updated_at,
            )
            for row in rows
        ]

    async def connected_teams(self) -> list[str]:
        """Every workspace with at least one office connected."""
        statement = select(VitecConnectionRow.team_id).distinct()
        async with self._reads.begin() as session:
            return sorted((await session.scalars(statement)).all())

    async def connect(
        self,
        *,
        team_id: str,
        username: str,
        password: str,
        offices: tuple[str, ...],
        by: str,
    ) -> None:
        """Connect (or reconnect) offices with one account; each password sealed anew."""
        if not offices or len(offices) > MAX_OFFICES:
            raise ValueError(f"a connection names 1 to {MAX_OFFICES} offices")
        async with self._writes.begin() as session:
            held = await session.scalar(
                select(func.count()).where(
                    VitecConnectionRow.team_id == team_id,
                    VitecConnectionRow.customer_id.not_in(offices),
                )
            )
            if (held or 0) + len(offices) > MAX_OFFICES:
                raise ValueError(f"a workspace connects at most {MAX_OFFICES} offices")
            for customer_id in offices:
                values = {
                    "team_id": team_id,
                    "customer_id": customer_id,
                    "username": username,
                    "sealed_password": self._sealer.seal(password),
                    "updated_by": by,
                    "updated_at": self._clock(),
                }
                await session.execute(
                    _upsert(self._engine, VitecConnectionRow, values, ["team_id", "customer_id"])
                )

    async def disconnect(self, team_id: str, customer_id: str) -> None:
        """Remove one office; channels that defaulted to it fall back to the first office."""
        async with self._writes.begin() as session:
            await session.execute(
                delete(VitecConnectionRow).where(
                    VitecConnectionRow.team_id == team_id,
                    VitecConnectionRow.customer_id == customer_id,
                )
            )
            await session.execute(
                delete(ChannelOfficeRow).where(
                    ChannelOfficeRow.team_id == team_id,
                    ChannelOfficeRow.customer_id == customer_id,
                )
            )

    async def forget(self, team_id: str) -> None:
        """Delete every connection, setting and channel office of the workspace (uninstall)."""
        async with self._writes.begin() as session:
            for table in (VitecConnectionRow, WorkspaceSettingsRow, ChannelOfficeRow):
                await session.execute(delete(table).where(table.team_id == team_id))

    async def settings_usergroup(self, team_id: str) -> str | None:
        """The user group whose members may change the settings besides the admins."""
        async with self._reads.begin() as session:
            row = await session.get(WorkspaceSettingsRow, team_id)
        return row.settings_usergroup if row is not None else None

    async def set_settings_usergroup(self, team_id: str, usergroup: str | None) -> None:
        """Name (or, with None, stop naming) the user group that may change the settings."""
        values = {"team_id": team_id, "settings_usergroup": usergroup, "updated_at": self._clock()}
        async with self._writes.begin() as session:
            await session.execute(_upsert(self._engine, WorkspaceSettingsRow, values, ["team_id"]))

    async def channel_office(self, team_id: str, channel_id: str) -> str | None:
        """The channel's default office, when one was set."""
        async with self._reads.begin() as session:
            row = await session.get(ChannelOfficeRow, (team_id, channel_id))
        return row.customer_id if row is not None else None

    async def channel_offices(self, team_id: str) -> list[tuple[str, str]]:
        """Every channel of the workspace with a default office: (channel, customerId)."""
        statement = (
            select(ChannelOfficeRow.channel_id, ChannelOfficeRow.customer_id)
            .where(ChannelOfficeRow.team_id == team_id)
            .order_by(ChannelOfficeRow.channel_id)
            .limit(MAX_CHANNELS_LISTED)
        )
        async with self._reads.begin() as session:
            return [(row[0], row[1]) for row in (await session.execute(statement)).all()]

    async def set_channel_office(self, team_id: str, channel_id: str, customer_id: str) -> None:
        """Make ``customer_id`` the channel's default office."""
        values = {
            "team_id": team_id,
            "channel_id": channel_id,
            "customer_id": customer_id,
            "updated_at": self._clock(),
        }
        async with self._writes.begin() as session:
            await session.execute(
                _upsert(self._engine, ChannelOfficeRow, values, ["team_id", "channel_id"])
            )

    async def reseal_all(self) -> int:
        """Seal every stored password again under the first key; returns how many."""
        async with self._writes.begin() as session:
            rows = (await session.scalars(select(VitecConnectionRow))).all()
            for row in rows:
                row.sealed_password = self._sealer.reseal(row.sealed_password)
        return len(rows)


def _upsert(
    engine: AsyncEngine,
    table: type[VitecConnectionRow | ChannelOfficeRow | WorkspaceSettingsRow],
    values: Mapping[str, Any],
    keys: list[str],
) -> postgresql.Insert | sqlite.Insert:
    insert = (
        postgresql.insert(table) if engine.dialect.name == "postgresql" else sqlite.insert(table)
    )
    statement = insert.values(values)
    changed = {name: statement.excluded[name] for name in values if name not in keys}
    return statement.on_conflict_do_update(index_elements=keys, set_=changed)

"""Schema migrations: applied at start, safe to repeat, and the same schema as the ORM's."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from bot.store import Ledger, SignupStatus, migrate
from bot.store.engine import create_engine
from bot.store.migrate import alembic_config
from bot.store.schema import Base
from tests.bot.store.factories import new_signup

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


HEAD = "0007_shared_cache"


async def _run(database_url: str, work: Any) -> Any:
    engine = await create_engine(database_url)
    try:
        async with engine.begin() as connection:
            return await connection.run_sync(work)
    finally:
        await engine.dispose()


def _version(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_migrate_creates_the_ledger_and_records_the_revision(database_url: str) -> None:
    await migrate(database_url)

    assert await _run(database_url, _tables) == {
        "alembic_version",
        "audit_events",
        "channel_offices",
        "estate_cache",
        "estate_follows",
        "loop_rounds",
        "signups",
        "slack_bots",
        "slack_installations",
        "slack_oauth_states",
        "vitec_connections",
        "vitec_notifications",
        "workspace_settings",
    }
    assert await _run(database_url, _version) == HEAD


async def test_migrating_again_changes_nothing_and_keeps_the_data(database_url: str) -> None:
    async with await Ledger.open(database_url) as ledger:
        signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=timedelta(seconds=30))
        await ledger.finish(signup.id, SignupStatus.BOOKED)

    await migrate(database_url)
    await migrate(database_url)

    assert await _run(database_url, _version) == HEAD
    async with await Ledger.open(database_url) as ledger:
        kept = await ledger.get(signup.id)
    assert kept is not None
    assert kept.status is SignupStatus.BOOKED


async def test_processes_starting_together_migrate_once(database_url: str) -> None:
    await asyncio.gather(*(migrate(database_url) for _ in range(4)))

    assert await _run(database_url, _version) == HEAD


async def test_the_migrated_schema_is_the_one_the_code_expects(database_url: str) -> None:
    await migrate(database_url)

    def differences(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    assert await _run(database_url, differences) == []


async def test_the_migration_can_be_undone_and_redone(database_url: str) -> None:
    await migrate(database_url)

    def downgrade(connection: Connection) -> set[str]:
        command.downgrade(alembic_config(connection), "base")
        return _tables(connection)

    assert await _run(database_url, downgrade) == {"alembic_version"}
    await migrate(database_url)
    assert await _run(database_url, _version) == HEAD


async def test_the_database_refuses_a_status_the_code_does_not_know(database_url: str) -> None:
    async with await Ledger.open(database_url) as ledger:
        signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=timedelta(seconds=30))

    def corrupt(connection: Connection) -> None:
        connection.execute(
            text("UPDATE signups SET status = 'maybe' WHERE id = :id"), {"id": signup.id}
        )

    with pytest.raises(DBAPIError, match=r"(?i)check"):
        await _run(database_url, corrupt)


async def test_migrating_leaves_the_apps_logging_alone(database_url: str) -> None:
    app_logger = logging.getLogger("visningsbot.test")
    root_handlers = list(logging.getLogger().handlers)

    await migrate(database_url)

    # Alembic's usual env.py calls fileConfig, which disables loggers that already exist.
    assert not app_logger.disabled
    assert logging.getLogger().handlers == root_handlers


async def test_a_ledger_opened_without_migrating_leaves_the_schema_to_someone_else(
    database_url: str,
) -> None:
    ledger = await Ledger.open(database_url, migrate=False)
    await ledger.close()

    assert await _run(database_url, _tables) == set()

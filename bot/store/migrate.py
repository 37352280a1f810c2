"""Schema migrations: Alembic, configured in code (no alembic.ini) and run at start."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from bot.store.engine import create_engine, for_writing

if TYPE_CHECKING:
    from pydantic import SecretStr
    from sqlalchemy.engine import Connection
    from sqlalchemy.ext.asyncio import AsyncEngine

SCRIPT_LOCATION = "bot.store:migrations"

# Processes started together all migrate at start; on PostgreSQL they queue on this advisory
# lock, so one applies the migrations and the others find the schema already at head.
_ADVISORY_LOCK_KEY = int.from_bytes(
    hashlib.sha256(b"visningsbot schema migrations").digest()[:8], "big", signed=True
)


def alembic_config(connection: Connection) -> Config:
    """Alembic's configuration for the ledger's migrations, running on the given connection."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


async def upgrade(engine: AsyncEngine) -> None:
    """Bring the engine's database to the newest schema; a no-op when it is there already."""
    # One transaction around the lock and every migration: on SQLite that is BEGIN IMMEDIATE,
    # which serialises concurrent starts the way the advisory lock does on PostgreSQL.
    async with for_writing(engine).begin() as connection:
        await connection.run_sync(_upgrade)


async def migrate(database_url: str | SecretStr) -> None:
    """Bring the database at the URL to the newest schema (`visningsbot migrate`)."""
    engine = await create_engine(database_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


def _upgrade(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
    command.upgrade(alembic_config(connection), "head")

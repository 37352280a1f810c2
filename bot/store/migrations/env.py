"""Alembic's entry point for the ledger's migrations; `bot.store.migrate` hands it a connection."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from bot.store.schema import Base


def _run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things in place; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


# The app owns logging and the database URL, so nothing here reads an ini file or calls
# fileConfig: the caller opens the connection (and its transaction) and hands it over.
_connection = context.config.attributes.get("connection")
if not isinstance(_connection, Connection):
    raise RuntimeError(
        "run the ledger's migrations through bot.store.migrate (visningsbot migrate)"
    )
_run_migrations(_connection)

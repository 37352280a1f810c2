"""Databases for tests: every test taking `database_url` runs on SQLite and on PostgreSQL.

PostgreSQL comes from TEST_DATABASE_URL (a role that may CREATE DATABASE): the test session gets
a database of its own, dropped at the end, and every test starts with it empty. Without a
reachable server the PostgreSQL runs are skipped, unless VISNINGSBOT_REQUIRE_SERVICES=1 (CI),
where they fail instead.
"""

from __future__ import annotations

import os
import uuid
from typing import TYPE_CHECKING, NoReturn

import pytest
import pytest_asyncio
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from pathlib import Path

    from sqlalchemy.engine import URL

POSTGRES_URL_VARIABLE = "TEST_DATABASE_URL"
REQUIRE_SERVICES_VARIABLE = "VISNINGSBOT_REQUIRE_SERVICES"
_PROBE_TIMEOUT_SECONDS = 3


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get(REQUIRE_SERVICES_VARIABLE) == "1":
        pytest.fail(
            f"PostgreSQL tests cannot run: {reason} ({REQUIRE_SERVICES_VARIABLE}=1 requires them)",
            pytrace=False,
        )
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


async def _probe(server: URL) -> str | None:
    engine = create_async_engine(
        server, poolclass=NullPool, connect_args={"timeout": _PROBE_TIMEOUT_SECONDS}
    )
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql("SELECT 1")
    except (OSError, TimeoutError, SQLAlchemyError) as exc:
        return f"{server.render_as_string(hide_password=True)} is unreachable: {exc}"
    finally:
        await engine.dispose()
    return None


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def postgres_database() -> AsyncIterator[URL]:
    """A database of this test session's own on the TEST_DATABASE_URL server, dropped at the end.

    One per session rather than per test keeps the suite fast (`postgres_url` empties it before
    each test); a name of its own keeps concurrent test sessions on one server apart.
    """
    raw = os.environ.get(POSTGRES_URL_VARIABLE, "").strip()
    if not raw:
        _unavailable(f"{POSTGRES_URL_VARIABLE} is not set")
    server = make_url(raw)
    if server.drivername != "postgresql+asyncpg":
        _unavailable(f"{POSTGRES_URL_VARIABLE} must be a postgresql+asyncpg:// URL")
    problem = await _probe(server)
    if problem is not None:
        _unavailable(problem)
    name = f"visningsbot_test_{uuid.uuid4().hex[:16]}"
    # CREATE/DROP DATABASE cannot run inside a transaction. template0 is never connected to, so
    # sessions creating databases at the same time do not trip over each other.
    admin = create_async_engine(server, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE template0')
        try:
            yield server.set(database=name)
        finally:
            async with admin.connect() as connection:
                await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.dispose()


@pytest.fixture
async def postgres_url(postgres_database: URL) -> str:
    """The session's PostgreSQL database, emptied: no tables, no migrations applied."""
    engine = create_async_engine(postgres_database, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            await connection.exec_driver_sql("CREATE SCHEMA public")
    finally:
        await engine.dispose()
    return postgres_database.render_as_string(hide_password=False)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file of this test's own, not created yet."""
    return f"sqlite+aiosqlite:///{tmp_path / 'visningsbot.sqlite3'}"


@pytest.fixture(
    params=[
        pytest.param("sqlite_url", id="sqlite"),
        pytest.param("postgres_url", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def database_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty database for this test, which runs once on each database."""
    # Looked up by name, so that the SQLite runs never need a PostgreSQL server.
    url = request.getfixturevalue(request.param)
    assert isinstance(url, str)
    return url

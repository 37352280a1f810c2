"""Fixtures shared across the suite: the simulator and a Vitec client talking to it in-process."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest

from bot.simulator import Simulator, create_simulator, known
from bot.vitec.client import RetryPolicy, VitecClient, create_http_client
from tests.databases import database_url, postgres_database, postgres_url, sqlite_url

__all__ = ["database_url", "postgres_database", "postgres_url", "sqlite_url"]

FIXED_NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


async def no_sleep(_: float) -> None:
    """Retries in tests wait for nothing."""


@pytest.fixture
def simulator() -> Simulator:
    return create_simulator(now=lambda: FIXED_NOW, sleep=no_sleep)


def vitec_for(
    sim: Simulator, office: str = known.SODERMALM, password: str | None = None
) -> VitecClient:
    http = create_http_client(
        "http://vitec.test",
        known.USERNAME,
        password or known.PASSWORDS[office],
        transport=httpx.ASGITransport(sim.app),
    )
    return VitecClient(http, retry=RetryPolicy(), sleep=no_sleep, jitter=lambda: 0.5)


@pytest.fixture
async def vitec(simulator: Simulator) -> AsyncIterator[VitecClient]:
    client = vitec_for(simulator)
    yield client
    await client.aclose()

"""Fixtures for driving a simulator in-process: a fixed clock, a recording sleep, HTTP clients."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest

from devtools.simulator import Simulator, SimulatorConfig, create_simulator, known

STOCKHOLM = ZoneInfo("Europe/Stockholm")
START = datetime(2026, 12, 1, 10, 0, tzinfo=STOCKHOLM)
"""A Tuesday morning: day D of the sample data in these tests."""


class Clock:
    """A settable clock for the simulator."""

    def __init__(self, moment: datetime = START) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


class RecordingSleep:
    """Stands in for asyncio.sleep: remembers the delays, never waits."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def basic(office: str = known.SODERMALM, *, username: str = known.USERNAME) -> str:
    """The Authorization header for an office's default password."""
    token = base64.b64encode(f"{username}:{known.PASSWORDS[office]}".encode()).decode()
    return f"Basic {token}"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
def make_sim(clock: Clock, sleep: RecordingSleep) -> Callable[..., Simulator]:
    def make(config: SimulatorConfig | None = None) -> Simulator:
        return create_simulator(config, now=clock, sleep=sleep)

    return make


@pytest.fixture
def sim(make_sim: Callable[..., Simulator]) -> Simulator:
    return make_sim()


@pytest.fixture
async def http(sim: Simulator) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the simulator authenticated for Södermalm."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(sim.app),
        base_url="http://vitec.test",
        headers={"Authorization": basic()},
    ) as client:
        yield client


@pytest.fixture
async def anonymous(sim: Simulator) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the simulator without credentials (for the admin API and 401s)."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(sim.app), base_url="http://vitec.test"
    ) as client:
        yield client

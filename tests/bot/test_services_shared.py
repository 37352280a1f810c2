"""Two bot processes on one PostgreSQL database: the background work is done once, not twice."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import httpx
import pytest

from bot.directory import COLD_RETRY
from bot.services import Services, build_services
from bot.settings import Settings, load_settings
from bot.vitec.errors import VitecAuthError
from devtools.simulator import Simulator, create_simulator, known
from tests.bot.store.factories import FakeClock

pytestmark = pytest.mark.postgres

StartProcess = Callable[[], Awaitable[Services]]


@pytest.fixture
def simulator() -> Simulator:
    return create_simulator()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def bot_settings(database_url: str) -> Settings:
    return load_settings(
        None,
        slack_bot_token="xoxb-1-2-3",
        slack_signing_secret="abcdef0123456789",
        slack_api_url="http://127.0.0.1:9",
        vitec_base_url="http://127.0.0.1:9",
        vitec_username=known.USERNAME,
        vitec_password=known.PASSWORDS[known.SODERMALM],
        vitec_customer_id=known.SODERMALM,
        database_url=database_url,
    )


@pytest.fixture
async def start_process(
    postgres_url: str, simulator: Simulator, clock: FakeClock
) -> AsyncIterator[StartProcess]:
    """Builds a bot process's services on the shared database (its loops are driven by hand)."""
    started: list[Services] = []

    async def start() -> Services:
        services = await build_services(
            bot_settings(postgres_url),
            vitec_transport=httpx.ASGITransport(app=simulator.app),
            clock=clock,
            worker=f"web-{len(started) + 1}",
        )
        started.append(services)
        return services

    yield start
    for services in started:
        await services.aclose()


def estate_list_reads(simulator: Simulator) -> int:
    return sum(1 for r in simulator.state.requests if r.path == "/Estate/GetEstateList")


async def test_two_processes_starting_together_read_the_estate_list_from_vitec_once(
    start_process: StartProcess, simulator: Simulator, clock: FakeClock
) -> None:
    first, second = await start_process(), await start_process()

    await asyncio.gather(first.directory.refresh_when_due(), second.directory.refresh_when_due())
    # Whichever lost the turn finds the list the other shared at its next look.
    await asyncio.gather(first.directory.refresh_when_due(), second.directory.refresh_when_due())

    assert estate_list_reads(simulator) == 1
    assert first.directory.estates_loaded
    assert second.directory.estates_loaded
    found = [(await s.directory.search_estates("götgatan")).estates for s in (first, second)]
    assert found[0] == found[1]
    assert found[0][0].id == known.ESTATE_ID
    assert first.directory.cache_status() == second.directory.cache_status()

    # Within the interval nobody reads Vitec again; after it, one process does, once.
    clock.advance(first.directory.refresh_interval - timedelta(seconds=1))
    await asyncio.gather(first.directory.refresh_when_due(), second.directory.refresh_when_due())
    assert estate_list_reads(simulator) == 1
    clock.advance(timedelta(seconds=1))
    await asyncio.gather(first.directory.refresh_when_due(), second.directory.refresh_when_due())
    await asyncio.gather(first.directory.refresh_when_due(), second.directory.refresh_when_due())
    assert estate_list_reads(simulator) == 2
    assert first.directory.cache_status()["age_s"] == second.directory.cache_status()["age_s"] == 0


async def test_a_process_started_later_loads_the_shared_list_without_asking_vitec(
    start_process: StartProcess, simulator: Simulator
) -> None:
    first = await start_process()
    await first.directory.refresh_when_due()
    assert estate_list_reads(simulator) == 1

    later = await start_process()
    await later.directory.refresh_when_due()

    assert estate_list_reads(simulator) == 1
    assert later.directory.cache_status() == first.directory.cache_status()
    assert (await later.directory.search_estates("")).estates == (
        await first.directory.search_estates("")
    ).estates


async def test_two_processes_reconcile_and_purge_once_per_interval(
    start_process: StartProcess, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = await start_process(), await start_process()
    rounds: list[str] = []
    for services in (first, second):
        worker = f"web-{len(rounds)}-{id(services)}"

        async def reconcile_stale(worker: str = worker) -> int:
            rounds.append(f"reconcile by {worker}")
            return 0

        async def purge(*, older_than: timedelta, worker: str = worker) -> int:
            rounds.append(f"purge by {worker}")
            return 0

        monkeypatch.setattr(services.reconciler, "reconcile_stale", reconcile_stale)
        monkeypatch.setattr(services.ledger, "purge", purge)

    for _ in range(2):
        await asyncio.gather(first._reconcile(), second._reconcile())
        await asyncio.gather(first._purge(), second._purge())
    assert [r.split(" by ")[0] for r in rounds] == ["reconcile", "purge"]

    clock.advance(timedelta(seconds=first.settings.reconcile_interval))
    await asyncio.gather(first._reconcile(), second._reconcile())
    await asyncio.gather(first._purge(), second._purge())
    assert [r.split(" by ")[0] for r in rounds] == ["reconcile", "purge", "reconcile"]


async def test_while_vitec_refuses_the_estate_list_it_is_asked_once_per_retry_between_processes(
    postgres_url: str, clock: FakeClock
) -> None:
    asked: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        return httpx.Response(401, json={"message": "Authorization has been denied"})

    processes = [
        await build_services(
            bot_settings(postgres_url),
            vitec_transport=httpx.MockTransport(refuse),
            clock=clock,
            worker=f"web-{n}",
        )
        for n in (1, 2)
    ]
    try:
        for _ in range(3):
            tried = await asyncio.gather(
                *(p.directory.refresh_when_due() for p in processes), return_exceptions=True
            )
            assert sum(isinstance(t, VitecAuthError) for t in tried) <= 1
        assert asked == ["/Estate/GetEstateList"]

        clock.advance(COLD_RETRY)
        await asyncio.gather(
            *(p.directory.refresh_when_due() for p in processes), return_exceptions=True
        )
        assert asked == ["/Estate/GetEstateList"] * 2
        assert not any(p.directory.estates_loaded for p in processes)
    finally:
        for p in processes:
            await p.aclose()

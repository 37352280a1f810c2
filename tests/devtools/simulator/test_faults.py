"""Injected faults: latency, 5xx dice, holds, proxy pages, 429s, applied-then-500, forced status."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from devtools.simulator import (
    AppliedThenError,
    Faults,
    ForcedStatus,
    Hold,
    Latency,
    NonJson,
    RateLimit,
    ServerErrors,
    Simulator,
    SimulatorConfig,
    known,
)
from devtools.simulator.faults import FaultScope

from .conftest import RecordingSleep

VIEWINGS = f"Viewing/{known.SODERMALM}/{known.ESTATE_ID}"
BOOKING = (
    f"Viewing/{known.SODERMALM}/{known.VIEWING_ID}/{known.SLOT_ID}/Participant/{known.ASA_OBERG}"
)
LEADS = f"CRM/Lead/{known.SODERMALM}/LeadSources"


async def test_latency_waits_through_the_injected_sleep(
    sim: Simulator, http: httpx.AsyncClient, sleep: RecordingSleep
) -> None:
    sim.state.faults = Faults(latency=Latency(seconds=2.5))
    assert (await http.get(VIEWINGS)).status_code == 200
    assert sleep.calls == [2.5]


async def test_latency_scoped_to_a_method(
    sim: Simulator, http: httpx.AsyncClient, sleep: RecordingSleep
) -> None:
    sim.state.faults = Faults(latency=Latency(seconds=1, method="POST"))
    await http.get(VIEWINGS)
    assert sleep.calls == []
    await http.post(BOOKING, json={})
    assert sleep.calls == [1]


async def test_configured_latency_adds_to_the_fault(
    make_sim: Callable[[SimulatorConfig | None], Simulator], sleep: RecordingSleep
) -> None:
    sim = make_sim(SimulatorConfig(latency=0.5))
    sim.state.faults = Faults(latency=Latency(seconds=1, method="POST"))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(sim.app), base_url="http://vitec.test"
    ) as client:
        await client.get(VIEWINGS)
        await client.post(BOOKING, json={})
        sim.state.reset()
        await client.get(VIEWINGS)
    assert sleep.calls == [0.5, 1.5, 0.5]


@pytest.mark.parametrize(
    ("scope", "method", "path", "hit"),
    [
        (FaultScope(), "GET", "/anything", True),
        (FaultScope(method="post"), "POST", "/Viewing/x", True),
        (FaultScope(method="POST"), "GET", "/Viewing/x", False),
        (FaultScope(path_prefix="Viewing/"), "GET", "/viewing/M30011/x", True),
        (FaultScope(path_prefix="/Viewing/"), "GET", "/ViewingParticipant/x", False),
        (FaultScope(path_prefix="Viewing"), "GET", "/ViewingParticipant/x", True),
        (FaultScope(method="POST", path_prefix="Viewing/"), "POST", "/CRM/x", False),
    ],
)
def test_fault_scope(scope: FaultScope, method: str, path: str, hit: bool) -> None:
    assert scope.hits(method, path) is hit


async def _statuses(http: httpx.AsyncClient, count: int) -> list[int]:
    return [(await http.get(LEADS)).status_code for _ in range(count)]


async def test_server_errors_are_deterministic_per_seed(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    sim.state.faults = Faults(server_errors=ServerErrors(rate=0.5, status=503))
    first = await _statuses(http, 40)
    assert set(first) == {200, 503}
    sim.state.reset()
    sim.state.faults = Faults(server_errors=ServerErrors(rate=0.5, status=503))
    assert await _statuses(http, 40) == first


async def test_server_error_rate_bounds(sim: Simulator, http: httpx.AsyncClient) -> None:
    sim.state.faults = Faults(server_errors=ServerErrors(rate=1))
    response = await http.get(LEADS)
    assert (response.status_code, response.json()) == (500, {"message": "An error has occurred."})
    sim.state.faults = Faults(server_errors=ServerErrors(rate=0))
    assert set(await _statuses(http, 10)) == {200}


async def test_hold_keeps_requests_waiting_until_released(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    sim.state.faults = Faults(hold=Hold(method="POST"))
    booking = asyncio.create_task(http.post(BOOKING, json={}))
    await sim.state.wait_held(1)
    assert not booking.done()
    assert sim.state.bookings == []
    # Requests out of scope are answered meanwhile.
    assert (await http.get(VIEWINGS)).status_code == 200
    assert sim.state.requests[1].status is None  # the held booking, still unanswered
    assert sim.state.release() == 1
    assert (await booking).status_code == 204
    assert len(sim.state.bookings) == 1


async def test_hold_after_applies_the_request_first(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    sim.state.faults = Faults(hold=Hold(path_prefix="Viewing/", method="POST", stage="after"))
    booking = asyncio.create_task(http.post(BOOKING, json={}))
    await sim.state.wait_held(1)
    assert len(sim.state.bookings) == 1  # landed, although the caller has no answer yet
    follow_up = await http.get(
        f"ViewingParticipant/{known.SODERMALM}/{known.ASA_OBERG}/{known.VIEWING_ID}"
    )
    assert len(follow_up.json()) == 1
    sim.state.clear_faults()
    assert (await booking).status_code == 204


async def test_a_held_caller_can_give_up(sim: Simulator, http: httpx.AsyncClient) -> None:
    sim.state.faults = Faults(hold=Hold())
    request = asyncio.create_task(http.get(VIEWINGS))
    await sim.state.wait_held(1)
    request.cancel()
    with pytest.raises(asyncio.CancelledError):
        await request
    assert sim.state.held.count == 0
    assert sim.state.requests[0].status is None


async def test_non_json_answer_is_an_html_page(sim: Simulator, http: httpx.AsyncClient) -> None:
    sim.state.faults = Faults(non_json=NonJson())
    response = await http.get(VIEWINGS)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.startswith("<!DOCTYPE html>")
    sim.state.faults = Faults(non_json=NonJson(status=502))
    assert (await http.get(VIEWINGS)).status_code == 502


async def test_rate_limit_answers_429_with_retry_after(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    sim.state.faults = Faults(rate_limit=RateLimit(retry_after=7, count=2))
    for _ in range(2):
        response = await http.get(VIEWINGS)
        assert response.status_code == 429
        assert response.headers["Retry-After"] == "7"
    assert (await http.get(VIEWINGS)).status_code == 200
    assert sim.state.faults.rate_limit is None


async def test_applied_then_error_stores_the_booking(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    sim.state.faults = Faults(applied_then_error=AppliedThenError(method="POST"))
    response = await http.post(BOOKING, json={})
    assert response.status_code == 500
    assert len(sim.state.bookings) == 1
    # A refused request stays refused: only successes turn into errors.
    assert (await http.post(BOOKING, json={})).status_code == 400
    assert (await http.get(VIEWINGS)).status_code == 200


async def test_forced_status_for_the_next_n_requests(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    sim.state.faults = Faults(forced_status=ForcedStatus(status=503, count=2, path_prefix="CRM/"))
    assert (await http.get(VIEWINGS)).status_code == 200
    assert await _statuses(http, 3) == [503, 503, 200]
    sim.state.faults = Faults(forced_status=ForcedStatus(status=429, retry_after=3))
    response = await http.get(VIEWINGS)
    assert (response.status_code, response.headers["Retry-After"]) == (429, "3")
    sim.state.faults = Faults(forced_status=ForcedStatus(status=401))
    response = await http.get(VIEWINGS)
    assert response.status_code == 401
    assert "WWW-Authenticate" in response.headers


async def test_forced_status_does_not_apply_the_request(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    sim.state.faults = Faults(forced_status=ForcedStatus(status=500))
    assert (await http.post(BOOKING, json={})).status_code == 500
    assert sim.state.bookings == []


async def test_faults_never_touch_the_admin_api(
    sim: Simulator, anonymous: httpx.AsyncClient
) -> None:
    sim.state.faults = Faults(forced_status=ForcedStatus(status=500), hold=Hold())
    assert (await anonymous.get("/_simulator/bookings")).status_code == 200
    assert (await anonymous.delete("/_simulator/faults")).status_code == 204

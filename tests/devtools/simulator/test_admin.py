"""The admin API under /_simulator: bookings, request log, faults, offices, settings, reset."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from devtools.simulator import Faults, Hold, Simulator, known

from .conftest import basic

BOOKING = (
    f"Viewing/{known.SODERMALM}/{known.VIEWING_ID}/{known.SLOT_ID}/Participant/{known.ASA_OBERG}"
)
VIEWINGS = f"Viewing/{known.SODERMALM}/{known.ESTATE_ID}"


async def test_bookings(http: httpx.AsyncClient, anonymous: httpx.AsyncClient) -> None:
    body = {"participated": False, "contactMessage": "Hej!"}
    await http.post(BOOKING, json=body)
    response = await anonymous.get("/_simulator/bookings")
    assert response.status_code == 200
    assert response.json() == [
        {
            "customerId": known.SODERMALM,
            "viewingId": known.VIEWING_ID,
            "timeSlotId": known.SLOT_ID,
            "contactId": known.ASA_OBERG,
            "body": body,
            "at": "2026-12-01T10:00:00",
            "removedAt": None,
        }
    ]


async def test_request_log_is_newest_first_with_the_password_masked(
    http: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    await http.get(VIEWINGS, params={"x": "1"})
    await http.post(BOOKING, json={"reminderTime": 30})
    await anonymous.get(VIEWINGS, headers={"Authorization": "Bearer secret-token"})
    response = await anonymous.get("/_simulator/requests")
    third, second, first = response.json()
    assert first == {
        "at": "2026-12-01T10:00:00",
        "method": "GET",
        "path": f"/{VIEWINGS}",
        "query": "x=1",
        "authorization": "Basic visningsbot:••••",
        "body": None,
        "status": 200,
        "ms": first["ms"],
    }
    assert isinstance(first["ms"], float)
    assert (second["method"], second["body"], second["status"]) == (
        "POST",
        {"reminderTime": 30},
        204,
    )
    assert (third["authorization"], third["status"]) == ("Bearer ••••", 401)
    assert known.PASSWORDS[known.SODERMALM] not in response.text
    assert basic().split()[1] not in response.text
    limited = await anonymous.get("/_simulator/requests", params={"limit": 1})
    assert len(limited.json()) == 1


async def test_request_log_keeps_text_bodies(http: httpx.AsyncClient, sim: Simulator) -> None:
    await http.post(BOOKING, content=b"not json")
    assert sim.state.requests[0].body == "not json"


async def test_request_log_is_bounded(sim: Simulator, http: httpx.AsyncClient) -> None:
    for _ in range(sim.config.request_log_size + 5):
        await http.get("Nothing")
    assert len(sim.state.requests) == sim.config.request_log_size


async def test_faults_put_get_delete(sim: Simulator, anonymous: httpx.AsyncClient) -> None:
    response = await anonymous.put(
        "/_simulator/faults",
        json={
            "latency": {"seconds": 1.5, "method": "POST", "pathPrefix": "Viewing/"},
            "forcedStatus": {"status": 503, "count": 2},
        },
    )
    assert response.status_code == 200
    assert response.json()["latency"] == {
        "method": "POST",
        "pathPrefix": "Viewing/",
        "seconds": 1.5,
    }
    assert sim.state.faults.forced_status is not None
    assert sim.state.faults.forced_status.count == 2
    assert (await anonymous.get("/_simulator/faults")).json() == response.json()
    assert (await anonymous.delete("/_simulator/faults")).status_code == 204
    assert sim.state.faults == Faults()


async def test_faults_put_replaces_and_validates(
    sim: Simulator, anonymous: httpx.AsyncClient
) -> None:
    await anonymous.put("/_simulator/faults", json={"nonJson": {}})
    await anonymous.put("/_simulator/faults", json={"rateLimit": {"retryAfter": 2}})
    assert sim.state.faults.non_json is None
    assert sim.state.faults.rate_limit is not None
    bad_bodies: list[dict[str, Any]] = [
        {"latency": {"seconds": -1}},
        {"serverErrors": {"rate": 2}},
        {"bogus": {}},
    ]
    for bad in bad_bodies:
        response = await anonymous.put("/_simulator/faults", json=bad)
        assert response.status_code == 422, bad
    assert (await anonymous.put("/_simulator/faults", content=b"{")).status_code == 422


async def test_release_lets_held_requests_go(
    sim: Simulator, http: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    await anonymous.put("/_simulator/faults", json={"hold": {"pathPrefix": "Viewing/"}})
    pending = asyncio.create_task(http.get(VIEWINGS))
    await sim.state.wait_held(1)
    response = await anonymous.post("/_simulator/release")
    assert response.json() == {"released": 1}
    assert (await pending).status_code == 200
    assert sim.state.faults.hold == Hold(path_prefix="Viewing/")


async def test_reset(sim: Simulator, http: httpx.AsyncClient, anonymous: httpx.AsyncClient) -> None:
    await http.post(BOOKING, json={})
    sim.state.set_password(known.SODERMALM, "other")
    sim.state.configure(already_booked="ok")
    await anonymous.put("/_simulator/faults", json={"nonJson": {}})
    assert (await anonymous.post("/_simulator/reset")).status_code == 204
    assert sim.state.bookings == []
    assert sim.state.faults == Faults()
    assert sim.state.config == sim.config
    assert len(sim.state.requests) == 0
    follow_up = await http.get(
        f"ViewingParticipant/{known.SODERMALM}/{known.ASA_OBERG}/{known.VIEWING_ID}"
    )
    assert follow_up.json() == []


async def test_offices(anonymous: httpx.AsyncClient) -> None:
    response = await anonymous.get("/_simulator/offices")
    assert response.json() == [
        {
            "customerId": "M30011",
            "name": "Mäklarhuset Södermalm",
            "password": "sim-M30011",
            "closed": False,
        },
        {
            "customerId": "M30012",
            "name": "Mäklarhuset Göteborg",
            "password": "sim-M30012",
            "closed": False,
        },
        {
            "customerId": "M39999",
            "name": "Mäklarhuset Uppsala",
            "password": "sim-M39999",
            "closed": True,
        },
    ]


async def test_change_an_office(
    sim: Simulator, http: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    response = await anonymous.put("/_simulator/offices/m30011", json={"password": "fel"})
    assert response.json()["password"] == "fel"
    assert (await http.get(VIEWINGS)).status_code == 401
    response = await anonymous.put(
        "/_simulator/offices/M30011", json={"password": "sim-M30011", "closed": True}
    )
    assert response.json()["closed"] is True
    assert (await http.get(VIEWINGS)).status_code == 403
    await anonymous.put("/_simulator/offices/M30011", json={"closed": False})
    assert (await http.get(VIEWINGS)).status_code == 200
    await anonymous.put("/_simulator/offices/M30011", json={"password": None})
    assert sim.state.password_of(known.SODERMALM) is None
    assert (await http.get(VIEWINGS)).status_code == 401
    response = await anonymous.put("/_simulator/offices/M10000", json={"closed": True})
    assert response.status_code == 404
    response = await anonymous.put("/_simulator/offices/M30011", json={"closed": "maybe"})
    assert response.status_code == 422


async def test_settings(
    sim: Simulator, http: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    response = await anonymous.get("/_simulator/settings")
    assert response.json() == {"alreadyBooked": "error", "errorBody": "aspnet", "estateList": "on"}
    response = await anonymous.put("/_simulator/settings", json={"alreadyBooked": "ok"})
    assert response.json() == {"alreadyBooked": "ok", "errorBody": "aspnet", "estateList": "on"}
    await http.post(BOOKING, json={})
    assert (await http.post(BOOKING, json={})).status_code == 204
    response = await anonymous.put("/_simulator/settings", json={"errorBody": "xml"})
    assert response.status_code == 422


async def test_the_estate_list_can_be_refused(
    http: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    criteria = {"customerId": known.SODERMALM}
    assert (await http.post("Estate/GetEstateList", json=criteria)).status_code == 200
    for answer, status in (("forbidden", 403), ("missing", 404), ("on", 200)):
        response = await anonymous.put("/_simulator/settings", json={"estateList": answer})
        assert response.json()["estateList"] == answer
        assert (await http.post("Estate/GetEstateList", json=criteria)).status_code == status
    response = await anonymous.put("/_simulator/settings", json={"estateList": "off"})
    assert response.status_code == 422


async def test_shape_variants(
    sim: Simulator, http: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    estate = f"Advertising/Estate/{known.SODERMALM}/{known.ESTATE_ID}"
    assert (await anonymous.get("/_simulator/shape")).json() == {
        "omitDefaults": False,
        "nulls": False,
        "numbers": False,
        "nestedAddress": False,
        "brokenEstate": None,
    }
    response = await anonymous.put(
        "/_simulator/shape", json={"numbers": True, "brokenEstate": {"answer": "error"}}
    )
    assert response.json()["brokenEstate"] == {
        "estateId": known.BROKEN_ESTATE_ID,
        "answer": "error",
    }
    assert (await http.get(estate)).json()["status"]["id"] == 4
    broken = f"Advertising/Estate/{known.SODERMALM}/{known.BROKEN_ESTATE_ID}"
    assert (await http.get(broken)).status_code == 500
    assert (await anonymous.delete("/_simulator/shape")).status_code == 204
    assert (await http.get(estate)).json()["status"]["id"] == "4"
    assert (await http.get(broken)).status_code == 200
    response = await anonymous.put("/_simulator/shape", json={"nulls": "sometimes"})
    assert response.status_code == 422
    await anonymous.put("/_simulator/shape", json={"nulls": True})
    await anonymous.post("/_simulator/reset")
    assert sim.state.shape.nulls is False


async def test_known_records(anonymous: httpx.AsyncClient) -> None:
    records = (await anonymous.get("/_simulator/known")).json()
    assert records["estateId"] == known.ESTATE_ID
    assert records["slotId"] == known.SLOT_ID
    assert records["asaOberg"] == known.ASA_OBERG
    assert records["multiSlotIds"] == list(known.MULTI_SLOT_IDS)

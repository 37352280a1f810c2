"""The estate cache: one unreadable estate costs that estate, and the refresh loop never dies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
import respx

from bot.directory import COLD_RETRY, Directory
from bot.vitec.client import VitecClient
from bot.vitec.errors import VitecAuthError, VitecError
from tests.bot.store.factories import FakeClock
from tests.bot.vitec.support import BASE_URL, CUSTOMER, FakeSleep, http_for

IDS = ("OBJ1_1", "OBJ1_2", "OBJ1_3")


def estate(estate_id: str, street: str) -> dict[str, Any]:
    return {
        "id": estate_id,
        "referenceId": f"2468-{estate_id[-1]}",
        "status": {"id": "3", "name": "Till salu"},
        "address": {"streetAddress": street, "postalTown": "Stockholm"},
    }


def page(changed: str = "2026-11-01T10:00:00") -> dict[str, Any]:
    rows = [{"id": i, "customerId": CUSTOMER, "changedAt": changed} for i in IDS]
    return {"index": 0, "count": 1, "totalRowCount": len(rows), "rows": rows}


@pytest.fixture
def vitec_mock() -> respx.MockRouter:
    return respx.MockRouter(base_url=BASE_URL, assert_all_called=False)


@pytest.fixture
async def directory(vitec_mock: respx.MockRouter, clock: FakeClock) -> AsyncIterator[Directory]:
    async with VitecClient(http_for(vitec_mock), sleep=FakeSleep(), jitter=lambda: 0.5) as vitec:
        yield Directory(vitec, customer_id=CUSTOMER, clock=clock, options_timeout=1.0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def serve(router: respx.MockRouter, broken: httpx.Response | None) -> None:
    """The paged list and per-estate reads, in an office that does not offer the estate list."""
    router.post("/Estate/GetEstateList").respond(404, json={"message": "No HTTP resource"})
    router.get(f"/Advertising/Estate/{CUSTOMER}").respond(json=page())
    router.get(f"/Advertising/Estate/{CUSTOMER}/OBJ1_1").respond(
        json=estate("OBJ1_1", "Götgatan 14")
    )
    router.get(f"/Advertising/Estate/{CUSTOMER}/OBJ1_3").respond(
        json=estate("OBJ1_3", "Ringvägen 3")
    )
    second = router.get(f"/Advertising/Estate/{CUSTOMER}/OBJ1_2")
    if broken is None:
        second.respond(json=estate("OBJ1_2", "Hornsgatan 12"))
    else:
        second.mock(return_value=broken)


@pytest.mark.parametrize(
    "broken",
    [
        httpx.Response(500, text="Internal Server Error"),
        httpx.Response(
            200, text="<html>Underhåll pågår</html>", headers={"Content-Type": "text/html"}
        ),
        httpx.Response(200, json={"referenceId": "2468-2"}),
        httpx.Response(403, json={"message": "Ingen behörighet"}),
    ],
    ids=["500", "html", "no-id", "403"],
)
async def test_one_unreadable_estate_costs_that_estate_only(
    directory: Directory, vitec_mock: respx.MockRouter, broken: httpx.Response
) -> None:
    serve(vitec_mock, broken)

    assert await directory.refresh_estates() == 2

    assert directory.estates_loaded
    assert {e.id for e in (await directory.search_estates("")).estates} == {"OBJ1_1", "OBJ1_3"}
    assert directory.cache_status() == {"loaded": 2, "failed": 1, "age_s": 0}


async def test_a_failed_estate_is_read_again_at_the_next_refresh_and_others_are_not(
    directory: Directory, vitec_mock: respx.MockRouter, clock: FakeClock
) -> None:
    serve(vitec_mock, httpx.Response(503, text="busy"))
    await directory.refresh_estates()
    vitec_mock.clear()
    vitec_mock.reset()
    serve(vitec_mock, None)
    clock.advance(timedelta(minutes=10))

    assert await directory.refresh_estates() == 3

    reads = [c.request.url.path for c in vitec_mock.calls]
    assert reads == [f"/Advertising/Estate/{CUSTOMER}", f"/Advertising/Estate/{CUSTOMER}/OBJ1_2"]
    assert "/Estate/GetEstateList" not in reads, "a refused estate list is not asked every time"
    assert directory.cache_status() == {"loaded": 3, "failed": 0, "age_s": 0}


async def test_a_failed_estate_keeps_its_last_good_copy(
    directory: Directory, vitec_mock: respx.MockRouter, clock: FakeClock
) -> None:
    serve(vitec_mock, None)
    await directory.refresh_estates()
    vitec_mock.clear()
    vitec_mock.reset()
    vitec_mock.get(f"/Advertising/Estate/{CUSTOMER}").respond(json=page("2026-11-02T09:00:00"))
    vitec_mock.get(url__regex=rf"/Advertising/Estate/{CUSTOMER}/.+").respond(500)
    clock.advance(timedelta(minutes=10))

    assert await directory.refresh_estates() == 3

    kept = directory.estate("OBJ1_2")
    assert kept is not None
    assert kept.street_address == "Hornsgatan 12"
    assert directory.cache_status()["failed"] == 3


class ScriptedSleep:
    """Stops the loop after a number of waits, recording each."""

    def __init__(self, turns: int) -> None:
        self.turns = turns
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if len(self.waits) >= self.turns:
            raise _Stop


class _Stop(Exception):
    pass


async def test_the_refresh_loop_survives_any_failure_and_retries_soon_while_cold(
    directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    failures = iter([RuntimeError("bug"), ValueError("odd answer")])

    async def refresh() -> int:
        raise next(failures)

    monkeypatch.setattr(directory, "refresh_estates", refresh)
    sleep = ScriptedSleep(turns=2)
    with pytest.raises(_Stop):
        await directory.refresh_forever(sleep=sleep)
    assert sleep.waits == [COLD_RETRY.total_seconds()] * 2


async def test_once_loaded_the_loop_waits_the_full_interval(
    directory: Directory, vitec_mock: respx.MockRouter
) -> None:
    serve(vitec_mock, None)
    sleep = ScriptedSleep(turns=1)
    with pytest.raises(_Stop):
        await directory.refresh_forever(sleep=sleep)
    assert sleep.waits == [directory.refresh_interval.total_seconds()]


def listed(
    estate_id: str, street: str, status: dict[str, Any] | None, **more: Any
) -> dict[str, Any]:
    item: dict[str, Any] = {"id": estate_id, "streetAddress": street, "objectNumber": "2468-9"}
    if status is not None:
        item["status"] = status
    return {**item, **more}


OFFICE_LIST = [
    {
        "customerId": CUSTOMER,
        "houses": [
            listed("OBJ2_1", "Götgatan 14", {"id": "4", "name": "Till salu"}),
            listed("OBJ2_2", "Hornsgatan 12", {"id": "16384", "name": "Såld"}),
            {"streetAddress": "Utan id 1"},
        ],
        "housingCooperativeses": [
            listed("OBJ2_3", "Ringvägen 3", {"name": "Kommande"}, areaName="Södermalm"),
            listed("OBJ2_4", "Okänd status 4", {"id": "77"}),
            listed(
                "OBJ2_5",
                "Okänd status med visning 5",
                {"id": "77"},
                viewingsList=[{"startTime": "2026-12-01T17:00:00"}],
            ),
        ],
        "plots": [listed("OBJ2_6", "Tomt utan status 6", None)],
    }
]


async def test_the_whole_office_comes_in_one_call_where_vitec_offers_it(
    directory: Directory, vitec_mock: respx.MockRouter
) -> None:
    vitec_mock.post("/Estate/GetEstateList").respond(json=OFFICE_LIST)

    assert await directory.refresh_estates() == 4

    assert [(c.request.method, c.request.url.path) for c in vitec_mock.calls] == [
        ("POST", "/Estate/GetEstateList")
    ]
    found = {e.id: e for e in (await directory.search_estates("")).estates}
    assert set(found) == {"OBJ2_1", "OBJ2_3", "OBJ2_5", "OBJ2_6"}, (
        "sold and unknown estates without a viewing are left out; the one without id is skipped"
    )
    assert found["OBJ2_3"].area == "Södermalm"


@pytest.mark.parametrize("status", [400, 403, 404, 405])
async def test_an_office_without_the_estate_list_is_read_estate_by_estate(
    directory: Directory, vitec_mock: respx.MockRouter, clock: FakeClock, status: int
) -> None:
    serve(vitec_mock, None)
    vitec_mock.post("/Estate/GetEstateList").respond(status, json={"message": "Nej"})

    assert await directory.refresh_estates() == 3

    clock.advance(timedelta(hours=6))
    vitec_mock.clear()
    vitec_mock.reset()
    vitec_mock.post("/Estate/GetEstateList").respond(json=OFFICE_LIST)
    assert await directory.refresh_estates() == 4, "asked again after a while"


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(500, text="Internal Server Error"),
        httpx.Response(200, text="<html>Logga in</html>", headers={"Content-Type": "text/html"}),
        httpx.Response(200, json=[]),
        httpx.Response(200, json=[{"customerId": CUSTOMER, "houses": [{"id": "OBJ3_1"}]}]),
    ],
    ids=["500", "html", "empty", "no-addresses"],
)
async def test_an_estate_list_that_cannot_stand_in_for_the_paged_one_is_not_used(
    directory: Directory, vitec_mock: respx.MockRouter, answer: httpx.Response
) -> None:
    serve(vitec_mock, None)
    vitec_mock.post("/Estate/GetEstateList").mock(return_value=answer)

    assert await directory.refresh_estates() == 3
    assert directory.estate("OBJ1_2") is not None


async def test_a_refused_password_on_the_estate_list_fails_the_refresh(
    directory: Directory, vitec_mock: respx.MockRouter
) -> None:
    vitec_mock.post("/Estate/GetEstateList").respond(401)
    with pytest.raises(VitecAuthError):
        await directory.refresh_estates()
    assert not directory.estates_loaded


async def test_a_paged_list_that_ignores_the_page_index_is_read_once(
    directory: Directory, vitec_mock: respx.MockRouter
) -> None:
    serve(vitec_mock, None)
    endless = {**page(), "count": 50}
    pages = vitec_mock.get(f"/Advertising/Estate/{CUSTOMER}").respond(json=endless)

    assert await directory.refresh_estates() == 3
    assert pages.call_count == 2, "the repeated page ends the reading"


async def test_one_estate_vitec_notified_is_read_again_renamed_or_dropped_when_sold(
    directory: Directory, vitec_mock: respx.MockRouter
) -> None:
    serve(vitec_mock, None)
    await directory.refresh_estates()
    one = vitec_mock.get(f"/Advertising/Estate/{CUSTOMER}/OBJ1_2")

    one.respond(json=estate("OBJ1_2", "Hornsgatan 12 lgh 1001"))
    entry = await directory.refresh_estate("OBJ1_2")
    assert entry is not None
    assert directory.match_command("Hornsgatan 12 lgh 1001").estate == entry

    one.respond(json={**estate("OBJ1_2", "Hornsgatan 12"), "status": {"id": "9", "name": "Såld"}})
    assert await directory.refresh_estate("OBJ1_2") is None
    assert directory.estate("OBJ1_2") is None
    assert directory.match_command("Hornsgatan 12").kind != "found"
    assert directory.estate("OBJ1_1") is not None, "the other estates stay"

    one.respond(404, json={"message": "Not found"})
    assert await directory.refresh_estate("OBJ1_2") is None

    one.respond(500, text="Internal Server Error")
    with pytest.raises(VitecError):
        await directory.refresh_estate("OBJ1_2")
    assert directory.estate("OBJ1_1") is not None

"""The estate list another process shared: loaded as far as it can be read, never blindly."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import Any

import pytest
import respx

from bot.directory import Directory
from bot.domain import EstateEntry
from bot.store import SharedEstates
from bot.vitec.client import VitecClient
from tests.bot.store.factories import FakeClock
from tests.bot.vitec.support import CUSTOMER, FakeSleep, http_for

GOOD = EstateEntry.build(
    estate_id="OBJ1_1",
    customer_id=CUSTOMER,
    street_address="Götgatan 14",
    area="Södermalm",
    postal_town="Stockholm",
    reference_id="2468-1134",
    status="Till salu",
)


class SharedBy:
    """Stands in for the database: what another process shared, and what was asked."""

    shared = True

    def __init__(self, payload: Any, refreshed_at: datetime) -> None:
        self.payload = payload
        self.refreshed_at = refreshed_at
        self.asked: list[datetime | None] = []

    async def shared_estates(
        self, customer_id: str, *, newer_than: datetime | None
    ) -> SharedEstates | None:
        self.asked.append(newer_than)
        if newer_than is not None and newer_than >= self.refreshed_at:
            return None
        return SharedEstates(self.refreshed_at, 2, self.payload)


async def loaded_from(payload: Any, clock: FakeClock) -> tuple[Directory, SharedBy]:
    shared = SharedBy(payload, clock() - timedelta(minutes=1))
    vitec = VitecClient(http_for(respx.MockRouter()), sleep=FakeSleep())
    directory = Directory(
        vitec,
        customer_id=CUSTOMER,
        clock=clock,
        options_timeout=1.0,
        coordination=shared,  # type: ignore[arg-type]
    )
    await directory.refresh_when_due()
    await vitec.aclose()
    return directory, shared


@pytest.mark.parametrize(
    "odd",
    [
        {**dataclasses.asdict(GOOD), "id": "OBJ1_2", "owner": "someone"},
        {k: v for k, v in dataclasses.asdict(GOOD).items() if k != "street_address"},
        "OBJ1_3",
        None,
        ["OBJ1_4"],
    ],
)
async def test_rows_that_do_not_fit_are_left_out_and_the_rest_loads(odd: Any) -> None:
    clock = FakeClock()
    payload = {
        "entries": [dataclasses.asdict(GOOD), odd],
        "changed": {GOOD.id: "2026-11-01T10:00:00+00:00", "OBJ1_2": "x" * 10_000},
    }
    directory, _ = await loaded_from(payload, clock)

    assert directory.estates_loaded
    assert (await directory.search_estates("")).estates == (GOOD,)
    status = directory.cache_status()
    assert (status["loaded"], status["failed"], status["age_s"]) == (1, 2, 60)


@pytest.mark.parametrize("payload", [{}, {"entries": "Götgatan"}, {"entries": None}])
async def test_a_shared_list_without_estates_loads_as_empty(payload: dict[str, Any]) -> None:
    directory, _ = await loaded_from(payload, FakeClock())

    assert (await directory.search_estates("götgatan")).estates == ()


async def test_a_list_already_loaded_is_not_read_again() -> None:
    clock = FakeClock()
    directory, shared = await loaded_from({"entries": [dataclasses.asdict(GOOD)]}, clock)
    await directory.refresh_when_due()

    assert shared.asked == [None, shared.refreshed_at]
    assert directory.estate(GOOD.id) == GOOD

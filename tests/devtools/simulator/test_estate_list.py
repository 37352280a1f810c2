"""``POST Estate/GetEstateList``: the whole office in one call, filtered by ``EstateCriteria``."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from devtools.simulator import Simulator, known

LIST = "Estate/GetEstateList"
CATEGORIES = {
    "houses",
    "cottages",
    "housingCooperativeses",
    "plots",
    "projects",
    "farms",
    "commercialPropertys",
    "condominiums",
    "foreignProperties",
    "premises",
}


def _items(answer: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every listed estate by id, whatever its category."""
    return {
        item["id"]: item
        for row in answer
        for name, items in row.items()
        if name in CATEGORIES
        for item in items
    }


async def test_the_whole_office_in_one_call(sim: Simulator, http: httpx.AsyncClient) -> None:
    response = await http.post(LIST, json={"customerId": known.SODERMALM})
    assert response.status_code == 200
    (row,) = response.json()
    assert set(row) == {"customerId", *CATEGORIES}
    assert row["customerId"] == known.SODERMALM
    items = _items([row])
    assert set(items) == {e.id for e in sim.state.data.estates_of(known.SODERMALM)}
    assert items[known.ESTATE_ID] in row["housingCooperativeses"]
    assert items[known.LEGACY_ESTATE_ID] in row["houses"]
    assert items[known.ESTATE_ID] == {
        "id": known.ESTATE_ID,
        "status": {"id": "4", "name": "Till salu"},
        "customerId": known.SODERMALM,
        "areaName": "Södermalm",
        "dateChanged": items[known.ESTATE_ID]["dateChanged"],
        "streetAddress": known.ESTATE_STREET,
        "viewingsList": [
            {"startTime": "2026-11-27T17:30:00", "endTime": "2026-11-27T18:15:00"},
            {"startTime": "2026-12-04T17:30:00", "endTime": "2026-12-04T18:15:00"},
        ],
        "objectNumber": known.ESTATE_REFERENCE,
    }
    assert items[known.SOLD_ESTATE_ID]["status"] == {"id": "16384", "name": "Såld"}
    assert "viewingsList" in items[known.EMPTY_ESTATE_ID]


@pytest.mark.parametrize(
    "statuses",
    [
        [{"id": "4"}, {"id": "1024"}],
        [{"id": 4}, {"Id": 1024}],
        [{"name": "till salu"}, {"name": "Kommande"}],
    ],
)
async def test_statuses_filter_by_id_or_name(
    sim: Simulator, http: httpx.AsyncClient, statuses: list[dict[str, Any]]
) -> None:
    response = await http.post(LIST, json={"customerId": known.SODERMALM, "statuses": statuses})
    listed = set(_items(response.json()))
    wanted = {
        e.id
        for e in sim.state.data.estates_of(known.SODERMALM)
        if e.status.label in ("Till salu", "Kommande")
    }
    assert listed == wanted
    assert known.MULTI_ESTATE_ID in listed
    assert known.SOLD_ESTATE_ID not in listed


async def test_type_user_and_dates_filter(sim: Simulator, http: httpx.AsyncClient) -> None:
    estates = sim.state.data.estates_of(known.SODERMALM)

    async def listed(**criteria: Any) -> set[str]:
        body = {"customerId": known.SODERMALM, **criteria}
        response = await http.post(LIST, json=body)
        assert response.status_code == 200, response.text
        return set(_items(response.json()))

    flats = {e.id for e in estates if e.kind.criteria_name == "HousingCooperative"}
    assert await listed(type=["housingcooperative"]) == flats
    assert await listed(userId=known.AGENT_ID.lower()) == {
        e.id for e in estates if known.AGENT_ID in e.agent_ids
    }
    assert known.ESTATE_ID in await listed(
        typeOfDate="ViewingDate", dateFrom="2026-12-04T00:00:00", dateTo="2026-12-04T23:59:59"
    )
    assert known.ESTATE_ID not in await listed(
        typeOfDate="ViewingDate", dateFrom="2026-12-05T00:00:00+01:00"
    )
    changed = await listed(typeOfDate="DateChanged", dateFrom="2026-11-24T00:00:00")
    assert 0 < len(changed) < len(estates)
    assert changed == {e.id for e in estates if e.changed_at.isoformat() >= "2026-11-24"}
    assert await listed(typeOfDate="SignatureDate", dateFrom="2026-01-01T00:00:00") == set()


async def test_without_an_office_every_office_the_password_opens(http: httpx.AsyncClient) -> None:
    response = await http.post(LIST, json={})
    assert [row["customerId"] for row in response.json()] == [known.SODERMALM]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"customerId": known.SODERMALM, "type": ["Castle"]}, "model.Type[0]"),
        ({"customerId": known.SODERMALM, "statuses": "4"}, "model.Statuses"),
        ({"customerId": known.SODERMALM, "dateFrom": "igår"}, "model.DateFrom"),
        ({"customerId": known.SODERMALM, "typeOfDate": "Sometime"}, "model.TypeOfDate"),
        ({"customerId": 30011}, "model.CustomerId"),
        ([known.SODERMALM], "criteria"),
    ],
)
async def test_a_bad_criteria_is_a_400_naming_the_field(
    http: httpx.AsyncClient, body: Any, field: str
) -> None:
    response = await http.post(LIST, json=body)
    assert response.status_code == 400
    assert list(response.json()["modelState"]) == [field]


async def test_other_offices_are_refused(http: httpx.AsyncClient) -> None:
    response = await http.post(LIST, json={"customerId": known.GOTEBORG})
    assert response.status_code == 403


@pytest.mark.parametrize(("answer", "status"), [("forbidden", 403), ("missing", 404)])
async def test_the_call_can_be_refused(
    sim: Simulator, http: httpx.AsyncClient, answer: str, status: int
) -> None:
    sim.state.configure(estate_list=answer)  # type: ignore[arg-type]
    response = await http.post(LIST, json={"customerId": known.SODERMALM})
    assert response.status_code == status
    assert response.json()["message"]
    # The paged list and each estate, the way round, still answer.
    page = await http.get(f"Advertising/Estate/{known.SODERMALM}", params={"PageSize": 100})
    assert page.json()["totalRowCount"] == 40

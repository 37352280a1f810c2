"""Shape variants: records worded every way Vitec's contract allows, and one broken estate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from devtools.simulator import BrokenEstate, Shape, Simulator, SimulatorConfig, known

from .conftest import basic

VIEWINGS = f"Viewing/{known.SODERMALM}/{known.LEGACY_ESTATE_ID}"
ESTATE = f"Advertising/Estate/{known.SODERMALM}/{known.ESTATE_ID}"
ASA_BY_EMAIL = {"customerId": known.SODERMALM, "emailAddresses": [known.ASA_EMAIL]}


async def _get(http: httpx.AsyncClient, path: str) -> Any:
    response = await http.get(path)
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_published_shape_leaves_missing_values_out(http: httpx.AsyncClient) -> None:
    (viewing,) = await _get(http, VIEWINGS)
    assert "participantPerTimeSlot" not in viewing
    assert "bookingUrl" not in viewing
    assert viewing["showOnInternet"] is True
    (person,) = (await http.post("Contacts/GetContacts", json=ASA_BY_EMAIL)).json()[0]["persons"]
    assert "telePhone" not in person
    assert "socialSecurityNumber" not in person


async def test_nulls_send_missing_values_as_null(sim: Simulator, http: httpx.AsyncClient) -> None:
    sim.state.configure(shape=Shape(nulls=True))
    (viewing,) = await _get(http, VIEWINGS)
    assert viewing["participantPerTimeSlot"] is None
    assert viewing["noLaterThen"] is None
    assert viewing["bookingUrl"] is None
    (person,) = (await http.post("Contacts/GetContacts", json=ASA_BY_EMAIL)).json()[0]["persons"]
    assert (person["telePhone"], person["workPhone"], person["cellPhone"]) == (
        None,
        None,
        known.ASA_PHONE,
    )
    assert person["email"] == {"emailAddress": known.ASA_EMAIL, "emailAddress2": None}
    (contact,) = await _get(http, f"CRM/Contact/{known.SODERMALM}/{known.ASA_OBERG}")
    assert contact["telephone"] == {
        "home": None,
        "work": None,
        "cell": known.ASA_PHONE,
        "other": None,
    }


async def test_omitted_defaults_leave_false_zero_and_empty_lists_out(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    sim.state.configure(shape=Shape(omit_defaults=True))
    viewings = await _get(http, f"Viewing/{known.SODERMALM}/{known.MULTI_ESTATE_ID}")
    slots = viewings[0]["timeSlots"]
    # The third slot has nobody booked: no participants list at all.
    assert [len(s.get("participants", [])) for s in slots] == [1, 3, 0]
    assert "participants" not in slots[2]
    # Nobody has attended an upcoming viewing yet.
    assert all("hasParticipated" not in p for p in slots[1]["participants"])
    rows = (await http.post("Contacts/GetContacts", json=ASA_BY_EMAIL)).json()
    assert set(rows[0]) == {"customerId", "persons"}
    page = await _get(http, f"Advertising/Estate/{known.SODERMALM}?PageSize=10")
    assert "index" not in page
    assert page["totalRowCount"] == 40
    follow_up = f"ViewingParticipant/{known.SODERMALM}/{known.ASA_OBERG}/{known.VIEWING_ID}"
    assert await _get(http, follow_up) == []


async def test_numbers_and_nested_address(sim: Simulator, http: httpx.AsyncClient) -> None:
    sim.state.configure(shape=Shape(numbers=True, nested_address=True))
    estate = await _get(http, ESTATE)
    assert estate["status"] == {"id": 4, "name": "Till salu"}
    assert estate["address"] == {
        "streetAddress": known.ESTATE_STREET,
        "zipCode": {"value": "118 46"},
        "postalTown": "Stockholm",
        "area": {"id": "sodermalm", "name": "Södermalm"},
    }
    # The estate list's status is a Common.Estate.Status, whose id the swagger types as a string.
    lists = (await http.post("Estate/GetEstateList", json={"customerId": known.SODERMALM})).json()
    flats = lists[0]["housingCooperativeses"]
    assert next(i for i in flats if i["id"] == known.ESTATE_ID)["status"]["id"] == "4"


async def test_a_broken_estate_answers_500_to_every_read(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    sim.state.configure(
        shape=Shape(broken_estate=BrokenEstate(estate_id=known.MULTI_ESTATE_ID.lower()))
    )
    for path in (
        f"Viewing/{known.SODERMALM}/{known.MULTI_ESTATE_ID}",
        f"Advertising/Estate/{known.SODERMALM}/{known.MULTI_ESTATE_ID}",
        f"v2/Advertising/Form/{known.SODERMALM}/Estate/{known.MULTI_ESTATE_ID}",
    ):
        response = await http.get(path)
        assert (response.status_code, response.json()) == (
            500,
            {"message": "An error has occurred."},
        )
    assert (await http.get(ESTATE)).status_code == 200
    # Its viewings can still be booked: only reads of the estate fail.
    booking = (
        f"Viewing/{known.SODERMALM}/{known.MULTI_VIEWING_ID}/{known.MULTI_SLOT_IDS[0]}"
        f"/Participant/{known.ASA_OBERG}"
    )
    assert (await http.post(booking, json={})).status_code == 204


async def test_an_unreadable_estate(sim: Simulator, http: httpx.AsyncClient) -> None:
    sim.state.configure(
        shape=Shape(
            broken_estate=BrokenEstate(estate_id=known.MULTI_ESTATE_ID, answer="unreadable")
        )
    )
    estate = await _get(http, f"Advertising/Estate/{known.SODERMALM}/{known.MULTI_ESTATE_ID}")
    assert estate["status"] == "Kommande"
    assert estate["address"] == "Swedenborgsgatan 8, 118 48 Stockholm"
    assert estate["changedAt"] == "i går"
    (viewing,) = await _get(http, f"Viewing/{known.SODERMALM}/{known.MULTI_ESTATE_ID}")
    assert [s["participants"] for s in viewing["timeSlots"]] == [1, 3, 0]
    lists = (await http.post("Estate/GetEstateList", json={"customerId": known.SODERMALM})).json()
    items = {i["id"]: i for i in lists[0]["housingCooperativeses"]}
    assert items[known.MULTI_ESTATE_ID]["viewingsList"] == 1
    assert items[known.ESTATE_ID]["status"] == {"id": "4", "name": "Till salu"}


async def test_the_shape_is_a_config_setting(make_sim: Callable[..., Simulator]) -> None:
    sim = make_sim(SimulatorConfig(shape=Shape(nulls=True)))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(sim.app),
        base_url="http://vitec.test",
        headers={"Authorization": basic()},
    ) as client:
        (viewing,) = await _get(client, VIEWINGS)
    assert viewing["commentary"] is None
    sim.state.configure(shape=Shape())
    sim.state.reset()
    assert sim.state.shape == Shape(nulls=True)


@pytest.mark.parametrize(
    ("data", "rendered"),
    [
        (
            {"a": None, "b": False, "c": 0, "d": [], "e": "", "f": {"g": None}},
            {"b": False, "c": 0, "d": [], "e": "", "f": {}},
        ),
        ([{"a": None}, None], [{}, None]),
    ],
)
def test_render_leaves_out_only_none_by_default(data: Any, rendered: Any) -> None:
    assert Shape().render(data) == rendered
    assert Shape(omit_defaults=True).render({"x": data}) == (
        {"x": [{}, None]} if isinstance(data, list) else {"x": {"f": {}}}
    )

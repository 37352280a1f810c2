"""Each Vitec endpoint's shape, casing and status codes, as the simulator answers them."""

from __future__ import annotations

import re

import httpx
import pytest

from devtools.simulator import Simulator, known

from .conftest import basic

BARE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?")


async def test_viewings_of_an_estate(sim: Simulator, http: httpx.AsyncClient) -> None:
    response = await http.get(f"Viewing/{known.SODERMALM}/{known.ESTATE_ID}")
    assert response.status_code == 200
    past, upcoming = response.json()
    booked = [r for r in sim.state.data.registrations if r.slot_id == known.SLOT_ID]
    assert len(booked) == known.SLOT_BOOKED
    assert upcoming == {
        "id": known.VIEWING_ID,
        "startsAt": "2026-12-04T17:30:00",
        "endsAt": "2026-12-04T18:15:00",
        "showOnInternet": True,
        "commentary": "Välkommen på visning! Skoskydd finns på plats.",
        "participantPerTimeSlot": known.SLOT_CAPACITY,
        "bookableFromInternet": True,
        "noLaterThen": "2026-12-04T12:00:00",
        "timeSlots": [
            {
                "id": known.SLOT_ID,
                "startsAt": "2026-12-04T17:30:00",
                "endsAt": "2026-12-04T18:15:00",
                "participants": [
                    {"contactId": r.contact_id, "hasParticipated": False} for r in booked
                ],
            }
        ],
        "estateId": known.ESTATE_ID,
    }
    assert past["id"] == known.PAST_VIEWING_ID
    assert past["startsAt"] == "2026-11-27T17:30:00"
    attended = [p["hasParticipated"] for p in past["timeSlots"][0]["participants"]]
    assert len(attended) == 5
    assert True in attended


async def test_viewings_of_an_estate_without_any(http: httpx.AsyncClient) -> None:
    response = await http.get(f"Viewing/{known.SODERMALM}/{known.EMPTY_ESTATE_ID}")
    assert (response.status_code, response.json()) == (200, [])


async def test_paths_and_ids_are_case_insensitive(http: httpx.AsyncClient) -> None:
    response = await http.get(f"viewing/m30011/{known.ESTATE_ID.lower()}")
    assert response.status_code == 200
    assert response.json()[1]["id"] == known.VIEWING_ID


async def test_a_viewing_without_limit_leaves_the_limit_out(http: httpx.AsyncClient) -> None:
    response = await http.get(f"Viewing/{known.SODERMALM}/{known.LEGACY_ESTATE_ID}")
    (viewing,) = response.json()
    assert "participantPerTimeSlot" not in viewing
    assert "noLaterThen" not in viewing
    assert "commentary" not in viewing
    assert None not in viewing.values()


async def test_estate_form(http: httpx.AsyncClient) -> None:
    response = await http.get(f"v2/Advertising/Form/{known.SODERMALM}/Estate/{known.ESTATE_ID}")
    assert response.status_code == 200
    form = response.json()
    assert form["id"] == known.ESTATE_ID
    assert form["office"] == {"customerId": known.SODERMALM, "name": "Mäklarhuset Södermalm"}
    assert form["address"] == {
        "streetAddress": known.ESTATE_STREET,
        "zipCode": "118 46",
        "city": "Stockholm",
    }
    primary = form["agents"][0]
    assert primary["id"] == known.AGENT_ID
    assert primary["isPrimary"] is True
    assert set(primary) == {"id", "name", "email", "isPrimary"}
    past, upcoming = form["viewings"]
    assert set(upcoming) == {
        "id",
        "startsAt",
        "endsAt",
        "deadlineAt",
        "isSelfRegistrationEnabled",
        "isVisible",
        "comment",
        "timeSlots",
    }
    assert upcoming["deadlineAt"] == "2026-12-04T12:00:00"
    assert upcoming["timeSlots"][0]["isRegistrationAvailable"] is True
    assert past["timeSlots"][0]["isRegistrationAvailable"] is False


async def test_form_marks_full_and_late_slots_unavailable(http: httpx.AsyncClient) -> None:
    for estate_id in (known.FULL_ESTATE_ID, known.LATE_ESTATE_ID):
        response = await http.get(f"v2/Advertising/Form/{known.SODERMALM}/Estate/{estate_id}")
        (viewing,) = response.json()["viewings"]
        assert viewing["timeSlots"][0]["isRegistrationAvailable"] is False
    response = await http.get(
        f"v2/Advertising/Form/{known.SODERMALM}/Estate/{known.MULTI_ESTATE_ID}"
    )
    (viewing,) = response.json()["viewings"]
    assert [s["isRegistrationAvailable"] for s in viewing["timeSlots"]] == [True, False, True]


async def test_follow_up_is_empty_when_not_booked(http: httpx.AsyncClient) -> None:
    response = await http.get(
        f"ViewingParticipant/{known.SODERMALM}/{known.ASA_OBERG}/{known.VIEWING_ID}"
    )
    assert (response.status_code, response.json()) == (200, [])


async def test_follow_up_of_a_booked_contact(sim: Simulator, http: httpx.AsyncClient) -> None:
    booked = next(r for r in sim.state.data.registrations if r.slot_id == known.PAST_SLOT_ID)
    response = await http.get(
        f"ViewingParticipant/{known.SODERMALM}/{booked.contact_id}/{known.PAST_VIEWING_ID}"
    )
    (row,) = response.json()
    assert row == {
        "timeSlotId": known.PAST_SLOT_ID,
        "contactId": booked.contact_id,
        "viewingId": known.PAST_VIEWING_ID,
        "participated": booked.participated,
        "contacted": booked.contacted,
    }
    assert row["contacted"] in ("Yes", "No", "NotRelevant")


async def test_contact_search(http: httpx.AsyncClient) -> None:
    response = await http.get(
        f"CRM/Contact/{known.SODERMALM}/Search", params={"Term": "erik johansson"}
    )
    assert response.status_code == 200
    matches = response.json()["matches"]
    assert {m["id"] for m in matches[:2]} == {known.ERIK_JOHANSSON_1, known.ERIK_JOHANSSON_2}
    assert set(matches[0]) == {"id", "changedAt", "customerId", "type", "score"}
    assert matches[0]["type"] == "Person"
    assert matches[0]["customerId"] == known.SODERMALM
    scores = [m["score"] for m in matches]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("term", ["Åsa Öberg", "asa oberg", "ÅSA ÖBERG", "Öberg Åsa", "oberg"])
async def test_contact_search_ignores_case_and_diacritics(
    http: httpx.AsyncClient, term: str
) -> None:
    response = await http.get(f"CRM/Contact/{known.SODERMALM}/Search", params={"Term": term})
    assert response.json()["matches"][0]["id"] == known.ASA_OBERG


async def test_contact_search_by_email_and_phone(http: httpx.AsyncClient) -> None:
    for term in (known.ASA_EMAIL.upper(), "0701234567"):
        response = await http.get(f"CRM/Contact/{known.SODERMALM}/Search", params={"Term": term})
        assert response.json()["matches"][0]["id"] == known.ASA_OBERG


async def test_contact_search_max_size(http: httpx.AsyncClient) -> None:
    response = await http.get(
        f"CRM/Contact/{known.SODERMALM}/Search", params={"Term": "Johansson", "MaxSize": 1}
    )
    assert len(response.json()["matches"]) == 1


@pytest.mark.parametrize("term", ["", "Åsa", "  abc  "])
async def test_contact_search_needs_five_characters(http: httpx.AsyncClient, term: str) -> None:
    response = await http.get(f"CRM/Contact/{known.SODERMALM}/Search", params={"Term": term})
    assert response.status_code == 400
    assert list(response.json()["modelState"]) == ["model.Term"]


async def test_contacts_by_ids(http: httpx.AsyncClient) -> None:
    ids = f"{known.ASA_OBERG},{known.JONS_ARLIG.lower()},ADR{'0' * 32}"
    response = await http.get(f"CRM/Contact/{known.SODERMALM}/{ids}")
    assert response.status_code == 200
    asa, jons = response.json()
    assert asa == {
        "id": known.ASA_OBERG,
        "type": "Person",
        "firstName": "Åsa",
        "lastName": "Öberg",
        "telephone": {"cell": known.ASA_PHONE},
        "email": {"emailAddress": known.ASA_EMAIL},
        "address": asa["address"],
        "customerId": known.SODERMALM,
        "changedAt": asa["changedAt"],
    }
    assert set(asa["address"]) == {"streetAddress", "zipCode", "city"}
    assert BARE_TIME.fullmatch(asa["changedAt"])
    assert (jons["firstName"], jons["lastName"]) == ("Jöns", "Ärlig")


async def test_contacts_by_ids_allows_twenty(sim: Simulator, http: httpx.AsyncClient) -> None:
    ids = [c.id for c in sim.state.data.contacts_of(known.SODERMALM)]
    response = await http.get(f"CRM/Contact/{known.SODERMALM}/{','.join(ids[:20])}")
    assert len(response.json()) == 20
    response = await http.get(f"CRM/Contact/{known.SODERMALM}/{','.join(ids[:21])}")
    assert response.status_code == 400
    assert "ids" in response.json()["modelState"]


async def test_one_person(http: httpx.AsyncClient) -> None:
    response = await http.get(f"CRM/Contact/{known.SODERMALM}/Person/{known.BJORN_LINDSTROM}")
    assert response.status_code == 200
    assert response.json()["lastName"] == "Lindström"
    missing = await http.get(f"CRM/Contact/{known.SODERMALM}/Person/ADR{'0' * 32}")
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "number", ["070-123 45 67", "0701234567", "+46 70 123 45 67", "+46701234567", "0046701234567"]
)
async def test_contacts_by_phone(http: httpx.AsyncClient, number: str) -> None:
    response = await http.get(
        "Contacts/GetContactsWithPhonenumber",
        params={"phoneNumber": number, "customerId": known.SODERMALM},
    )
    assert response.status_code == 200
    assert response.json() == [{"customerId": known.SODERMALM, "contactIds": [known.ASA_OBERG]}]


async def test_contacts_by_phone_without_match_or_number(http: httpx.AsyncClient) -> None:
    response = await http.get(
        "Contacts/GetContactsWithPhonenumber",
        params={"phoneNumber": "0700000000", "customerId": known.SODERMALM},
    )
    assert response.json() == []
    response = await http.get("Contacts/GetContactsWithPhonenumber", params={"phoneNumber": ""})
    assert response.status_code == 400


async def test_contacts_by_phone_without_office_searches_the_credentials_office(
    http: httpx.AsyncClient,
) -> None:
    response = await http.get(
        "Contacts/GetContactsWithPhonenumber", params={"phonenumber": known.ASA_PHONE}
    )
    assert response.json() == [{"customerId": known.SODERMALM, "contactIds": [known.ASA_OBERG]}]


async def test_contacts_by_email(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "Contacts/GetContacts",
        json={"customerId": known.SODERMALM, "emailAddresses": [known.ASA_EMAIL.upper()]},
    )
    assert response.status_code == 200
    (row,) = response.json()
    assert row["customerId"] == known.SODERMALM
    assert (row["companies"], row["estates"]) == ([], [])
    (asa,) = row["persons"]
    assert asa == {
        "contactId": known.ASA_OBERG,
        "customerId": known.SODERMALM,
        "firstName": "Åsa",
        "lastName": "Öberg",
        "cellPhone": known.ASA_PHONE,
        "email": {"emailAddress": known.ASA_EMAIL},
        "address": asa["address"],
        "changedAt": asa["changedAt"],
    }
    assert set(asa["address"]) == {"streetAddress", "zipCode", "city"}


async def test_contacts_by_email_binds_case_insensitively(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "Contacts/GetContacts",
        json={"CustomerId": known.SODERMALM, "EmailAddresses": ["nobody@example.com"]},
    )
    assert (response.status_code, response.json()) == (200, [])
    response = await http.post("Contacts/GetContacts", json={"customerId": known.SODERMALM})
    assert response.status_code == 400


async def test_lead_sources(http: httpx.AsyncClient) -> None:
    response = await http.get(f"CRM/Lead/{known.SODERMALM}/LeadSources")
    assert response.status_code == 200
    sources = response.json()
    assert all(set(s) == {"id", "name", "leadType"} for s in sources)
    assert {s["leadType"] for s in sources} == {
        "AcceptObjectFlow",
        "ContactContactFlow",
        "ProspectiveLogFlow",
    }
    ids = {s["id"] for s in sources}
    assert {known.LEAD_SOURCE_ID, known.WORKFLOW_LEAD_SOURCE_ID} <= ids


async def test_estate_list_pages(http: httpx.AsyncClient) -> None:
    response = await http.get(
        f"Advertising/Estate/{known.SODERMALM}",
        params={"Status": 4 | 1024, "PageSize": 10, "PageIndex": 0},
    )
    assert response.status_code == 200
    page = response.json()
    assert set(page) == {"index", "count", "totalRowCount", "rows"}
    total = page["totalRowCount"]
    assert page["index"] == 0
    assert page["count"] == -(-total // 10)
    assert page["rows"][0] == {
        "id": known.ESTATE_ID,
        "customerId": known.SODERMALM,
        "changedAt": page["rows"][0]["changedAt"],
    }
    seen = [row["id"] for row in page["rows"]]
    for index in range(1, page["count"] + 1):
        response = await http.get(
            f"Advertising/Estate/{known.SODERMALM}",
            params={"Status": 1028, "PageSize": 10, "PageIndex": index},
        )
        seen += [row["id"] for row in response.json()["rows"]]
    assert len(seen) == len(set(seen)) == total
    assert known.SOLD_ESTATE_ID not in seen
    assert known.MULTI_ESTATE_ID in seen


async def test_estate_list_filters_by_status_bits(http: httpx.AsyncClient) -> None:
    async def total(status: int) -> int:
        response = await http.get(
            f"Advertising/Estate/{known.SODERMALM}", params={"Status": status, "PageSize": 100}
        )
        return int(response.json()["totalRowCount"])

    for_sale, coming, advantage, soon = [await total(s) for s in (4, 1024, 2048, 8192)]
    assert for_sale > coming > 0
    assert await total(4 | 1024 | 2048 | 8192) == for_sale + coming + advantage + soon
    assert await total(0) == 40


@pytest.mark.parametrize(
    "params", [{"Status": "x"}, {"PageSize": 0}, {"PageIndex": -1}, {"PageSize": 5000}]
)
async def test_estate_list_refuses_bad_paging(
    http: httpx.AsyncClient, params: dict[str, object]
) -> None:
    response = await http.get(f"Advertising/Estate/{known.SODERMALM}", params=params)  # type: ignore[arg-type]
    assert response.status_code == 400


async def test_one_estate(http: httpx.AsyncClient) -> None:
    response = await http.get(f"Advertising/Estate/{known.SODERMALM}/{known.ESTATE_ID}")
    assert response.status_code == 200
    estate = response.json()
    assert estate["referenceId"] == known.ESTATE_REFERENCE
    assert estate["status"] == {"id": "4", "name": "Till salu"}
    assert estate["address"] == {
        "streetAddress": known.ESTATE_STREET,
        "zipCode": "118 46",
        "postalTown": "Stockholm",
        "area": "Södermalm",
    }
    assert estate["primaryAgentId"] == known.AGENT_ID
    assert [v["id"] for v in estate["viewings"]] == [known.PAST_VIEWING_ID, known.VIEWING_ID]
    assert BARE_TIME.fullmatch(estate["changedAt"])


async def test_legacy_estate_id(http: httpx.AsyncClient) -> None:
    response = await http.get(f"Advertising/Estate/{known.SODERMALM}/{known.LEGACY_ESTATE_ID}")
    assert response.json()["address"]["area"] == "Enskede"


@pytest.mark.parametrize(
    "path",
    [
        f"Viewing/{known.SODERMALM}/OBJ00000_0000000000",
        f"v2/Advertising/Form/{known.SODERMALM}/Estate/OBJ00000_0000000000",
        f"Advertising/Estate/{known.SODERMALM}/OBJ00000_0000000000",
        f"Advertising/Estate/{known.SODERMALM}/{known.GBG_ESTATE_ID}",
        f"ViewingParticipant/{known.SODERMALM}/{known.ASA_OBERG}/VIS00000_0000000000",
        f"ViewingParticipant/{known.SODERMALM}/ADR{'0' * 32}/{known.VIEWING_ID}",
        f"CRM/Contact/{known.SODERMALM}/Person/{known.GBG_CONTACT_ID}",
    ],
)
async def test_unknown_ids_are_404(http: httpx.AsyncClient, path: str) -> None:
    response = await http.get(path)
    assert response.status_code == 404
    assert response.json()["message"]


async def test_unknown_path_is_404_and_wrong_method_405(http: httpx.AsyncClient) -> None:
    response = await http.get("Viewing")
    assert response.status_code == 404
    assert "No HTTP resource" in response.json()["message"]
    response = await http.put(f"Viewing/{known.SODERMALM}/{known.ESTATE_ID}")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"


async def test_goteborg_office_has_its_own_data() -> None:
    from devtools.simulator import create_simulator

    sim = create_simulator()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(sim.app),
        base_url="http://vitec.test",
        headers={"Authorization": basic(known.GOTEBORG)},
    ) as client:
        response = await client.get(f"Viewing/{known.GOTEBORG}/{known.GBG_ESTATE_ID}")
        assert response.json()[0]["id"] == known.GBG_VIEWING_ID
        response = await client.get(f"Viewing/{known.GOTEBORG}/{known.ESTATE_ID}")
        assert response.status_code == 404

"""AddNewViewingParticipant: Vitec's duplicate check finds the person or creates them; booked."""

from __future__ import annotations

from typing import Any

import httpx

from devtools.simulator import Simulator, known

NEW = f"Viewing/{known.SODERMALM}/{known.VIEWING_ID}/{known.SLOT_ID}/Participant"


def body(**person: Any) -> dict[str, Any]:
    return {
        "updatePerson": person,
        "participated": False,
        "reminderTime": 60,
        "smsReminder": True,
        "mailConfirmation": True,
        "smsConfirmation": False,
        "returnBookingId": False,
    }


ANNA: dict[str, Any] = {
    "firstName": "Anna",
    "lastName": "Nyström",
    "cellPhone": "070-123 45 67",
    "email": {"emailAddress": "anna.nystrom@example.se"},
}


async def test_an_unknown_person_is_created_and_booked(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    response = await http.post(NEW, json=body(**ANNA))
    assert response.status_code == 200, response.text
    contact_id = response.json()
    assert isinstance(contact_id, str)
    assert contact_id.startswith("ADR")
    assert len(contact_id) == 35
    (record,) = sim.state.bookings
    assert (record.viewing_id, record.time_slot_id, record.contact_id) == (
        known.VIEWING_ID,
        known.SLOT_ID,
        contact_id,
    )
    person = (await http.get(f"CRM/Contact/{known.SODERMALM}/Person/{contact_id}")).json()
    assert (person["firstName"], person["lastName"]) == ("Anna", "Nyström")
    follow_up = await http.get(
        f"ViewingParticipant/{known.SODERMALM}/{contact_id}/{known.VIEWING_ID}"
    )
    assert [row["timeSlotId"] for row in follow_up.json()] == [known.SLOT_ID]


async def test_the_duplicate_check_finds_an_existing_person_by_name_and_phone(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    # Åsa Öberg, typed without diacritics and with the number in another format.
    person = {
        "firstName": "asa",
        "lastName": "OBERG",
        "cellPhone": known.ASA_PHONE.replace("-", ""),
    }
    response = await http.post(NEW, json=body(**person))
    assert response.status_code == 200, response.text
    assert response.json() == known.ASA_OBERG
    assert len(sim.state.contacts_of(known.SODERMALM)) == len(
        sim.state.data.contacts_of(known.SODERMALM)
    )


async def test_the_duplicate_check_finds_by_name_and_email(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    person = {
        "firstName": "Åsa",
        "lastName": "Öberg",
        "email": {"emailAddress": known.ASA_EMAIL.upper()},
    }
    response = await http.post(NEW, json=body(**person))
    assert response.json() == known.ASA_OBERG


async def test_a_namesake_with_another_number_is_a_new_person(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    person = {"firstName": "Åsa", "lastName": "Öberg", "cellPhone": "070-000 00 01"}
    response = await http.post(NEW, json=body(**person))
    assert response.status_code == 200
    assert response.json() != known.ASA_OBERG


async def test_the_same_new_person_twice_is_found_and_already_booked(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    first = (await http.post(NEW, json=body(**ANNA))).json()
    again = await http.post(NEW, json=body(**ANNA))
    assert again.status_code == 400
    assert "redan anmäld" in again.text
    assert [b.contact_id for b in sim.state.bookings] == [first]


async def test_return_booking_id_answers_the_booking(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    response = await http.post(NEW, json={**body(**ANNA), "returnBookingId": True})
    assert response.json().startswith("VID")


async def test_bad_people_are_refused_naming_the_field(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"firstName": "Anna"}, "UpdatePerson"),
        ({"firstName": "Anna", "lastName": "Nyström"}, "UpdatePerson"),
        ({**ANNA, "firstName": "A" * 31}, "UpdatePerson.FirstName"),
        ({**ANNA, "cellPhone": "0" * 18}, "UpdatePerson.CellPhone"),
        ({**ANNA, "email": {"emailAddress": "not-an-address"}}, "UpdatePerson.Email.EmailAddress"),
        ({**ANNA, "email": {"emailAddress": "a@" + "b" * 100}}, "UpdatePerson.Email.EmailAddress"),
        ({**ANNA, "lastName": 7}, "UpdatePerson.LastName"),
    ]
    for person, field in cases:
        response = await http.post(NEW, json=body(**person))
        assert response.status_code == 400, person
        assert any(key.endswith(field) for key in response.json()["modelState"]), response.text
    assert sim.state.bookings == []
    assert len(sim.state.contacts_of(known.SODERMALM)) == len(
        sim.state.data.contacts_of(known.SODERMALM)
    )


async def test_a_full_slot_creates_nobody(sim: Simulator, http: httpx.AsyncClient) -> None:
    path = f"Viewing/{known.SODERMALM}/{known.FULL_VIEWING_ID}/{known.FULL_SLOT_ID}/Participant"
    response = await http.post(path, json=body(**ANNA))
    assert response.status_code == 400
    assert "fullbokad" in response.text
    assert len(sim.state.contacts_of(known.SODERMALM)) == len(
        sim.state.data.contacts_of(known.SODERMALM)
    )

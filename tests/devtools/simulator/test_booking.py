"""AddViewingParticipant and its undo: Vitec's rules, and what a booking changes afterwards."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from devtools.simulator import Simulator, SimulatorConfig, known

from .conftest import basic

BODY: dict[str, Any] = {
    "participated": False,
    "reminderTime": 60,
    "smsReminder": True,
    "mailConfirmation": True,
    "smsConfirmation": False,
    "contactMessage": "Vi kommer två personer.",
    "leadSourceId": known.LEAD_SOURCE_ID,
    "options": {"isDeadlineValidationEnabled": True, "enableBookingLimitValidation": True},
}


def participant(
    viewing_id: str = known.VIEWING_ID,
    slot_id: str = known.SLOT_ID,
    contact_id: str = known.ASA_OBERG,
    office: str = known.SODERMALM,
) -> str:
    return f"Viewing/{office}/{viewing_id}/{slot_id}/Participant/{contact_id}"


async def _slot_contacts(http: httpx.AsyncClient, estate_id: str, slot_id: str) -> list[str]:
    """The contact ids ``GET Viewing`` lists as the slot's participants."""
    response = await http.get(f"Viewing/{known.SODERMALM}/{estate_id}")
    slots = [s for v in response.json() for s in v["timeSlots"]]
    participants = next(s["participants"] for s in slots if s["id"] == slot_id)
    return [str(p["contactId"]) for p in participants]


def _model_state(response: httpx.Response) -> dict[str, list[str]]:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["message"] == "Begäran är ogiltig."
    return dict(body["modelState"])


async def test_booking_is_stored_and_visible_everywhere(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    response = await http.post(participant(), json=BODY)
    assert (response.status_code, response.content) == (204, b"")

    (record,) = sim.state.bookings
    assert (record.customer_id, record.viewing_id, record.time_slot_id, record.contact_id) == (
        known.SODERMALM,
        known.VIEWING_ID,
        known.SLOT_ID,
        known.ASA_OBERG,
    )
    assert record.body == BODY
    assert record.at.isoformat() == "2026-12-01T10:00:00"
    booked = await _slot_contacts(http, known.ESTATE_ID, known.SLOT_ID)
    assert len(booked) == known.SLOT_BOOKED + 1
    assert booked[-1] == known.ASA_OBERG
    response = await http.get(
        f"ViewingParticipant/{known.SODERMALM}/{known.ASA_OBERG}/{known.VIEWING_ID}"
    )
    assert response.json() == [
        {
            "timeSlotId": known.SLOT_ID,
            "contactId": known.ASA_OBERG,
            "viewingId": known.VIEWING_ID,
            "participated": False,
            "contacted": "No",
        }
    ]


async def test_booking_records_the_body_exactly_as_sent(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    odd = {"PARTICIPATED": True, "ReminderTime": None, "extra": [1, 2]}
    response = await http.post(participant(), content=json.dumps(odd))
    assert response.status_code == 204
    assert sim.state.bookings[0].body == odd
    response = await http.get(
        f"ViewingParticipant/{known.SODERMALM}/{known.ASA_OBERG}/{known.VIEWING_ID}"
    )
    assert response.json()[0]["participated"] is True


async def test_booking_by_query_customer_id_and_lower_case_ids(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    ids = (known.VIEWING_ID, known.SLOT_ID, known.ASA_OBERG)
    path = "viewing/{}/{}/participant/{}".format(*(i.lower() for i in ids))
    response = await http.post(path, params={"customerId": "m30011"}, json={})
    assert response.status_code == 204
    assert sim.state.bookings[0].contact_id == known.ASA_OBERG


async def test_full_slot_is_refused_when_the_limit_is_checked(http: httpx.AsyncClient) -> None:
    path = participant(known.FULL_VIEWING_ID, known.FULL_SLOT_ID)
    assert _model_state(await http.post(path, json=BODY)) == {
        "timeSlotId": ["Visningstiden är fullbokad."]
    }
    unchecked = {**BODY, "options": {"enableBookingLimitValidation": False}}
    assert (await http.post(path, json=unchecked)).status_code == 204


async def test_options_left_out_mean_both_checks_on(http: httpx.AsyncClient) -> None:
    full = participant(known.FULL_VIEWING_ID, known.FULL_SLOT_ID)
    late = participant(known.LATE_VIEWING_ID, known.LATE_SLOT_ID)
    for path in (full, late):
        bodies: list[dict[str, Any]] = [{}, {"options": None}, {"options": {}}]
        for body in bodies:
            assert (await http.post(path, json=body)).status_code == 400


async def test_past_deadline_is_refused_when_checked(http: httpx.AsyncClient) -> None:
    path = participant(known.LATE_VIEWING_ID, known.LATE_SLOT_ID)
    assert _model_state(await http.post(path, json=BODY)) == {
        "timeSlotId": ["Sista dag för anmälan till visningen har passerat."]
    }
    unchecked = {**BODY, "options": {"isDeadlineValidationEnabled": False}}
    assert (await http.post(path, json=unchecked)).status_code == 204


async def test_deadline_follows_the_injected_clock(
    sim: Simulator, http: httpx.AsyncClient, clock: Any
) -> None:
    from datetime import timedelta

    clock.moment += timedelta(days=3, hours=3)  # D+3 13:00, after the 12:00 deadline
    assert "timeSlotId" in _model_state(await http.post(participant(), json=BODY))


async def test_a_past_viewing_is_refused_whatever_the_options(http: httpx.AsyncClient) -> None:
    path = participant(known.PAST_VIEWING_ID, known.PAST_SLOT_ID)
    body = {
        "options": {"isDeadlineValidationEnabled": False, "enableBookingLimitValidation": False}
    }
    assert _model_state(await http.post(path, json=body)) == {
        "timeSlotId": ["Visningen har redan ägt rum."]
    }


async def test_multi_slot_viewing_books_the_chosen_slot(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    _first, middle, last = known.MULTI_SLOT_IDS
    assert (
        await http.post(participant(known.MULTI_VIEWING_ID, middle), json={})
    ).status_code == 400
    assert (await http.post(participant(known.MULTI_VIEWING_ID, last), json={})).status_code == 204
    assert len(await _slot_contacts(http, known.MULTI_ESTATE_ID, last)) == 1


async def test_lead_source_with_workflow_is_refused(http: httpx.AsyncClient) -> None:
    body = {**BODY, "leadSourceId": known.WORKFLOW_LEAD_SOURCE_ID}
    assert _model_state(await http.post(participant(), json=body)) == {
        "model.LeadSourceId": ["Leadkällan har ett arbetsflöde och kan inte användas."]
    }


async def test_unknown_lead_source_is_refused(http: httpx.AsyncClient) -> None:
    body = {**BODY, "leadSourceId": "LK30012A01"}  # Göteborg's, not Södermalm's
    assert _model_state(await http.post(participant(), json=body)) == {
        "model.LeadSourceId": ["Leadkällan finns inte."]
    }


async def test_lead_source_id_is_case_insensitive(http: httpx.AsyncClient) -> None:
    body = {**BODY, "leadSourceId": known.LEAD_SOURCE_ID.lower()}
    assert (await http.post(participant(), json=body)).status_code == 204


async def test_contact_message_is_limited_to_2000_characters(http: httpx.AsyncClient) -> None:
    too_long = {**BODY, "contactMessage": "å" * 2001}
    assert list(_model_state(await http.post(participant(), json=too_long))) == [
        "model.ContactMessage"
    ]
    just_right = {**BODY, "contactMessage": "å" * 2000}
    assert (await http.post(participant(), json=just_right)).status_code == 204


async def test_wrong_types_name_every_field(http: httpx.AsyncClient) -> None:
    body = {
        "participated": "yes",
        "reminderTime": "soon",
        "contactMessage": 5,
        "options": {"enableBookingLimitValidation": "on"},
    }
    assert set(_model_state(await http.post(participant(), json=body))) == {
        "model.Participated",
        "model.ReminderTime",
        "model.ContactMessage",
        "model.Options.EnableBookingLimitValidation",
    }


@pytest.mark.parametrize("content", [b"", b"not json", b"[1, 2]"])
async def test_missing_or_malformed_body_is_400(http: httpx.AsyncClient, content: bytes) -> None:
    response = await http.post(
        participant(), content=content, headers={"Content-Type": "application/json"}
    )
    assert list(_model_state(response)) == ["model"]


async def test_already_booked_is_an_error_by_default(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    assert (await http.post(participant(), json=BODY)).status_code == 204
    assert _model_state(await http.post(participant(), json=BODY)) == {
        "contactId": ["Kontakten är redan anmäld till visningen."]
    }
    assert len(sim.state.bookings) == 1


async def test_already_booked_on_another_slot_of_the_viewing(http: httpx.AsyncClient) -> None:
    first, _, last = known.MULTI_SLOT_IDS
    assert (await http.post(participant(known.MULTI_VIEWING_ID, first), json={})).status_code == 204
    response = await http.post(participant(known.MULTI_VIEWING_ID, last), json={})
    assert "contactId" in _model_state(response)


async def test_already_booked_can_be_a_silent_204(
    make_sim: Callable[[SimulatorConfig | None], Simulator],
) -> None:
    sim = make_sim(SimulatorConfig(already_booked="ok"))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(sim.app),
        base_url="http://vitec.test",
        headers={"Authorization": basic()},
    ) as client:
        assert (await client.post(participant(), json=BODY)).status_code == 204
        assert (await client.post(participant(), json=BODY)).status_code == 204
        assert len(sim.state.bookings) == 1
        assert len(await _slot_contacts(client, known.ESTATE_ID, known.SLOT_ID)) == 3


@pytest.mark.parametrize(
    ("viewing_id", "slot_id", "contact_id"),
    [
        ("VIS00000_0000000000", known.SLOT_ID, known.ASA_OBERG),
        (known.VIEWING_ID, "TID000000000000", known.ASA_OBERG),
        (known.VIEWING_ID, known.FULL_SLOT_ID, known.ASA_OBERG),
        (known.VIEWING_ID, known.SLOT_ID, f"ADR{'0' * 32}"),
        (known.VIEWING_ID, known.SLOT_ID, known.GBG_CONTACT_ID),
        (known.GBG_VIEWING_ID, known.GBG_SLOT_ID, known.ASA_OBERG),
    ],
)
async def test_unknown_ids_are_404(
    http: httpx.AsyncClient, viewing_id: str, slot_id: str, contact_id: str
) -> None:
    response = await http.post(participant(viewing_id, slot_id, contact_id), json=BODY)
    assert response.status_code == 404
    response = await http.delete(participant(viewing_id, slot_id, contact_id))
    assert response.status_code == 404


async def test_delete_undoes_a_booking(sim: Simulator, http: httpx.AsyncClient) -> None:
    assert (await http.post(participant(), json=BODY)).status_code == 204
    response = await http.delete(participant())
    assert (response.status_code, response.content) == (204, b"")
    booked = await _slot_contacts(http, known.ESTATE_ID, known.SLOT_ID)
    assert len(booked) == known.SLOT_BOOKED
    assert known.ASA_OBERG not in booked
    response = await http.get(
        f"ViewingParticipant/{known.SODERMALM}/{known.ASA_OBERG}/{known.VIEWING_ID}"
    )
    assert response.json() == []
    assert sim.state.bookings[0].removed_at is not None
    assert sim.state.active_bookings() == []
    assert (await http.delete(participant())).status_code == 404
    assert (await http.post(participant(), json=BODY)).status_code == 204


async def test_delete_needs_the_booked_slot(http: httpx.AsyncClient) -> None:
    first, _, last = known.MULTI_SLOT_IDS
    assert (await http.post(participant(known.MULTI_VIEWING_ID, first), json={})).status_code == 204
    assert (await http.delete(participant(known.MULTI_VIEWING_ID, last))).status_code == 404
    assert (await http.delete(participant(known.MULTI_VIEWING_ID, first))).status_code == 204


async def test_delete_of_an_initial_participant_frees_a_place(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    booked = next(r for r in sim.state.data.registrations if r.slot_id == known.FULL_SLOT_ID)
    path = participant(known.FULL_VIEWING_ID, known.FULL_SLOT_ID, booked.contact_id)
    assert (await http.delete(path)).status_code == 204
    full = participant(known.FULL_VIEWING_ID, known.FULL_SLOT_ID)
    assert (await http.post(full, json=BODY)).status_code == 204


@pytest.mark.parametrize(
    ("shape", "content_type", "expected"),
    [
        (
            "problem",
            "application/problem+json",
            {
                "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                "title": "Ett eller flera valideringsfel inträffade.",
                "status": 400,
                "errors": {
                    "LeadSourceId": ["Leadkällan har ett arbetsflöde och kan inte användas."]
                },
            },
        ),
        ("text", "text/plain", "Leadkällan har ett arbetsflöde och kan inte användas."),
    ],
)
async def test_error_body_shapes(
    make_sim: Callable[[SimulatorConfig | None], Simulator],
    shape: Any,
    content_type: str,
    expected: object,
) -> None:
    sim = make_sim(SimulatorConfig(error_body=shape))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(sim.app),
        base_url="http://vitec.test",
        headers={"Authorization": basic()},
    ) as client:
        body = {**BODY, "leadSourceId": known.WORKFLOW_LEAD_SOURCE_ID}
        response = await client.post(participant(), json=body)
        assert response.status_code == 400
        assert response.headers["Content-Type"].startswith(content_type)
        assert (response.text if shape == "text" else response.json()) == expected
        response = await client.get(f"Viewing/{known.SODERMALM}/OBJ00000_0000000000")
        assert response.status_code == 404
        if shape == "problem":
            assert response.json()["status"] == 404
        else:
            assert response.text == "Objektet hittades inte."


async def test_error_body_shape_can_change_at_runtime(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    sim.state.configure(error_body="problem")
    body = {**BODY, "leadSourceId": known.WORKFLOW_LEAD_SOURCE_ID}
    response = await http.post(participant(), json=body)
    assert list(response.json()["errors"]) == ["LeadSourceId"]

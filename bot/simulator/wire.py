"""Vitec's JSON, written by hand: camelCase, bare Swedish wall-clock timestamps, nulls kept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.simulator.booking import registration_available

if TYPE_CHECKING:
    from datetime import datetime

    from bot.simulator.records import (
        ContactRecord,
        EstateRecord,
        LeadSourceRecord,
        Registration,
        ViewingRecord,
    )
    from bot.simulator.state import SimulatorState

Json = dict[str, Any]


def timestamp(moment: datetime) -> str:
    """``2026-12-05T17:30:00``: no offset, fraction digits only when there are any (as .NET)."""
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += "." + f"{moment.microsecond:06d}".rstrip("0")
    return text


def _optional_time(moment: datetime | None) -> str | None:
    return timestamp(moment) if moment is not None else None


def viewing(state: SimulatorState, record: ViewingRecord, *, participants: bool = True) -> Json:
    """A viewing as ``GET Viewing/{customerId}/{estateId}`` lists it."""
    slots = []
    for slot in record.slots:
        item: Json = {
            "id": slot.id,
            "startsAt": timestamp(slot.starts_at),
            "endsAt": timestamp(slot.ends_at),
        }
        if participants:
            item["participants"] = state.participants(record, slot.id)
        slots.append(item)
    return {
        "id": record.id,
        "startsAt": timestamp(record.starts_at),
        "endsAt": timestamp(record.ends_at),
        "isDigital": record.is_digital,
        "commentary": record.commentary,
        "participantPerTimeSlot": record.capacity,
        "bookableFromInternet": record.bookable_from_internet,
        "noLaterThen": _optional_time(record.deadline),
        "timeSlots": slots,
        "estateId": record.estate_id,
    }


def estate_form(state: SimulatorState, estate: EstateRecord) -> Json:
    """``GET v2/Advertising/Form/{customerId}/Estate/{estateId}``: past viewings included."""
    office = state.data.office(estate.customer_id)
    agents = []
    for n, agent_id in enumerate(estate.agent_ids):
        agent = state.data.agent(agent_id)
        if agent is not None:
            agents.append(
                {"id": agent.id, "name": agent.name, "email": agent.email, "isPrimary": n == 0}
            )
    viewings = [
        {
            "id": v.id,
            "startsAt": timestamp(v.starts_at),
            "endsAt": timestamp(v.ends_at),
            "deadlineAt": _optional_time(v.deadline),
            "isSelfRegistrationEnabled": v.bookable_from_internet,
            "isVisible": True,
            "comment": v.commentary,
            "timeSlots": [
                {
                    "id": s.id,
                    "startsAt": timestamp(s.starts_at),
                    "endsAt": timestamp(s.ends_at),
                    "isRegistrationAvailable": registration_available(state, v, s),
                }
                for s in v.slots
            ],
        }
        for v in estate.viewings
    ]
    return {
        "id": estate.id,
        "office": {
            "customerId": estate.customer_id,
            "name": office.name if office else None,
        },
        "agents": agents,
        "address": {
            "streetAddress": estate.street_address,
            "zipCode": estate.zip_code,
            "city": estate.postal_town,
        },
        "viewings": viewings,
    }


def estate_row(estate: EstateRecord) -> Json:
    """A row of ``GET Advertising/Estate/{customerId}``: no address, as in Vitec."""
    return {
        "id": estate.id,
        "customerId": estate.customer_id,
        "changedAt": timestamp(estate.changed_at),
    }


def estate(state: SimulatorState, record: EstateRecord) -> Json:
    """``GET Advertising/Estate/{customerId}/{estateId}``."""
    return {
        "id": record.id,
        "customerId": record.customer_id,
        "referenceId": record.reference_id,
        "status": {"id": str(record.status.bit), "name": record.status.label},
        "address": {
            "streetAddress": record.street_address,
            "zipCode": record.zip_code,
            "postalTown": record.postal_town,
            "area": record.area,
        },
        "viewings": [viewing(state, v, participants=False) for v in record.viewings],
        "primaryAgentId": record.agent_ids[0] if record.agent_ids else None,
        "changedAt": timestamp(record.changed_at),
    }


def follow_up(registration: Registration) -> Json:
    """A row of ``GET ViewingParticipant/{customerId}/{contactId}/{viewingId}``."""
    return {
        "timeSlotId": registration.slot_id,
        "contactId": registration.contact_id,
        "viewingId": registration.viewing_id,
        "participated": registration.participated,
        "contacted": registration.contacted,
    }


def contact(record: ContactRecord) -> Json:
    """A person as the CRM contact calls return it."""
    return {
        "id": record.id,
        "type": "Person",
        "firstName": record.first_name,
        "lastName": record.last_name,
        "telephone": {
            "home": record.home,
            "work": record.work,
            "cell": record.cell,
            "other": None,
        },
        "email": {"emailAddress": record.email, "emailAddress2": record.email2},
        "address": {
            "streetAddress": record.street_address,
            "zipCode": record.zip_code,
            "postalAddress": record.postal_address,
        },
        "customerId": record.customer_id,
        "changedAt": timestamp(record.changed_at),
    }


def contact_match(record: ContactRecord, score: float) -> Json:
    """A hit of ``GET CRM/Contact/{customerId}/Search``: ids and score only."""
    return {
        "id": record.id,
        "changedAt": timestamp(record.changed_at),
        "customerId": record.customer_id,
        "type": "Person",
        "score": score,
    }


def lead_source(record: LeadSourceRecord) -> Json:
    """A lead source; whether it has a workflow stays hidden, as in Vitec."""
    return {"id": record.id, "name": record.name, "leadType": record.lead_type}

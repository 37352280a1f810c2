"""Vitec's JSON, written by hand from its published description: camelCase, bare wall-clock times.

Each function builds one documented definition (named in its docstring) with None for a value
the office does not have; ``Shape.render`` then leaves those out, or sends them as null, before
the answer goes out. Nothing here is taken from the bot's own client: the simulator is a second,
independent reading of Vitec's documentation.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from devtools.simulator.booking import registration_available

if TYPE_CHECKING:
    from datetime import datetime

    from devtools.simulator.records import (
        ContactRecord,
        EstateRecord,
        LeadSourceRecord,
        Registration,
        ViewingRecord,
    )
    from devtools.simulator.shape import Shape
    from devtools.simulator.state import SimulatorState

Json = dict[str, Any]

UNREADABLE_TIME = "i går"
"""What an unreadable estate sends where a timestamp belongs."""


def timestamp(moment: datetime) -> str:
    """``2026-12-05T17:30:00``: no offset, fraction digits only when there are any (as .NET)."""
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += "." + f"{moment.microsecond:06d}".rstrip("0")
    return text


def _optional_time(moment: datetime | None) -> str | None:
    return timestamp(moment) if moment is not None else None


def _object(**members: Any) -> Json | None:
    """A nested object, or None (left out) when the office has none of its members."""
    return members if any(v is not None for v in members.values()) else None


def _slug(text: str) -> str:
    """An ascii id made from a name: ``Södermalm`` → ``sodermalm``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(plain.lower().split())


# --- viewings -------------------------------------------------------------------------------------


def participant(registration: Registration) -> Json:
    """``Viewing.Models.Participant``: who is booked on a slot."""
    return {"contactId": registration.contact_id, "hasParticipated": registration.participated}


def viewing(
    state: SimulatorState,
    record: ViewingRecord,
    *,
    participants: bool = True,
    unreadable: bool = False,
) -> Json:
    """``Viewing.Models.Viewing``, as ``GET Viewing/{customerId}/{estateId}`` lists it.

    ``unreadable`` sends each slot's participants as a count, a shape the contract forbids.
    """
    slots = []
    for slot in record.slots:
        item: Json = {
            "id": slot.id,
            "startsAt": timestamp(slot.starts_at),
            "endsAt": timestamp(slot.ends_at),
        }
        if unreadable:
            item["participants"] = state.participants(record, slot.id)
        elif participants:
            item["participants"] = [participant(r) for r in state.booked(record, slot.id)]
        slots.append(item)
    return {
        "id": record.id,
        "startsAt": timestamp(record.starts_at),
        "endsAt": timestamp(record.ends_at),
        "showOnInternet": record.show_on_internet,
        "commentary": record.commentary,
        "participantPerTimeSlot": record.capacity,
        "bookableFromInternet": record.bookable_from_internet,
        "noLaterThen": _optional_time(record.deadline),
        "bookingUrl": None,
        "timeSlots": slots,
        "estateId": record.estate_id,
    }


def follow_up(registration: Registration) -> Json:
    """``ParticipantFollowUp.Models.ParticipantFollowUp`` with ``timeSlotId`` (added since 2020)."""
    return {
        "timeSlotId": registration.slot_id,
        "contactId": registration.contact_id,
        "viewingId": registration.viewing_id,
        "participated": registration.participated,
        "contacted": registration.contacted,
    }


# --- estates --------------------------------------------------------------------------------------


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
            "isVisible": v.show_on_internet,
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


def estate(state: SimulatorState, record: EstateRecord, shape: Shape) -> Json:
    """``GET Advertising/Estate/{customerId}/{estateId}`` (not in the 2020 description)."""
    status_id: str | int = record.status.bit if shape.numbers else str(record.status.bit)
    body: Json = {
        "id": record.id,
        "customerId": record.customer_id,
        "referenceId": record.reference_id,
        "status": {"id": status_id, "name": record.status.label},
        "address": {
            "streetAddress": record.street_address,
            "zipCode": {"value": record.zip_code} if shape.nested_address else record.zip_code,
            "postalTown": record.postal_town,
            "area": (
                {"id": _slug(record.area), "name": record.area}
                if shape.nested_address
                else record.area
            ),
        },
        "viewings": [viewing(state, v, participants=False) for v in record.viewings],
        "primaryAgentId": record.agent_ids[0] if record.agent_ids else None,
        "changedAt": timestamp(record.changed_at),
    }
    if shape.broken(record.id) == "unreadable":
        body["status"] = record.status.label
        body["address"] = f"{record.street_address}, {record.zip_code} {record.postal_town}"
        body["changedAt"] = UNREADABLE_TIME
    return body


def estate_list_item(record: EstateRecord, shape: Shape) -> Json:
    """An item of ``List.Estate.EstateList`` (``List.Estate.HouseBasic`` and its siblings)."""
    item: Json = {
        "id": record.id,
        "status": {"id": str(record.status.bit), "name": record.status.label},
        "customerId": record.customer_id,
        "areaName": record.area,
        "dateChanged": timestamp(record.changed_at),
        "streetAddress": record.street_address,
        "viewingsList": [
            {"startTime": timestamp(v.starts_at), "endTime": timestamp(v.ends_at)}
            for v in record.viewings
        ],
        "objectNumber": record.reference_id,
    }
    if shape.broken(record.id) == "unreadable":
        item["status"] = record.status.label
        item["dateChanged"] = UNREADABLE_TIME
        item["viewingsList"] = len(record.viewings)
    return item


# --- contacts -------------------------------------------------------------------------------------


def contact(record: ContactRecord) -> Json:
    """``Crm.Contact.CrmPersonContact``: a person as the CRM contact calls return it."""
    return {
        "id": record.id,
        "type": "Person",
        "firstName": record.first_name,
        "lastName": record.last_name,
        "socialSecurityNumber": None,
        "telephone": _object(home=record.home, work=record.work, cell=record.cell, other=None),
        "email": _object(emailAddress=record.email, emailAddress2=record.email2),
        "address": _object(
            streetAddress=record.street_address,
            zipCode=record.zip_code,
            city=record.postal_address,
            countryCode=None,
        ),
        "customerId": record.customer_id,
        "changedAt": timestamp(record.changed_at),
    }


def person(record: ContactRecord) -> Json:
    """``Contact.Models.Person``: a person as ``POST Contacts/GetContacts`` returns it."""
    return {
        "firstName": record.first_name,
        "lastName": record.last_name,
        "socialSecurityNumber": None,
        "telePhone": record.home,
        "workPhone": record.work,
        "cellPhone": record.cell,
        "contactId": record.id,
        "customerId": record.customer_id,
        "address": _object(
            streetAddress=record.street_address,
            zipCode=record.zip_code,
            city=record.postal_address,
            countryCode=None,
        ),
        "email": _object(emailAddress=record.email, emailAddress2=record.email2),
        "otherPhone": None,
        "changedAt": timestamp(record.changed_at),
    }


def contact_collection(customer_id: str, found: list[ContactRecord]) -> Json:
    """``Contact.Models.ContactCollection``: one office's persons (no companies or estates here)."""
    return {
        "customerId": customer_id,
        "persons": [person(c) for c in found],
        "estates": [],
        "companies": [],
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


def customer_contact_ids(customer_id: str, found: list[ContactRecord]) -> Json:
    """``Contact.Models.CustomerContactIds``: an office's contacts with a phone number."""
    return {"customerId": customer_id, "contactIds": [c.id for c in found]}


def lead_source(record: LeadSourceRecord) -> Json:
    """``Lead.Models.LeadSource``; whether it has a workflow stays hidden, as in Vitec."""
    return {"id": record.id, "name": record.name, "leadType": record.lead_type}

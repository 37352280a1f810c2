"""Vitec Connect's wire format as pydantic models (camelCase on the wire, snake_case in code).

Models of answers declare only what the bot uses, and require only what it cannot act without
(ids, a time slot's times); everything else is optional, so :mod:`bot.vitec.reader` can leave a
field out, or skip a list item, instead of failing a whole answer. Swagger 2.0 cannot say
"nullable" and Vitec's .NET serializers leave defaults out: any field may be missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import IntFlag
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic.alias_generators import to_camel

from bot.clock import STOCKHOLM


def _stockholm(value: datetime) -> datetime:
    """Vitec sends Swedish wall-clock time without an offset; make it an aware datetime."""
    if value.tzinfo is None:
        return value.replace(tzinfo=STOCKHOLM)
    return value


def _timestamp_text(value: object) -> object:
    """A timestamp must come as text: a bare number could be seconds or milliseconds, UTC or not."""
    if isinstance(value, str | datetime):
        return value
    raise ValueError("a timestamp must be text")


VitecTime = Annotated[datetime, BeforeValidator(_timestamp_text), AfterValidator(_stockholm)]
"""A timestamp from Vitec: bare values are Europe/Stockholm, explicit offsets are kept."""

VitecId = Annotated[str, StringConstraints(min_length=1)]
"""An id the bot acts on: an empty one is as good as none."""


def _shown(value: str) -> str:
    """Text an agent is shown as a choice: without surrounding blanks, and not blank."""
    text = value.strip()
    if not text:
        raise ValueError("blank")
    return text


_NAME_KEYS = ("name", "value", "text", "displayName", "description")


def _name_of(value: object) -> object:
    """A place name sent as text, or as an object holding one (``{"id": …, "name": …}``)."""
    if not isinstance(value, dict):
        return value
    for key in _NAME_KEYS:
        inner = value.get(key)
        if isinstance(inner, str) and inner.strip():
            return inner
    raise ValueError("an object without a name")


PlaceName = Annotated[str, BeforeValidator(_name_of)]
"""Text that Vitec's model pages show as a nested object (``address.area``): either is read."""


class VitecModel(BaseModel):
    """Base of every Vitec model: camelCase aliases, immutable, unknown fields ignored."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        frozen=True,
        extra="ignore",
    )


# --- The booking ------------------------------------------------------------------------------


class BookingOptions(VitecModel):
    """Server-side checks Vitec applies to a booking."""

    is_deadline_validation_enabled: bool = True
    """Refuse the booking when the viewing's booking deadline (noLaterThen) has passed."""
    enable_booking_limit_validation: bool = True
    """Refuse the booking when the time slot is full."""


class AddViewingParticipant(VitecModel):
    """Body of ``POST Viewing/{customerId}/{viewingId}/{timeSlotId}/Participant/{contactId}``."""

    participated: bool = False
    """The contact attended (false when booking ahead)."""
    reminder_time: int | None = None
    """Minutes before the viewing that a reminder goes out."""
    sms_reminder: bool = False
    mail_confirmation: bool = False
    sms_confirmation: bool = False
    contact_message: str | None = None
    """Stored on the lead the booking creates."""
    lead_source_id: str | None = None
    """Omitted means the office's default lead source."""
    options: BookingOptions = Field(default_factory=BookingOptions)

    def to_wire(self) -> dict[str, Any]:
        """The JSON body: camelCase, unset optional fields left out (never sent as null)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class PersonEmail(VitecModel):
    """``Models.Api.Email`` as a request sends it."""

    email_address: str


class UpdatePerson(VitecModel):
    """``Viewing.Models.UpdatePerson``: who to find (Vitec's duplicate check) or create.

    Only what the form asks for is sent: first and last name, mobile and e-mail.
    """

    first_name: str
    last_name: str
    cell_phone: str | None = None
    email: PersonEmail | None = None


class AddNewViewingParticipant(VitecModel):
    """Body of ``POST Viewing/{customerId}/{viewingId}/{timeSlotId}/Participant``.

    The same choices as AddViewingParticipant, a person instead of a contact id, and no
    ``options``: the published description (swagger 2020) has none on this body.
    """

    update_person: UpdatePerson
    participated: bool = False
    reminder_time: int | None = None
    sms_reminder: bool = False
    mail_confirmation: bool = False
    sms_confirmation: bool = False
    return_booking_id: bool = False
    """False: Vitec answers the contact id of the person it found or created (undo needs it)."""
    contact_message: str | None = None
    lead_source_id: str | None = None

    def to_wire(self) -> dict[str, Any]:
        """The JSON body: camelCase, unset optional fields left out (never sent as null)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


# --- Viewings ---------------------------------------------------------------------------------


class Participant(VitecModel):
    """Someone booked on a time slot (``Viewing.Models.Participant``)."""

    contact_id: str | None = None


class TimeSlot(VitecModel):
    """One bookable time slot of a viewing (``Viewing.Models.TimeSlot``)."""

    id: VitecId
    starts_at: VitecTime
    ends_at: VitecTime
    participants: tuple[Participant, ...] | None = None
    """Who is booked; None when Vitec left the list out, so places left are unknown."""

    @property
    def booked(self) -> int | None:
        """How many are booked on the slot, when Vitec said."""
        return None if self.participants is None else len(self.participants)


class Viewing(VitecModel):
    """A viewing of an estate (``GET Viewing/{customerId}/{estateId}``)."""

    id: VitecId
    participant_per_time_slot: int | None = None
    """Capacity of each time slot; None or 0 means unlimited."""
    no_later_then: VitecTime | None = None
    """Booking deadline (Vitec's spelling)."""
    time_slots: tuple[TimeSlot, ...] = ()


class ParticipantFollowUp(VitecModel):
    """One row of ``GET ViewingParticipant/{customerId}/{contactId}/{viewingId}``.

    The path names the contact and the viewing, so the client reads a row that leaves either out
    as being about them.
    """

    viewing_id: VitecId
    contact_id: VitecId
    time_slot_id: str | None = None
    """Newer than the 2020 description; older answers leave it out."""
    participated: bool = False
    contacted: str | None = None
    """"No", "Yes" or "NotRelevant"."""


# --- Estates ----------------------------------------------------------------------------------


class EstateStatusFilter(IntFlag):
    """The ``Status`` filter of the advertising estate list; flags combine (sent as their sum)."""

    FOR_SALE = 4
    COMING = 1024
    ADVANTAGE = 2048
    SOON_FOR_SALE = 8192


class EstateSummary(VitecModel):
    """A row of the paged estate list: which estate, and when it last changed."""

    id: VitecId
    changed_at: VitecTime | None = None


class EstatePage(VitecModel):
    """One page of ``GET Advertising/Estate/{customerId}``; ``count`` is the number of pages."""

    index: int = 0
    count: int = 0
    total_row_count: int = 0
    rows: tuple[EstateSummary, ...] = ()


def _status_object(value: object) -> object:
    # Notifications name a status by text ("ForSale"); read the same text here as its name.
    return {"name": value} if isinstance(value, str) else value


class EstateStatus(VitecModel):
    """``Common.Estate.Status``: ``id`` is text in the description; numbers are read as text."""

    id: str | None = None
    name: str | None = None


class EstateAddress(VitecModel):
    """The parts of an advertised estate's address the estate picker shows and searches."""

    street_address: str | None = None
    postal_town: str | None = None
    area: PlaceName | None = None


@dataclass(frozen=True)
class EstateListing:
    """An estate as the estate picker needs it, from whichever of Vitec's estate reads."""

    id: str
    reference_id: str | None = None
    """The objektnummer agents know the estate by."""
    status_id: str | None = None
    status_name: str | None = None
    street_address: str | None = None
    area: str | None = None
    postal_town: str | None = None
    changed_at: datetime | None = None
    viewing_starts: tuple[datetime, ...] = ()
    """When its viewings start, where the read carries them (the office-wide list does)."""


class Estate(VitecModel):
    """``GET Advertising/Estate/{customerId}/{estateId}``."""

    id: VitecId
    reference_id: str | None = None
    """The objektnummer agents know the estate by."""
    status: Annotated[EstateStatus, BeforeValidator(_status_object)] | None = None
    address: EstateAddress | None = None
    changed_at: VitecTime | None = None

    def listing(self) -> EstateListing:
        """The estate as the picker needs it."""
        address = self.address or EstateAddress()
        status = self.status or EstateStatus()
        return EstateListing(
            id=self.id,
            reference_id=self.reference_id,
            status_id=status.id,
            status_name=status.name,
            street_address=address.street_address,
            area=address.area,
            postal_town=address.postal_town,
            changed_at=self.changed_at,
        )


class ViewingDates(VitecModel):
    """``List.Estate.ViewingBasic``: when one viewing of a listed estate is."""

    start_time: VitecTime
    end_time: VitecTime | None = None


class EstateListItem(VitecModel):
    """One estate of ``POST Estate/GetEstateList`` (``List.Estate.HouseBasic`` and its kin)."""

    id: VitecId
    status: Annotated[EstateStatus, BeforeValidator(_status_object)] | None = None
    street_address: str | None = None
    area_name: PlaceName | None = None
    object_number: str | None = None
    """The objektnummer."""
    date_changed: VitecTime | None = None
    viewings_list: tuple[ViewingDates, ...] = ()

    def listing(self) -> EstateListing:
        """The estate as the picker needs it."""
        status = self.status or EstateStatus()
        return EstateListing(
            id=self.id,
            reference_id=self.object_number,
            status_id=status.id,
            status_name=status.name,
            street_address=self.street_address,
            area=self.area_name,
            changed_at=self.date_changed,
            viewing_starts=tuple(v.start_time for v in self.viewings_list),
        )


class EstateList(VitecModel):
    """``List.Estate.EstateList``: one office's estates, a list per kind (Vitec's spellings)."""

    customer_id: str | None = None
    houses: tuple[EstateListItem, ...] = ()
    cottages: tuple[EstateListItem, ...] = ()
    housing_cooperativeses: tuple[EstateListItem, ...] = ()
    plots: tuple[EstateListItem, ...] = ()
    projects: tuple[EstateListItem, ...] = ()
    farms: tuple[EstateListItem, ...] = ()
    commercial_propertys: tuple[EstateListItem, ...] = ()
    condominiums: tuple[EstateListItem, ...] = ()
    foreign_properties: tuple[EstateListItem, ...] = ()
    premises: tuple[EstateListItem, ...] = ()

    def estates(self) -> Iterator[EstateListItem]:
        """Every estate of every kind."""
        yield from self.houses
        yield from self.cottages
        yield from self.housing_cooperativeses
        yield from self.plots
        yield from self.projects
        yield from self.farms
        yield from self.commercial_propertys
        yield from self.condominiums
        yield from self.foreign_properties
        yield from self.premises


# --- Contacts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """A contact as the pickers show it, whichever of Vitec's contact shapes it was read from."""

    id: str
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    phone: str | None = None
    """The number to tell namesakes apart by: a mobile number first."""
    email: str | None = None

    @property
    def display_name(self) -> str:
        """First and last name (or the company's name), as an agent would say it."""
        name = " ".join(p for p in (self.first_name, self.last_name) if p)
        return name or self.company_name or "–"


def _first(*values: str | None) -> str | None:
    return next((v for v in values if v), None)


class ContactMatch(VitecModel):
    """A hit of ``GET CRM/Contact/{customerId}/Search``: an id to read the contact by."""

    id: VitecId


class ContactSearchResult(VitecModel):
    matches: tuple[ContactMatch, ...] = ()


class Telephone(VitecModel):
    """``PersonTelephoneNumbers`` of a CRM contact."""

    home: str | None = None
    work: str | None = None
    cell: str | None = None
    other: str | None = None


class Email(VitecModel):
    """``Models.Api.Email``."""

    email_address: str | None = None


class CrmContact(VitecModel):
    """``Crm.Contact.CrmContact`` as ``GET CRM/Contact/{customerId}/{ids}`` sends it.

    Persons carry first and last name, companies a ``name``; both a ``telephone`` object.
    """

    id: VitecId
    first_name: str | None = None
    last_name: str | None = None
    name: str | None = None
    telephone: Telephone | None = None
    email: Email | None = None

    def contact(self) -> Contact:
        """The picker's view of this contact."""
        tel = self.telephone or Telephone()
        return Contact(
            id=self.id,
            first_name=self.first_name,
            last_name=self.last_name,
            company_name=self.name,
            phone=_first(tel.cell, tel.home, tel.work, tel.other),
            email=self.email.email_address if self.email else None,
        )


class Person(VitecModel):
    """``Contact.Models.Person`` (``POST Contacts/GetContacts``): ``contactId``, flat phones."""

    contact_id: VitecId
    first_name: str | None = None
    last_name: str | None = None
    cell_phone: str | None = None
    tele_phone: str | None = None
    work_phone: str | None = None
    other_phone: str | None = None
    email: Email | None = None

    def contact(self) -> Contact:
        """The picker's view of this person."""
        return Contact(
            id=self.contact_id,
            first_name=self.first_name,
            last_name=self.last_name,
            phone=_first(self.cell_phone, self.tele_phone, self.work_phone, self.other_phone),
            email=self.email.email_address if self.email else None,
        )


class Company(VitecModel):
    """``Contact.Models.Company`` (``POST Contacts/GetContacts``)."""

    contact_id: VitecId
    company_name: str | None = None
    switch_phone: str | None = None
    other_phone: str | None = None
    email: Email | None = None

    def contact(self) -> Contact:
        """The picker's view of this company."""
        return Contact(
            id=self.contact_id,
            company_name=self.company_name,
            phone=_first(self.switch_phone, self.other_phone),
            email=self.email.email_address if self.email else None,
        )


class PhoneLookup(VitecModel):
    """A row of ``GET Contacts/GetContactsWithPhonenumber`` (``CustomerContactIds``)."""

    customer_id: str | None = None
    contact_ids: tuple[VitecId, ...] = ()


class EmailLookup(VitecModel):
    """A row of ``POST Contacts/GetContacts`` (``Contact.Models.ContactCollection``)."""

    customer_id: str | None = None
    persons: tuple[Person, ...] = ()
    companies: tuple[Company, ...] = ()


# --- Lead sources -----------------------------------------------------------------------------


class LeadSource(VitecModel):
    """``Lead.Models.LeadSource``; one without a name cannot be offered to an agent."""

    id: VitecId
    name: Annotated[str, AfterValidator(_shown)]
    lead_type: str | None = None
    """"AcceptObjectFlow", "ContactContactFlow" or "ProspectiveLogFlow"."""

"""Vitec Connect's wire format as pydantic models (camelCase on the wire, snake_case in code)."""

from __future__ import annotations

from datetime import datetime
from enum import IntFlag
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _stockholm(value: datetime) -> datetime:
    """Vitec sends Swedish wall-clock time without an offset; make it an aware datetime."""
    if value.tzinfo is None:
        return value.replace(tzinfo=STOCKHOLM)
    return value


VitecTime = Annotated[datetime, AfterValidator(_stockholm)]
"""A timestamp from Vitec: bare values are Europe/Stockholm, explicit offsets are kept."""


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


# --- Viewings ---------------------------------------------------------------------------------


class TimeSlot(VitecModel):
    """One bookable time slot of a viewing."""

    id: str
    starts_at: VitecTime
    ends_at: VitecTime
    participants: int | None = None
    """Booked participants, when Vitec includes the count."""


class Viewing(VitecModel):
    """A viewing of an estate (``GET Viewing/{customerId}/{estateId}``)."""

    id: str
    estate_id: str | None = None
    starts_at: VitecTime
    ends_at: VitecTime
    is_digital: bool = False
    commentary: str | None = None
    participant_per_time_slot: int | None = None
    """Capacity of each time slot; None or 0 means unlimited."""
    bookable_from_internet: bool = False
    no_later_then: VitecTime | None = None
    """Booking deadline (Vitec's spelling)."""
    time_slots: tuple[TimeSlot, ...] = ()


class ParticipantFollowUp(VitecModel):
    """One row of ``GET ViewingParticipant/{customerId}/{contactId}/{viewingId}``."""

    time_slot_id: str
    contact_id: str
    viewing_id: str
    participated: bool = False
    contacted: str | None = None
    """"No", "Yes" or "NotRelevant"."""


class FormTimeSlot(VitecModel):
    id: str
    starts_at: VitecTime
    ends_at: VitecTime
    is_registration_available: bool = True


class FormViewing(VitecModel):
    id: str
    starts_at: VitecTime
    ends_at: VitecTime
    deadline_at: VitecTime | None = None
    is_self_registration_enabled: bool = False
    is_visible: bool = True
    comment: str | None = None
    time_slots: tuple[FormTimeSlot, ...] = ()


class FormOffice(VitecModel):
    customer_id: str
    name: str | None = None


class FormAgent(VitecModel):
    id: str
    name: str | None = None
    email: str | None = None
    is_primary: bool = False


class FormAddress(VitecModel):
    street_address: str | None = None
    zip_code: str | None = None
    city: str | None = None


class EstateForm(VitecModel):
    """``GET v2/Advertising/Form/{customerId}/Estate/{estateId}`` (lists past viewings too)."""

    id: str
    office: FormOffice | None = None
    agents: tuple[FormAgent, ...] = ()
    address: FormAddress | None = None
    viewings: tuple[FormViewing, ...] = ()


# --- Estates ----------------------------------------------------------------------------------


class EstateStatusFilter(IntFlag):
    """The ``Status`` filter of the advertising estate list; flags combine (sent as their sum)."""

    FOR_SALE = 4
    COMING = 1024
    ADVANTAGE = 2048
    SOON_FOR_SALE = 8192


class EstateSummary(VitecModel):
    id: str
    customer_id: str | None = None
    changed_at: VitecTime | None = None


class EstatePage(VitecModel):
    """One page of ``GET Advertising/Estate/{customerId}``; ``count`` is the number of pages."""

    index: int = 0
    count: int = 0
    total_row_count: int = 0
    rows: tuple[EstateSummary, ...] = ()


class EstateStatus(VitecModel):
    id: str | None = None
    name: str | None = None


class EstateAddress(VitecModel):
    street_address: str | None = None
    zip_code: str | None = None
    postal_town: str | None = None
    area: str | None = None


class Estate(VitecModel):
    """``GET Advertising/Estate/{customerId}/{estateId}``."""

    id: str
    reference_id: str | None = None
    """The objektnummer agents know the estate by."""
    status: EstateStatus | None = None
    address: EstateAddress | None = None
    primary_agent_id: str | None = None
    changed_at: VitecTime | None = None


# --- Contacts ---------------------------------------------------------------------------------


class ContactMatch(VitecModel):
    """A hit of ``GET CRM/Contact/{customerId}/Search``: ids and score only."""

    id: str
    customer_id: str | None = None
    type: str | None = None
    score: float | None = None
    changed_at: VitecTime | None = None


class ContactSearchResult(VitecModel):
    matches: tuple[ContactMatch, ...] = ()


class Telephone(VitecModel):
    home: str | None = None
    work: str | None = None
    cell: str | None = None
    other: str | None = None


class Email(VitecModel):
    email_address: str | None = None
    email_address2: str | None = None


class Contact(VitecModel):
    """A person or company in Vitec's CRM."""

    id: str
    type: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    telephone: Telephone | None = None
    email: Email | None = None
    customer_id: str | None = None
    changed_at: VitecTime | None = None

    @property
    def display_name(self) -> str:
        """First and last name, as an agent would say it."""
        name = " ".join(p for p in (self.first_name, self.last_name) if p)
        return name or "–"

    @property
    def phone(self) -> str | None:
        """The number to show when picking the contact: cell first."""
        tel = self.telephone
        if tel is None:
            return None
        return tel.cell or tel.home or tel.work or tel.other


class PhoneLookup(VitecModel):
    """A row of ``GET Contacts/GetContactsWithPhonenumber``."""

    customer_id: str | None = None
    contact_ids: tuple[str, ...] = ()


class EmailLookup(VitecModel):
    """A row of ``POST Contacts/GetContacts``."""

    customer_id: str | None = None
    persons: tuple[Contact, ...] = ()
    companies: tuple[Contact, ...] = ()


# --- Lead sources -----------------------------------------------------------------------------


class LeadSource(VitecModel):
    id: str
    name: str
    lead_type: str | None = None
    """"AcceptObjectFlow", "ContactContactFlow" or "ProspectiveLogFlow"."""

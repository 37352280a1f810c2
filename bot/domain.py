"""What agents pick in the form, in the bot's own terms (independent of Slack and Vitec)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Literal


class ReminderChoice(IntEnum):
    """When Vitec sends the contact a reminder: minutes before the viewing (0 = none)."""

    NONE = 0
    MINUTES_30 = 30
    HOUR_1 = 60
    HOURS_2 = 120
    DAY_1 = 1440


Problem = Literal["auth", "forbidden", "unavailable"]
"""Why Vitec could not be read: it refused the credentials (401), the office (403), or it failed."""


def fold(text: str) -> str:
    """Case- and diacritic-insensitive search key: 'Åsögatan' and 'asogatan' fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class EstateEntry:
    """An estate an agent can choose: the cached look-up row the estate picker searches."""

    id: str
    customer_id: str
    street_address: str
    area: str | None
    postal_town: str | None
    reference_id: str | None
    status: str | None

    @classmethod
    def build(
        cls,
        *,
        estate_id: str,
        customer_id: str,
        street_address: str | None,
        area: str | None,
        postal_town: str | None,
        reference_id: str | None,
        status: str | None,
    ) -> EstateEntry:
        """An entry; without a street address the objektnummer (or the id) stands in for it."""
        address = street_address or reference_id or estate_id
        return cls(
            id=estate_id,
            customer_id=customer_id,
            street_address=address,
            area=area,
            postal_town=postal_town,
            reference_id=reference_id,
            status=status,
        )

    @property
    def label(self) -> str:
        """Address, area and objektnummer as one line."""
        place = ", ".join(p for p in (self.street_address, self.area or self.postal_town) if p)
        return f"{place} · {self.reference_id}" if self.reference_id else place


@dataclass(frozen=True)
class SlotChoice:
    """One upcoming time slot of a viewing, with what is known of its capacity."""

    viewing_id: str
    time_slot_id: str
    starts_at: datetime
    ends_at: datetime
    capacity: int | None
    booked: int | None
    deadline: datetime | None

    @property
    def key(self) -> str:
        """What identifies the slot: ``viewingId/timeSlotId``."""
        return f"{self.viewing_id}/{self.time_slot_id}"

    @property
    def value(self) -> str:
        """The option value: the key plus start and end (epoch seconds).

        Carrying the times means a submission needs no Vitec read to describe the slot, whichever
        process rendered the form. They only label messages; Vitec checks the booking itself.
        """
        return f"{self.key}/{int(self.starts_at.timestamp())}/{int(self.ends_at.timestamp())}"

    @property
    def places_left(self) -> int | None:
        """Places left, or None when the slot has no limit or the count is unknown."""
        if not self.capacity or self.booked is None:
            return None
        return max(self.capacity - self.booked, 0)

    def is_closed(self, now: datetime) -> bool:
        """Whether the booking deadline has passed."""
        return self.deadline is not None and self.deadline <= now


@dataclass(frozen=True)
class ContactChoice:
    """A contact found by the contact picker: what an agent needs to tell namesakes apart."""

    id: str
    name: str
    phone: str | None
    email: str | None


@dataclass(frozen=True)
class SignupForm:
    """A validated sign-up: everything the booking needs, in the bot's own terms."""

    customer_id: str
    estate_id: str
    viewing_id: str
    time_slot_id: str
    contact_id: str
    reminder: ReminderChoice
    sms_reminder: bool
    mail_confirmation: bool
    sms_confirmation: bool
    contact_message: str | None
    lead_source_id: str | None
    """None means the office's default lead source (the field is left out of the booking)."""
    participated: bool
    check_deadline: bool
    check_capacity: bool
    channel_id: str | None
    slot_starts_at: datetime | None = None
    """The slot's times as the form showed them (None when the form did not carry them)."""
    slot_ends_at: datetime | None = None
    new_contact: NewContact | None = None
    """A person to find or create in Vitec (``contact_id`` is then empty)."""
    bulk_contact_ids: tuple[str, ...] = ()
    """"Anmäl flera": every contact to book, in the order chosen (``contact_id`` is the first)."""


MAX_NAME_LENGTH = 30
"""Vitec's limit on a first or last name (``UpdatePerson``)."""
MAX_MOBILE_LENGTH = 17
"""Vitec's limit on ``cellPhone``."""
MAX_EMAIL_LENGTH = 100
"""Vitec's limit on ``email.emailAddress``."""

NewContactField = Literal["first_name", "last_name", "mobile", "email"]
NewContactProblem = Literal[
    "missing", "too_long", "not_a_name", "not_a_phone", "not_an_email", "phone_or_email"
]

_NAME_MARKS = frozenset(" -'.")
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(?:\.[^@\s.]+)+")
_PHONE_TYPED = re.compile(r"\+?[\d\s()\-]+")


@dataclass(frozen=True)
class NewContact:
    """A person not (known to be) in Vitec yet: what AddNewViewingParticipant is given.

    Vitec's duplicate check decides whether they are found (same names with the same phone or
    e-mail) or created. Personal data: shown to the agent, never logged.
    """

    first_name: str
    last_name: str
    mobile: str | None
    """Digits, a leading ``+`` for a foreign number; a Swedish +46 written as a leading 0."""
    email: str | None

    @property
    def name(self) -> str:
        """First and last name, as an agent would say it."""
        return f"{self.first_name} {self.last_name}"

    def key_parts(self) -> tuple[str, str, str, str]:
        """The person, normalised, as the exactly-once key sees them."""
        return (fold(self.first_name), fold(self.last_name), self.mobile or "", self.email or "")


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _name(text: str | None) -> tuple[str, NewContactProblem | None]:
    name = _clean(text)
    if not name:
        return name, "missing"
    if len(name) > MAX_NAME_LENGTH:
        return name, "too_long"
    if not any(ch.isalpha() for ch in name) or not all(
        ch.isalpha() or ch in _NAME_MARKS for ch in name
    ):
        return name, "not_a_name"
    return name, None


def normalise_mobile(text: str) -> str | None:
    """A typed phone number as digits (``+`` kept for a foreign one); None if it is not one."""
    typed = text.strip()
    if not _PHONE_TYPED.fullmatch(typed):
        return None
    digits = "".join(ch for ch in typed if ch.isdigit())
    if typed.startswith("+46") or digits.startswith("0046"):
        digits = "0" + digits[2:] if typed.startswith("+") else "0" + digits[4:]
    elif typed.startswith("+") or digits.startswith("00"):
        digits = "+" + digits.removeprefix("00")
    if not 7 <= len(digits.lstrip("+")) <= 15 or len(digits) > MAX_MOBILE_LENGTH:
        return None
    return digits


def parse_new_contact(
    first_name: str | None, last_name: str | None, mobile: str | None, email: str | None
) -> NewContact | dict[NewContactField, NewContactProblem]:
    """Check a new contact's details; the problems by field when they cannot be sent to Vitec."""
    problems: dict[NewContactField, NewContactProblem] = {}
    first, first_problem = _name(first_name)
    last, last_problem = _name(last_name)
    if first_problem is not None:
        problems["first_name"] = first_problem
    if last_problem is not None:
        problems["last_name"] = last_problem
    phone: str | None = None
    typed_phone = _clean(mobile)
    if typed_phone:
        if len(typed_phone) > 40:
            problems["mobile"] = "too_long"
        else:
            phone = normalise_mobile(typed_phone)
            if phone is None:
                problems["mobile"] = "not_a_phone"
    address: str | None = None
    typed_email = (email or "").strip()
    if typed_email:
        if len(typed_email) > MAX_EMAIL_LENGTH:
            problems["email"] = "too_long"
        elif not _EMAIL.fullmatch(typed_email):
            problems["email"] = "not_an_email"
        else:
            local, _, domain = typed_email.rpartition("@")
            address = f"{local}@{domain.lower()}"
    if not typed_phone and not typed_email:
        problems["mobile"] = "phone_or_email"
    if problems:
        return problems
    return NewContact(first_name=first, last_name=last, mobile=phone, email=address)

"""What agents pick in the form, in the bot's own terms (independent of Slack and Vitec)."""

from __future__ import annotations

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

"""What the ledger records about one booking attempt, as plain values the rest of the bot uses."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime


class SignupStatus(StrEnum):
    """Where a booking attempt stands; the values are what the database stores."""

    PENDING = "pending"
    """Recorded, and the Vitec call is in flight (or its process died before answering)."""
    BOOKED = "booked"
    """Vitec answered 204, or reconciliation found the participant."""
    ALREADY_BOOKED = "already_booked"
    """The contact was on the time slot already; this attempt added nothing."""
    REFUSED = "refused"
    """Vitec answered with a validation error (400): certainly not booked."""
    FAILED = "failed"
    """The booking certainly did not happen (no connection, 401/403): safe to submit again."""
    UNKNOWN = "unknown"
    """The request may have landed (timeout, broken connection): reconcile before any retry."""
    REMOVED = "removed"
    """Booked, then undone with "Ångra" (the participant was deleted in Vitec)."""


OPEN_STATUSES = frozenset({SignupStatus.PENDING, SignupStatus.UNKNOWN})
"""Attempts whose outcome is not settled yet; these are what reconciliation works on."""

OUTCOMES = frozenset(
    {
        SignupStatus.BOOKED,
        SignupStatus.ALREADY_BOOKED,
        SignupStatus.REFUSED,
        SignupStatus.FAILED,
        SignupStatus.UNKNOWN,
    }
)
"""What a Vitec call (or a reconciliation) can conclude."""

NOT_BOOKED = frozenset({SignupStatus.REFUSED, SignupStatus.FAILED})
"""Outcomes that certainly left nothing in Vitec, so the same submission may try again."""

ANNOUNCED = frozenset(
    {
        SignupStatus.BOOKED,
        SignupStatus.ALREADY_BOOKED,
        SignupStatus.REFUSED,
        SignupStatus.FAILED,
    }
)
"""Settled outcomes the agent must hear about (an unknown one is announced once settled)."""

ON_THE_SLOT = frozenset({SignupStatus.BOOKED, SignupStatus.ALREADY_BOOKED})
"""Outcomes after which the contact is on the time slot."""

PROBLEMS = frozenset({SignupStatus.REFUSED, SignupStatus.FAILED, SignupStatus.UNKNOWN})
"""Outcomes an agent needs to act on."""


def idempotency_key(view_id: str, time_slot_id: str, contact_id: str) -> str:
    """The key that makes one form submission one booking: a digest, so no id is readable in it."""
    parts = (view_id, time_slot_id, contact_id)
    if not all(parts):
        raise ValueError("view id, time slot id and contact id are all needed")
    # A separator that cannot occur in Slack or Vitec ids keeps ("ab", "c") apart from ("a", "bc");
    # the version prefix lets a future key scheme coexist with rows written under this one.
    return hashlib.sha256("\x1f".join(("v1", *parts)).encode()).hexdigest()


NEW_CONTACT_PREFIX = "NEW"
"""Starts the stand-in contact id of a new contact's attempt until Vitec names the contact.

Vitec's contact ids start with ``ADR``; the stand-in is never sent to Vitec.
"""


def new_contact_key(time_slot_id: str, person: tuple[str, ...]) -> str:
    """The exactly-once key of booking a new contact: the slot and the person, normalised.

    The same person (same names, mobile and e-mail, however typed) on the same time slot is one
    booking, whichever form or process sends it.
    """
    if not time_slot_id or not any(person):
        raise ValueError("a time slot and a person are needed")
    return hashlib.sha256("\x1f".join(("v1-new", time_slot_id, *person)).encode()).hexdigest()


def stand_in_contact_id(key: str) -> str:
    """The contact id a new contact's attempt holds until Vitec answers with the real one."""
    return NEW_CONTACT_PREFIX + key[:32].upper()


def is_stand_in(contact_id: str) -> bool:
    """Whether the id is a new contact's stand-in rather than a Vitec contact id."""
    return contact_id.startswith(NEW_CONTACT_PREFIX)


class ContactOrigin(StrEnum):
    """How Vitec's duplicate check answered a new contact's booking."""

    CREATED = "created"
    FOUND = "found"


@dataclass(frozen=True)
class NewSignup:
    """What the booking use case knows before it calls Vitec."""

    idempotency_key: str
    team_id: str
    user_id: str
    channel_id: str | None
    response_url: str | None
    customer_id: str
    estate_id: str
    viewing_id: str
    time_slot_id: str
    contact_id: str
    slot_starts_at: datetime
    slot_ends_at: datetime
    contact_name: str
    """Personal data: shown when the outcome is reported, blanked by the retention purge."""
    estate_address: str
    booking: dict[str, Any] = field(hash=False)
    """The exact AddViewingParticipant body sent to Vitec; its contactMessage is personal data."""
    language: str
    thread_ts: str | None = None
    """The message whose thread the outcome is posted in (the message shortcut), if any."""

    def __post_init__(self) -> None:
        for name in ("slot_starts_at", "slot_ends_at"):
            if getattr(self, name).utcoffset() is None:
                raise ValueError(f"{name} must be timezone-aware")
        if self.slot_ends_at <= self.slot_starts_at:
            raise ValueError("slot_ends_at must be after slot_starts_at")


@dataclass(frozen=True)
class Signup:
    """One booking attempt as the ledger holds it."""

    id: int
    idempotency_key: str
    team_id: str
    user_id: str
    channel_id: str | None
    response_url: str | None
    """None once purged."""
    customer_id: str
    estate_id: str
    viewing_id: str
    time_slot_id: str
    contact_id: str
    slot_starts_at: datetime
    slot_ends_at: datetime
    contact_name: str | None
    """None once purged."""
    estate_address: str
    booking: dict[str, Any] = field(hash=False)
    """Once purged, only the keys that say nothing about the contact remain."""
    language: str
    status: SignupStatus
    vitec_message: str | None
    """Vitec's own words about the outcome, shown to the agent verbatim; None once purged."""
    error_field: str | None
    """The form field a refusal concerns (time slot, lead source, contact), when known."""
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    """When the latest outcome was recorded; None while pending."""
    attempts: int
    """How many times a worker took the attempt on: the first call plus every reconciliation."""
    claimed_by: str | None
    """The worker that owns the attempt while it calls Vitec or reconciles."""
    claim_expires_at: datetime | None
    """After this, another worker may take the attempt over."""
    purged: bool
    notified: bool
    """The agent has been told the current outcome."""
    thread_ts: str | None = None
    """The message whose thread the outcome is posted in (the message shortcut), if any."""
    contact_origin: str | None = None
    """For a new contact: whether Vitec created the person or found them (ContactOrigin)."""

"""What the audit trail records about one action, as plain values the rest of the bot uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class AuditAction(StrEnum):
    """What an agent did; the values are what the database stores."""

    SEARCH = "search"
    """Looked contacts up in the picker; the ids shown are recorded."""
    BOOK = "book"
    """A booking attempt reached an outcome (``detail``)."""
    UNDO = "undo"
    """Removed a booking from Vitec ("Ångra")."""
    REFUSED = "refused"
    """Was refused by the access policy (``detail`` says why) before anything reached Vitec."""


@dataclass(frozen=True)
class NewAuditEvent:
    """An audit record before it is stored; the trail adds its time."""

    team_id: str
    user_id: str
    action: AuditAction
    detail: str | None = None
    customer_id: str | None = None
    result_count: int | None = None
    contact_ids: tuple[str, ...] = ()
    signup_id: int | None = None
    viewing_id: str | None = None
    time_slot_id: str | None = None


@dataclass(frozen=True)
class AuditEvent(NewAuditEvent):
    """A stored audit record."""

    id: int = 0
    at: datetime = field(kw_only=True)

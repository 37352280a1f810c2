"""The audit trail of bookings and undos, written off the agent's path."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from bot.metrics import BOOKINGS
from bot.store import AuditAction, Ledger, NewAuditEvent, Signup
from bot.tasks import BackgroundTasks

log = logging.getLogger(__name__)


class BookingAudit:
    """Adds who booked or undid which contact on which viewing to the audit trail."""

    def __init__(self, ledger: Ledger, tasks: BackgroundTasks) -> None:
        self._ledger = ledger
        self._tasks = tasks

    def record(self, event: NewAuditEvent) -> None:
        """Add to the audit trail off the agent's path (the ledger row is the booking's record)."""
        self._tasks.spawn(self._write(event), name=f"audit-{event.action}")

    def outcome(self, signup: Signup) -> None:
        """Record the outcome of a booking attempt, under the agent who made it."""
        BOOKINGS.labels(str(signup.status)).inc()
        self.record(
            NewAuditEvent(
                team_id=signup.team_id,
                user_id=signup.user_id,
                action=AuditAction.BOOK,
                detail=str(signup.status),
                customer_id=signup.customer_id,
                contact_ids=(signup.contact_id,),
                signup_id=signup.id,
                viewing_id=signup.viewing_id,
                time_slot_id=signup.time_slot_id,
            )
        )

    def undo(self, signup: Signup, *, team_id: str, user_id: str) -> None:
        """Record that ``user_id`` undid the booking."""
        self.record(
            NewAuditEvent(
                team_id=team_id,
                user_id=user_id,
                action=AuditAction.UNDO,
                customer_id=signup.customer_id,
                contact_ids=(signup.contact_id,),
                signup_id=signup.id,
                viewing_id=signup.viewing_id,
                time_slot_id=signup.time_slot_id,
            )
        )

    async def _write(self, event: NewAuditEvent) -> None:
        try:
            await self._ledger.audit.record(event)
        except SQLAlchemyError as exc:
            # The exception's text can hold the row's values; the type is enough to act on.
            log.error(
                "audit record of a %s could not be written: %s", event.action, type(exc).__name__
            )

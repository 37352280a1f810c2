"""What a message shows of one booking attempt, read from its ledger row."""

from __future__ import annotations

from typing import Any

from bot.domain import ReminderChoice
from bot.store import Signup
from bot.ui.messages import BookingSummary


def summary_of(signup: Signup) -> BookingSummary:
    """What messages show about a ledger row."""
    body: dict[str, Any] = signup.booking or {}
    try:
        reminder = ReminderChoice(int(body.get("reminderTime") or 0))
    except ValueError:
        reminder = ReminderChoice.NONE
    return BookingSummary(
        signup_id=signup.id,
        user_id=signup.user_id,
        contact_name=signup.contact_name or "–",
        address=signup.estate_address,
        estate_id=signup.estate_id,
        viewing_id=signup.viewing_id,
        time_slot_id=signup.time_slot_id,
        starts_at=signup.slot_starts_at,
        ends_at=signup.slot_ends_at,
        reminder=reminder,
        sms_reminder=bool(body.get("smsReminder")),
        mail_confirmation=bool(body.get("mailConfirmation")),
        sms_confirmation=bool(body.get("smsConfirmation")),
        participated=bool(body.get("participated")),
        status=str(signup.status),
        customer_id=signup.customer_id,
        attempted_at=signup.created_at,
        failure=signup.vitec_message,
        contact_origin=signup.contact_origin,
    )

"""The booking state machine: what Vitec receives, and how each of its answers ends an attempt."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.booking.machine import booking_body
from bot.domain import ReminderChoice, SignupForm

FORM = SignupForm(
    customer_id="M30011",
    estate_id="OBJ1_1",
    viewing_id="VIS1",
    time_slot_id="TS1",
    contact_id="ADR" + "0" * 32,
    reminder=ReminderChoice.NONE,
    sms_reminder=False,
    mail_confirmation=False,
    sms_confirmation=True,
    contact_message=None,
    lead_source_id=None,
    participated=True,
    check_deadline=False,
    check_capacity=True,
    channel_id="C1",
    slot_starts_at=datetime(2026, 12, 5, 12, tzinfo=UTC),
    slot_ends_at=datetime(2026, 12, 5, 13, tzinfo=UTC),
)


def test_unset_choices_are_left_out_of_the_booking_not_sent_as_null() -> None:
    assert booking_body(FORM).to_wire() == {
        "participated": True,
        "smsReminder": False,
        "mailConfirmation": False,
        "smsConfirmation": True,
        "options": {"isDeadlineValidationEnabled": False, "enableBookingLimitValidation": True},
    }

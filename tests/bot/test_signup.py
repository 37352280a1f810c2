"""The booking body and the mapping of Vitec's reasons onto the form."""

from datetime import UTC, datetime

import pytest

from bot.domain import ReminderChoice, SignupForm
from bot.signup import booking_body, field_block
from bot.ui.ids import BlockId

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


@pytest.mark.parametrize(
    ("field", "message", "block"),
    [
        ("leadSourceId", "Leadkällan har ett arbetsflöde.", BlockId.LEAD_SOURCE),
        (None, "Ogiltig leadkälla", BlockId.LEAD_SOURCE),
        ("contactMessage", "För långt", BlockId.MESSAGE),
        ("contactId", "Kontakten är redan anmäld", BlockId.CONTACT),
        ("reminderTime", "Ogiltig tid", BlockId.REMINDER),
        ("timeSlotId", "Visningstiden är fullbokad", "slot.OBJ1_1"),
        (None, "Något gick fel", "slot.OBJ1_1"),
    ],
)
def test_vitecs_reasons_land_on_the_field_they_concern(
    field: str | None, message: str, block: str
) -> None:
    assert field_block(field, message, "slot.OBJ1_1") == block

"""The AddViewingParticipant call: binding its body as ASP.NET would, and Vitec's booking rules.

Choices where Vitec's behaviour is unknown:
- ``options`` left out, or one of its flags left out, means that check is on; a client that
  forgets to send them still meets Vitec's checks rather than silently skipping them.
- A contact holds one slot per viewing: booking them again on the same viewing (any slot) is
  "already booked", answered per ``SimulatorConfig.already_booked``.
- A viewing whose slot has started is refused whatever the options say.
- ``leadSourceId`` left out or empty means the office's default source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from devtools.simulator.errors import FieldError, Invalid
from devtools.simulator.records import Registration

if TYPE_CHECKING:
    from datetime import datetime

    from devtools.simulator.records import ContactRecord, Slot, ViewingRecord
    from devtools.simulator.state import SimulatorState

MAX_CONTACT_MESSAGE = 2000

# Swedish messages, worded as an agent would read them in the modal.
FULL = "Visningstiden är fullbokad."
DEADLINE_PASSED = "Sista dag för anmälan till visningen har passerat."
VIEWING_OVER = "Visningen har redan ägt rum."
ALREADY_BOOKED = "Kontakten är redan anmäld till visningen."
WORKFLOW_LEAD_SOURCE = "Leadkällan har ett arbetsflöde och kan inte användas."
UNKNOWN_LEAD_SOURCE = "Leadkällan finns inte."
MESSAGE_TOO_LONG = f"Meddelandet får vara högst {MAX_CONTACT_MESSAGE} tecken."
NO_BODY = "Begäran saknar innehåll."
NOT_A_BOOLEAN = "Värdet måste vara true eller false."
NOT_AN_INTEGER = "Värdet måste vara ett heltal."
NOT_A_STRING = "Värdet måste vara en text."
NEGATIVE_REMINDER = "Påminnelsetiden kan inte vara negativ."

_FLAGS = {
    "participated": "Participated",
    "smsreminder": "SmsReminder",
    "mailconfirmation": "MailConfirmation",
    "smsconfirmation": "SmsConfirmation",
}
_OPTION_FLAGS = {
    "isdeadlinevalidationenabled": "IsDeadlineValidationEnabled",
    "enablebookinglimitvalidation": "EnableBookingLimitValidation",
}


@dataclass(frozen=True)
class BookingRequest:
    """A bound AddViewingParticipant body."""

    participated: bool = False
    reminder_time: int | None = None
    sms_reminder: bool = False
    mail_confirmation: bool = False
    sms_confirmation: bool = False
    contact_message: str | None = None
    lead_source_id: str | None = None
    check_deadline: bool = True
    check_capacity: bool = True


def bind(raw: object) -> BookingRequest:
    """Bind a parsed JSON body case-insensitively; raises Invalid naming each bad field."""
    if raw is None:
        raise Invalid(FieldError("model", NO_BODY, member=False))
    if not isinstance(raw, dict):
        raise Invalid(FieldError("model", "Begäran måste vara ett JSON-objekt.", member=False))
    body = {key.lower(): value for key, value in raw.items() if isinstance(key, str)}
    errors: list[FieldError] = []
    flags = {name: _flag(body, key, name, errors) for key, name in _FLAGS.items()}
    reminder = body.get("remindertime")
    if reminder is not None and (not isinstance(reminder, int) or isinstance(reminder, bool)):
        errors.append(FieldError("ReminderTime", NOT_AN_INTEGER))
        reminder = None
    elif reminder is not None and reminder < 0:
        errors.append(FieldError("ReminderTime", NEGATIVE_REMINDER))
    message = _text(body, "contactmessage", "ContactMessage", errors)
    if message is not None and len(message) > MAX_CONTACT_MESSAGE:
        errors.append(FieldError("ContactMessage", MESSAGE_TOO_LONG))
    lead_source = _text(body, "leadsourceid", "LeadSourceId", errors)
    options = body.get("options")
    checks = {"isdeadlinevalidationenabled": True, "enablebookinglimitvalidation": True}
    if isinstance(options, dict):
        given = {key.lower(): value for key, value in options.items() if isinstance(key, str)}
        for key, name in _OPTION_FLAGS.items():
            value = given.get(key)
            if value is None:
                continue
            if isinstance(value, bool):
                checks[key] = value
            else:
                errors.append(FieldError(f"Options.{name}", NOT_A_BOOLEAN))
    elif options is not None:
        errors.append(FieldError("Options", "Värdet måste vara ett objekt."))
    if errors:
        raise Invalid(*errors)
    return BookingRequest(
        participated=flags["Participated"],
        reminder_time=reminder,
        sms_reminder=flags["SmsReminder"],
        mail_confirmation=flags["MailConfirmation"],
        sms_confirmation=flags["SmsConfirmation"],
        contact_message=message,
        lead_source_id=lead_source or None,
        check_deadline=checks["isdeadlinevalidationenabled"],
        check_capacity=checks["enablebookinglimitvalidation"],
    )


def _flag(body: dict[str, Any], key: str, name: str, errors: list[FieldError]) -> bool:
    value = body.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        errors.append(FieldError(name, NOT_A_BOOLEAN))
        return False
    return value


def _text(body: dict[str, Any], key: str, name: str, errors: list[FieldError]) -> str | None:
    value = body.get(key)
    if value is None or isinstance(value, str):
        return value
    errors.append(FieldError(name, NOT_A_STRING))
    return None


# --- the rules ------------------------------------------------------------------------------------


def has_started(slot: Slot, now: datetime) -> bool:
    """Whether the slot has begun (or is over): too late to book whatever the options say."""
    return slot.starts_at <= now


def deadline_passed(viewing: ViewingRecord, now: datetime) -> bool:
    """Whether the viewing's booking deadline (noLaterThen) is behind us."""
    return viewing.deadline is not None and viewing.deadline < now


def is_full(state: SimulatorState, viewing: ViewingRecord, slot: Slot) -> bool:
    """Whether the slot holds as many participants as the viewing allows per slot."""
    if not viewing.capacity:
        return False
    return state.participants(viewing, slot.id) >= viewing.capacity


def registration_available(state: SimulatorState, viewing: ViewingRecord, slot: Slot) -> bool:
    """What the advertising form shows: the slot is upcoming, open for booking and not full."""
    now = state.now()
    return not (
        has_started(slot, now) or deadline_passed(viewing, now) or is_full(state, viewing, slot)
    )


def check_slot(
    state: SimulatorState, viewing: ViewingRecord, slot: Slot, request: BookingRequest
) -> None:
    """Refuse a booking the slot does not allow, whoever it is for; raises Invalid."""
    now = state.now()
    if has_started(slot, now):
        raise Invalid(FieldError("timeSlotId", VIEWING_OVER, member=False))
    if request.check_deadline and deadline_passed(viewing, now):
        raise Invalid(FieldError("timeSlotId", DEADLINE_PASSED, member=False))
    if request.check_capacity and is_full(state, viewing, slot):
        raise Invalid(FieldError("timeSlotId", FULL, member=False))


def decide(
    state: SimulatorState,
    viewing: ViewingRecord,
    slot: Slot,
    contact: ContactRecord,
    request: BookingRequest,
) -> Registration | None:
    """The booking to store, None for an already-booked contact answered 204; else raise Invalid."""
    if request.lead_source_id is not None:
        source = state.data.lead_source(viewing.customer_id, request.lead_source_id)
        if source is None:
            raise Invalid(FieldError("LeadSourceId", UNKNOWN_LEAD_SOURCE))
        if source.has_workflow:
            raise Invalid(FieldError("LeadSourceId", WORKFLOW_LEAD_SOURCE))
    now = state.now()
    if has_started(slot, now):
        raise Invalid(FieldError("timeSlotId", VIEWING_OVER, member=False))
    if state.participant(viewing.customer_id, viewing.id, contact.id) is not None:
        if state.config.already_booked == "ok":
            return None
        raise Invalid(FieldError("contactId", ALREADY_BOOKED, member=False))
    if request.check_deadline and deadline_passed(viewing, now):
        raise Invalid(FieldError("timeSlotId", DEADLINE_PASSED, member=False))
    if request.check_capacity and is_full(state, viewing, slot):
        raise Invalid(FieldError("timeSlotId", FULL, member=False))
    return Registration(
        customer_id=viewing.customer_id,
        viewing_id=viewing.id,
        slot_id=slot.id,
        contact_id=contact.id,
        participated=request.participated,
    )

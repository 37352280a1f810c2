"""Reading the submitted form: Slack's view state in, a SignupForm or inline errors out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.domain import (
    MAX_EMAIL_LENGTH,
    MAX_NAME_LENGTH,
    NewContact,
    NewContactField,
    NewContactProblem,
    ReminderChoice,
    SignupForm,
    parse_new_contact,
)
from bot.ui.form import MAX_BULK_CONTACTS, MAX_CONTACT_MESSAGE, MAX_TYPED_MOBILE, slot_block_id
from bot.ui.ids import (
    DEFAULT_LEAD_SOURCE,
    ActionId,
    BlockId,
    CheckChoice,
    NotifyChoice,
    ReminderChannel,
)
from bot.ui.metadata import FormMetadata
from bot.ui.options import is_hint
from bot.ui.texts import Catalogue, texts
from bot.vitec.paths import InvalidIdError, check_id

StateValues = Mapping[str, Mapping[str, Mapping[str, Any]]]


@dataclass(frozen=True)
class FormErrors:
    """Inline errors for the form, keyed by the input block they belong to."""

    errors: dict[str, str]

    def ack_payload(self) -> dict[str, Any]:
        """The view_submission answer that shows these errors in the modal."""
        return {"response_action": "errors", "errors": self.errors}


def _value(values: StateValues, block_id: str, action_id: str) -> Mapping[str, Any]:
    # The payload is Slack's, but a forged request can shape it any way: check every level.
    block = values.get(block_id) if isinstance(values, Mapping) else None
    value = block.get(action_id) if isinstance(block, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def _selected(values: StateValues, block_id: str, action_id: str) -> str | None:
    chosen = _value(values, block_id, action_id).get("selected_option")
    if isinstance(chosen, Mapping):
        value = chosen.get("value")
        return value if isinstance(value, str) else None
    return None


def _ticked(values: StateValues, block_id: str, action_id: str) -> set[str]:
    chosen = _value(values, block_id, action_id).get("selected_options") or []
    return {
        o["value"] for o in chosen if isinstance(o, Mapping) and isinstance(o.get("value"), str)
    }


def _safe_id(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return check_id(value)
    except InvalidIdError:
        return None


def selected_estate(values: StateValues) -> str | None:
    """The estate id chosen in the form, if it is a valid id."""
    return _safe_id(_selected(values, BlockId.ESTATE, ActionId.ESTATE))


def parse_reminder(value: str | None, legacy_sms: bool = False) -> tuple[ReminderChoice, bool]:
    """A reminder option's value (``none``, ``sms:60``, ``mail:60``) as (when, by SMS).

    Forms opened before the single reminder select sent the minutes alone and a separate
    "SMS reminder" tick (``legacy_sms``); those are still read.
    """
    channel, _, minutes = (value or "").rpartition(":")
    try:
        choice = ReminderChoice(int(minutes))
    except ValueError:
        return ReminderChoice.NONE, False
    if choice == ReminderChoice.NONE:
        return choice, False
    sms = channel == ReminderChannel.SMS or (not channel and legacy_sms)
    return choice, sms


def read_form(values: StateValues, meta: FormMetadata) -> SignupForm | FormErrors:
    """Validate the submitted state into a SignupForm, or say what to fix, field by field."""
    t = texts(meta.language)
    errors: dict[str, str] = {}

    chosen_estate = _selected(values, BlockId.ESTATE, ActionId.ESTATE)
    estate_id = _safe_id(chosen_estate)
    if estate_id is None:
        errors[BlockId.ESTATE] = (
            t.error_hint_estate if is_hint(chosen_estate) else t.error_choose_estate
        )

    viewing_id = time_slot_id = None
    starts_at = ends_at = None
    slot_block = slot_block_id(meta.estate_id)
    if estate_id is not None and meta.estate_id == estate_id:
        if slot_block not in values:
            # The form says why (no upcoming viewings, or they could not be read); this only
            # says what to do.
            errors[BlockId.ESTATE] = t.error_no_upcoming
        else:
            slot = parse_slot_value(_selected(values, slot_block, ActionId.SLOT) or "")
            if slot is None:
                errors[slot_block] = t.error_choose_slot
            else:
                viewing_id, time_slot_id, starts_at, ends_at = slot
    elif estate_id is not None:
        # The estate changed but its slots were not shown yet: ask again rather than guess.
        errors[BlockId.ESTATE] = t.error_estate_changed

    new_contact: NewContact | None = None
    contact_id: str | None = None
    bulk_ids: tuple[str, ...] = ()
    if meta.mode == "bulk":
        bulk = read_bulk_contacts(values, t)
        if isinstance(bulk, tuple):
            bulk_ids, contact_id = bulk, bulk[0]
        else:
            errors.update(bulk)
    elif meta.mode == "new":
        typed = read_new_contact(values, t)
        if isinstance(typed, NewContact):
            new_contact, contact_id = typed, ""
        else:
            errors.update(typed)
    else:
        chosen_contact = _selected(values, BlockId.CONTACT, ActionId.CONTACT)
        contact_id = _safe_id(chosen_contact)
        if contact_id is None:
            errors[BlockId.CONTACT] = (
                t.error_hint_contact if is_hint(chosen_contact) else t.error_choose_contact
            )

    notify = _ticked(values, BlockId.NOTIFY, ActionId.NOTIFY)
    reminder, sms_reminder = parse_reminder(
        _selected(values, BlockId.REMINDER, ActionId.REMINDER),
        legacy_sms=NotifyChoice.SMS_REMINDER in notify,
    )

    message = _value(values, BlockId.MESSAGE, ActionId.MESSAGE).get("value")
    contact_message = message.strip() if isinstance(message, str) and message.strip() else None
    if contact_message is not None and len(contact_message) > MAX_CONTACT_MESSAGE:
        errors[BlockId.MESSAGE] = t.error_message_too_long.format(n=MAX_CONTACT_MESSAGE)

    lead_value = _selected(values, BlockId.LEAD_SOURCE, ActionId.LEAD_SOURCE)
    lead_source_id = None
    if lead_value not in (None, DEFAULT_LEAD_SOURCE):
        lead_source_id = _safe_id(lead_value)
        if lead_source_id is None:
            errors[BlockId.LEAD_SOURCE] = t.error_choose_lead_source

    checks = _ticked(values, BlockId.CHECKS, ActionId.CHECKS)
    attendance = _ticked(values, BlockId.ATTENDANCE, ActionId.ATTENDANCE)
    channel = _value(values, BlockId.CHANNEL, ActionId.CHANNEL).get("selected_conversation")
    channel_id = _safe_id(channel if isinstance(channel, str) else None) or meta.channel_id

    if errors or not (estate_id and viewing_id and time_slot_id and contact_id is not None):
        return FormErrors(errors or {BlockId.ESTATE: t.error_choose_estate})
    return SignupForm(
        customer_id=meta.customer_id,
        estate_id=estate_id,
        viewing_id=viewing_id,
        time_slot_id=time_slot_id,
        contact_id=contact_id,
        reminder=reminder,
        sms_reminder=sms_reminder,
        mail_confirmation=NotifyChoice.MAIL_CONFIRMATION in notify,
        sms_confirmation=NotifyChoice.SMS_CONFIRMATION in notify,
        contact_message=contact_message,
        lead_source_id=lead_source_id,
        # Forms opened before attendance had its own block carried it among the checks.
        participated=CheckChoice.PARTICIPATED in attendance | checks,
        check_deadline=CheckChoice.DEADLINE in checks,
        check_capacity=CheckChoice.CAPACITY in checks,
        channel_id=channel_id,
        slot_starts_at=starts_at,
        slot_ends_at=ends_at,
        new_contact=new_contact,
        bulk_contact_ids=bulk_ids,
    )


def read_bulk_contacts(values: StateValues, t: Catalogue) -> tuple[str, ...] | dict[str, str]:
    """The contacts chosen for "Anmäl flera", each once, or what to fix."""
    chosen = _value(values, BlockId.BULK_CONTACTS, ActionId.BULK_CONTACTS).get("selected_options")
    raw = (
        [o.get("value") for o in chosen or () if isinstance(o, Mapping)]
        if isinstance(chosen, list)
        else []
    )
    if any(is_hint(v) for v in raw if isinstance(v, str)):
        return {BlockId.BULK_CONTACTS: t.error_hint_contact}
    ids = [_safe_id(v) if isinstance(v, str) else None for v in raw]
    if not ids or None in ids:
        return {BlockId.BULK_CONTACTS: t.error_bulk_choose}
    unique = tuple(dict.fromkeys(i.upper() for i in ids if i is not None))
    if len(unique) > MAX_BULK_CONTACTS:
        return {BlockId.BULK_CONTACTS: t.error_bulk_too_many.format(n=MAX_BULK_CONTACTS)}
    first_spelling = {i.upper(): i for i in reversed([i for i in ids if i is not None])}
    return tuple(first_spelling[u] for u in unique)


_NEW_CONTACT_BLOCKS: dict[NewContactField, tuple[BlockId, ActionId, int]] = {
    "first_name": (BlockId.NEW_FIRST_NAME, ActionId.NEW_FIRST_NAME, MAX_NAME_LENGTH),
    "last_name": (BlockId.NEW_LAST_NAME, ActionId.NEW_LAST_NAME, MAX_NAME_LENGTH),
    "mobile": (BlockId.NEW_MOBILE, ActionId.NEW_MOBILE, MAX_TYPED_MOBILE),
    "email": (BlockId.NEW_EMAIL, ActionId.NEW_EMAIL, MAX_EMAIL_LENGTH),
}


def read_new_contact(values: StateValues, t: Catalogue) -> NewContact | dict[str, str]:
    """The new contact typed into the form, or what to fix, by input block."""
    typed: dict[NewContactField, str | None] = {}
    for field, (block_id, action_id, _) in _NEW_CONTACT_BLOCKS.items():
        value = _value(values, block_id, action_id).get("value")
        typed[field] = value if isinstance(value, str) else None
    found = parse_new_contact(
        typed["first_name"], typed["last_name"], typed["mobile"], typed["email"]
    )
    if isinstance(found, NewContact):
        return found
    return {
        _NEW_CONTACT_BLOCKS[field][0].value: _new_contact_error(
            problem, _NEW_CONTACT_BLOCKS[field][2], t
        )
        for field, problem in found.items()
    }


def _new_contact_error(problem: NewContactProblem, limit: int, t: Catalogue) -> str:
    messages: dict[NewContactProblem, str] = {
        "missing": t.error_new_missing,
        "too_long": t.error_new_too_long.format(n=limit),
        "not_a_name": t.error_new_not_a_name,
        "not_a_phone": t.error_new_not_a_phone,
        "not_an_email": t.error_new_not_an_email,
        "phone_or_email": t.error_new_phone_or_email,
    }
    return messages[problem]


SlotValue = tuple[str, str, datetime | None, datetime | None]


def parse_slot_value(value: str) -> SlotValue | None:
    """``viewingId/timeSlotId[/start/end]`` into its parts; None when it is not one of ours."""
    parts = value.split("/")
    if len(parts) not in (2, 4):
        return None
    viewing_id, time_slot_id = _safe_id(parts[0]), _safe_id(parts[1])
    if viewing_id is None or time_slot_id is None:
        return None
    if len(parts) == 2:
        return viewing_id, time_slot_id, None, None
    try:
        start, end = (datetime.fromtimestamp(int(p), UTC) for p in parts[2:])
    except (ValueError, OverflowError, OSError):
        return None
    return viewing_id, time_slot_id, start, end

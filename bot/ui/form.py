"""The sign-up modal: pure functions from what is known to the view JSON Slack is sent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    ExternalDataMultiSelectElement,
    ExternalDataSelectElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.domain import (
    MAX_EMAIL_LENGTH,
    MAX_NAME_LENGTH,
    ContactChoice,
    EstateEntry,
    ReminderChoice,
    SlotChoice,
)
from bot.ui.formatting import (
    escape_mrkdwn,
    format_slot,
    mask_email,
    mask_phone,
    reminder_label,
    truncate,
)
from bot.ui.ids import (
    DEFAULT_LEAD_SOURCE,
    ActionId,
    BlockId,
    CallbackId,
    CheckChoice,
    NotifyChoice,
    ReminderChannel,
)
from bot.ui.metadata import FormMetadata, UndoMetadata
from bot.ui.texts import Catalogue, texts

MAX_CONTACT_MESSAGE = 1000
"""Longest contact message the form accepts (stored on the lead in Vitec)."""
MAX_BULK_CONTACTS = 10
"""Most contacts "Anmäl flera" books at once."""
MAX_TYPED_MOBILE = 40
"""Longest mobile number the form lets an agent type (spaces and dashes included)."""
OPTION_TEXT_LIMIT = 75


@dataclass(frozen=True)
class SlotPicker:
    """What the form knows about the chosen estate's time slots."""

    state: Literal["choose_estate", "loaded", "none", "failed"]
    slots: tuple[SlotChoice, ...] = ()
    selected: str | None = None
    """The slot value to pre-select (a single slot is pre-selected automatically)."""
    problem: str = ""
    """For ``failed``: why the slots could not be read and what to do, as a sentence."""
    booked_line: str = ""
    """Who is booked on the pre-selected slot (mrkdwn), shown under the picker; empty: nobody."""


@dataclass(frozen=True)
class FormChoices:
    """The choices a form starts with: those of an earlier booking ("Anmäl fler")."""

    reminder: str = "none"
    """A reminder option's value (``none``, ``sms:60``, ``mail:1440``)."""
    notify: frozenset[str] = frozenset({NotifyChoice.MAIL_CONFIRMATION.value})
    participated: bool = False
    checks: frozenset[str] = frozenset({CheckChoice.DEADLINE.value, CheckChoice.CAPACITY.value})
    lead_source_id: str | None = None
    lead_source_name: str | None = None
    """Shown on the pre-chosen source; without it the office default is pre-chosen."""


def choices_of_booking(body: dict[str, Any]) -> FormChoices:
    """The form's choices from a booking body as the ledger keeps it (Vitec's wire format)."""
    try:
        minutes = ReminderChoice(int(body.get("reminderTime") or 0))
    except (TypeError, ValueError):
        minutes = ReminderChoice.NONE
    channel = ReminderChannel.SMS if body.get("smsReminder") else ReminderChannel.MAIL
    notify = {
        choice.value
        for choice, key in (
            (NotifyChoice.MAIL_CONFIRMATION, "mailConfirmation"),
            (NotifyChoice.SMS_CONFIRMATION, "smsConfirmation"),
        )
        if body.get(key) is True
    }
    options = body.get("options")
    checks = {CheckChoice.DEADLINE.value, CheckChoice.CAPACITY.value}
    if isinstance(options, dict):
        checks = {
            choice.value
            for choice, key in (
                (CheckChoice.DEADLINE, "isDeadlineValidationEnabled"),
                (CheckChoice.CAPACITY, "enableBookingLimitValidation"),
            )
            if options.get(key) is not False
        }
    lead = body.get("leadSourceId")
    return FormChoices(
        reminder=reminder_value(minutes, channel),
        notify=frozenset(notify),
        participated=body.get("participated") is True,
        checks=frozenset(checks),
        lead_source_id=lead if isinstance(lead, str) and lead else None,
    )


def slot_block_id(estate_id: str | None) -> str:
    """The slot block's id; it names the estate so a new estate resets the slot choice."""
    return f"{BlockId.SLOT}.{estate_id}" if estate_id else BlockId.SLOT.value


def option(text: str, value: str) -> Option:
    """A select option with its text cut to Slack's limit."""
    return Option(text=PlainTextObject(text=truncate(text, OPTION_TEXT_LIMIT)), value=value)


def estate_option(estate: EstateEntry) -> Option:
    """The estate picker's option for an estate."""
    return option(estate.label, estate.id)


def contact_label(contact: ContactChoice) -> str:
    """``Åsa Öberg · 070-••• •• 67``: the name and just enough to tell namesakes apart."""
    masked = mask_phone(contact.phone) or mask_email(contact.email)
    return f"{contact.name} · {masked}" if masked else contact.name


def contact_option(contact: ContactChoice) -> Option:
    """The contact picker's option for a contact."""
    return option(contact_label(contact), contact.id)


def slot_label(slot: SlotChoice, t: Catalogue, now: datetime) -> str:
    """``lör 6 dec 13:00–13:45 · 3 platser kvar`` (or fullbokad / anmälan stängd)."""
    when = format_slot(slot.starts_at, slot.ends_at, t)
    left = slot.places_left
    if slot.is_closed(now):
        status = t.slot_closed
    elif left is None:
        status = t.slot_unlimited
    elif left == 0:
        status = t.slot_full
    elif left == 1:
        status = t.slot_one_place_left
    else:
        status = t.slot_places_left.format(n=left)
    return f"{when} · {status}"


def reminder_value(choice: ReminderChoice, channel: ReminderChannel) -> str:
    """A reminder option's value: ``none``, or the channel and the minutes (``sms:60``)."""
    return "none" if choice == ReminderChoice.NONE else f"{channel}:{choice.value}"


def reminder_options(t: Catalogue) -> list[Option]:
    """One choice per way of reminding: none, then SMS, then e-mail, each soonest first.

    Vitec takes ``reminderTime`` (minutes before) and ``smsReminder``; a reminder without SMS is
    read as Vitec's e-mail reminder. One select for both, so no choice contradicts another.
    """
    times = [c for c in ReminderChoice if c != ReminderChoice.NONE]
    return [
        option(t.reminder_none, reminder_value(ReminderChoice.NONE, ReminderChannel.SMS)),
        *(
            option(reminder_label(c, channel == ReminderChannel.SMS, t), reminder_value(c, channel))
            for channel in (ReminderChannel.SMS, ReminderChannel.MAIL)
            for c in times
        ),
    ]


def _estate_blocks(t: Catalogue, estate: EstateEntry | None, note: str | None) -> list[Block]:
    blocks: list[Block] = [_estate_block(t, estate)]
    if note:
        blocks.append(_context(BlockId.ESTATE_NOTE, note))
    return blocks


def _estate_block(t: Catalogue, estate: EstateEntry | None) -> InputBlock:
    return InputBlock(
        block_id=BlockId.ESTATE,
        label=t.estate_label,
        dispatch_action=True,
        element=ExternalDataSelectElement(
            action_id=ActionId.ESTATE,
            placeholder=t.estate_placeholder,
            min_query_length=0,
            initial_option=estate_option(estate) if estate else None,
        ),
    )


def _slot_blocks(
    t: Catalogue, estate: EstateEntry | None, picker: SlotPicker, now: datetime
) -> list[Block]:
    if picker.state == "choose_estate" or estate is None:
        return [_context(BlockId.SLOT_HINT, t.slot_choose_estate_first)]
    if picker.state == "failed":
        return [_context(BlockId.SLOT_HINT, t.slot_load_failed.format(problem=picker.problem))]
    if picker.state == "none" or not picker.slots:
        address = escape_mrkdwn(estate.street_address)
        return [_context(BlockId.SLOT_HINT, t.slot_none_upcoming.format(address=address))]
    options = [option(slot_label(s, t, now), s.value) for s in picker.slots[:100]]
    selected = picker.selected or (picker.slots[0].value if len(picker.slots) == 1 else None)
    initial = next((o for o in options if o.value == selected), None)
    blocks: list[Block] = [
        InputBlock(
            block_id=slot_block_id(estate.id),
            label=t.slot_label,
            element=StaticSelectElement(
                action_id=ActionId.SLOT,
                placeholder=t.slot_placeholder,
                options=options,
                initial_option=initial,
            ),
        )
    ]
    if picker.booked_line and initial is not None:
        blocks.append(_context(BlockId.WHO, picker.booked_line))
    return blocks


def _contact_blocks(
    t: Catalogue,
    meta: FormMetadata,
    *,
    contact: ContactChoice | None = None,
    contact_note: str | None = None,
) -> list[Block]:
    """The contact part of the form: one picked (perhaps chosen already), a new one, or several."""
    if meta.mode == "new":
        fields = [
            (
                BlockId.NEW_FIRST_NAME,
                ActionId.NEW_FIRST_NAME,
                t.new_first_name_label,
                MAX_NAME_LENGTH,
            ),
            (BlockId.NEW_LAST_NAME, ActionId.NEW_LAST_NAME, t.new_last_name_label, MAX_NAME_LENGTH),
            (BlockId.NEW_MOBILE, ActionId.NEW_MOBILE, t.new_mobile_label, MAX_TYPED_MOBILE),
            (BlockId.NEW_EMAIL, ActionId.NEW_EMAIL, t.new_email_label, MAX_EMAIL_LENGTH),
        ]
        typed: list[Block] = [
            InputBlock(
                block_id=block_id,
                label=label,
                # Mobile and e-mail: one of them (the submission says so when both are empty).
                optional=block_id in (BlockId.NEW_MOBILE, BlockId.NEW_EMAIL),
                element=PlainTextInputElement(action_id=action_id, max_length=limit),
            )
            for block_id, action_id, label, limit in fields
        ]
        return [
            *typed,
            _context(BlockId.NEW_NOTE, t.new_contact_note),
            _contact_actions((ActionId.SEARCH_CONTACT, t.search_contact_button)),
        ]
    if meta.mode == "bulk":
        return [
            InputBlock(
                block_id=BlockId.BULK_CONTACTS,
                label=t.bulk_contacts_label.format(n=MAX_BULK_CONTACTS),
                hint=t.bulk_contacts_hint,
                element=ExternalDataMultiSelectElement(
                    action_id=ActionId.BULK_CONTACTS,
                    placeholder=t.contact_placeholder,
                    min_query_length=1,
                    max_selected_items=MAX_BULK_CONTACTS,
                ),
            ),
            _contact_actions((ActionId.SINGLE_MODE, t.single_button)),
        ]
    return [
        InputBlock(
            block_id=BlockId.CONTACT,
            label=t.contact_label,
            hint=t.contact_hint,
            element=ExternalDataSelectElement(
                action_id=ActionId.CONTACT,
                placeholder=t.contact_placeholder,
                min_query_length=1,
                initial_option=contact_option(contact) if contact else None,
            ),
        ),
        *([_context(BlockId.CONTACT_NOTE, contact_note)] if contact_note else []),
        _contact_actions(
            (ActionId.NEW_CONTACT, t.new_contact_button), (ActionId.BULK_MODE, t.bulk_button)
        ),
    ]


def _contact_actions(*buttons: tuple[ActionId, str]) -> ActionsBlock:
    return ActionsBlock(
        block_id=BlockId.CONTACT_ACTIONS,
        elements=[
            ButtonElement(action_id=action_id, text=text, value=action_id.value)
            for action_id, text in buttons
        ],
    )


def _context(block_id: str, text: str) -> ContextBlock:
    return ContextBlock(block_id=block_id, elements=[MarkdownTextObject(text=text)])


def _checkbox(text: str, value: str) -> Option:
    return Option(text=PlainTextObject(text=text), value=value)


def signup_form(
    meta: FormMetadata,
    *,
    now: datetime,
    estate: EstateEntry | None = None,
    slots: SlotPicker | None = None,
    note: str | None = None,
    contact: ContactChoice | None = None,
    contact_note: str | None = None,
    choices: FormChoices | None = None,
) -> dict[str, Any]:
    """The sign-up modal; with an estate it also offers that estate's time slots.

    ``note`` (mrkdwn) is shown under the estate picker: what ``/visning <text>`` found;
    ``contact`` is chosen in the contact picker and ``contact_note`` said under it (what a
    message named). A form for a message's thread posts there, so it has no channel picker.
    """
    t = texts(meta.language)
    picker = slots or SlotPicker(state="choose_estate")
    notify = [
        _checkbox(t.notify_mail_confirmation, NotifyChoice.MAIL_CONFIRMATION),
        _checkbox(t.notify_sms_confirmation, NotifyChoice.SMS_CONFIRMATION),
    ]
    checks = [
        _checkbox(t.check_deadline, CheckChoice.DEADLINE),
        _checkbox(t.check_capacity, CheckChoice.CAPACITY),
    ]
    attendance = [_checkbox(t.check_participated, CheckChoice.PARTICIPATED)]
    reminders = reminder_options(t)
    default_lead = option(t.lead_source_default, DEFAULT_LEAD_SOURCE)
    chosen = choices or FormChoices()
    reminder = next((o for o in reminders if o.value == chosen.reminder), reminders[0])
    notified = [o for o in notify if o.value in chosen.notify]
    checked = [o for o in checks if o.value in chosen.checks]
    lead = default_lead
    if chosen.lead_source_id and chosen.lead_source_name:
        lead = option(chosen.lead_source_name, chosen.lead_source_id)
    blocks: list[Block] = [
        *_estate_blocks(t, estate, note),
        *_slot_blocks(t, estate, picker, now),
        *_contact_blocks(t, meta, contact=contact, contact_note=contact_note),
        InputBlock(
            block_id=BlockId.REMINDER,
            label=t.reminder_label,
            hint=t.reminder_hint,
            element=StaticSelectElement(
                action_id=ActionId.REMINDER, options=reminders, initial_option=reminder
            ),
        ),
        InputBlock(
            block_id=BlockId.NOTIFY,
            label=t.notify_label,
            optional=True,
            element=CheckboxesElement(
                action_id=ActionId.NOTIFY, options=notify, initial_options=notified or None
            ),
        ),
        InputBlock(
            block_id=BlockId.MESSAGE,
            label=t.message_label,
            optional=True,
            element=PlainTextInputElement(
                action_id=ActionId.MESSAGE,
                placeholder=t.message_placeholder,
                multiline=True,
                max_length=MAX_CONTACT_MESSAGE,
            ),
        ),
        InputBlock(
            block_id=BlockId.LEAD_SOURCE,
            label=t.lead_source_label,
            hint=t.lead_source_hint,
            element=ExternalDataSelectElement(
                action_id=ActionId.LEAD_SOURCE, min_query_length=0, initial_option=lead
            ),
        ),
        InputBlock(
            block_id=BlockId.ATTENDANCE,
            label=t.attendance_label,
            optional=True,
            element=CheckboxesElement(
                action_id=ActionId.ATTENDANCE,
                options=attendance,
                initial_options=attendance if chosen.participated else None,
            ),
        ),
        InputBlock(
            block_id=BlockId.CHECKS,
            label=t.checks_label,
            hint=t.checks_hint,
            optional=True,
            element=CheckboxesElement(
                action_id=ActionId.CHECKS, options=checks, initial_options=checked or None
            ),
        ),
        _channel_block(t, meta),
    ]
    shown = meta.model_copy(update={"estate_id": estate.id if estate else None})
    return _modal(
        CallbackId.SIGNUP, t.form_title, blocks, shown, submit=t.form_submit, close=t.form_close
    )


def _channel_block(t: Catalogue, meta: FormMetadata) -> Block:
    if meta.thread_ts and meta.channel_id:
        return _context(BlockId.THREAD_NOTE, t.thread_note.format(channel=meta.channel_id))
    return InputBlock(
        block_id=BlockId.CHANNEL,
        label=t.channel_label,
        element=ConversationSelectElement(
            action_id=ActionId.CHANNEL,
            default_to_current_conversation=True,
            response_url_enabled=True,
            filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
        ),
    )


def notice_view(
    meta: FormMetadata, *, title: str, text: str, callback_id: CallbackId
) -> dict[str, Any]:
    """A modal that only says something (booking in progress, outcome, failure)."""
    t = texts(meta.language)
    section = SectionBlock(
        block_id=BlockId.OUTCOME, text=MarkdownTextObject(text=truncate(text, 3000))
    )
    return _modal(callback_id, title, [section], meta, close=t.close_button)


def undo_confirm_view(meta: UndoMetadata, *, name: str, address: str, slot: str) -> dict[str, Any]:
    """Asks the agent who booked, in their language, whether to remove the booking."""
    t = texts(meta.language)
    text = t.undo_confirm_text.format(name=name, address=address, slot=slot)
    section = SectionBlock(block_id=BlockId.OUTCOME, text=MarkdownTextObject(text=text))
    return _modal(
        CallbackId.UNDO_CONFIRM,
        t.undo_confirm_title,
        [section],
        meta,
        submit=t.undo_confirm_yes,
        close=t.undo_confirm_no,
    )


def _modal(
    callback_id: CallbackId,
    title: str,
    blocks: Sequence[Block],
    meta: FormMetadata | UndoMetadata,
    *,
    submit: str | None = None,
    close: str | None = None,
) -> dict[str, Any]:
    view = View(
        type="modal",
        callback_id=callback_id,
        title=PlainTextObject(text=truncate(title, 24)),
        submit=PlainTextObject(text=submit) if submit else None,
        close=PlainTextObject(text=close) if close else None,
        blocks=list(blocks),
        private_metadata=meta.dump(),
    )
    result: dict[str, Any] = view.to_dict()
    return result

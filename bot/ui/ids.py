"""Every callback, block and action id the bot uses: stable, because Slack echoes them back."""

from __future__ import annotations

from enum import StrEnum


class CallbackId(StrEnum):
    SIGNUP = "signup"
    SIGNUP_PENDING = "signup_pending"
    SIGNUP_RESULT = "signup_result"
    UNDO_CONFIRM = "undo_confirm"
    CONNECT_VITEC = "connect_vitec"


class BlockId(StrEnum):
    ESTATE = "estate"
    ESTATE_NOTE = "estate_note"
    SLOT = "slot"
    SLOT_HINT = "slot_hint"
    CONTACT = "contact"
    CONTACT_NOTE = "contact_note"
    REMINDER = "reminder"
    NOTIFY = "notify"
    MESSAGE = "message"
    LEAD_SOURCE = "lead_source"
    ATTENDANCE = "attendance"
    CHECKS = "checks"
    CHANNEL = "channel"
    THREAD_NOTE = "thread_note"
    OUTCOME = "outcome"
    OUTCOME_ACTIONS = "outcome_actions"
    HOME_ACTIONS = "home_actions"
    CONTACT_ACTIONS = "contact_actions"
    NEW_FIRST_NAME = "new_first_name"
    NEW_LAST_NAME = "new_last_name"
    NEW_MOBILE = "new_mobile"
    NEW_EMAIL = "new_email"
    NEW_NOTE = "new_note"
    BULK_CONTACTS = "bulk_contacts"
    WHO = "who"
    SETUP_ACTIONS = "setup_actions"
    VITEC_USERNAME = "vitec_username"
    VITEC_PASSWORD = "vitec_password"  # noqa: S105 - a block id
    VITEC_OFFICES = "vitec_offices"
    SETTINGS_GROUP = "settings_group"
    CHANNEL_OFFICE = "channel_office"


class ActionId(StrEnum):
    ESTATE = "estate_select"
    SLOT = "slot_select"
    CONTACT = "contact_select"
    REMINDER = "reminder_select"
    NOTIFY = "notify_checks"
    MESSAGE = "message_input"
    LEAD_SOURCE = "lead_source_select"
    ATTENDANCE = "attendance_check"
    CHECKS = "booking_checks"
    CHANNEL = "channel_select"
    UNDO = "undo_signup"
    BOOK_MORE = "book_more"
    OPEN_FORM = "open_form"
    NEW_CONTACT = "new_contact"
    SEARCH_CONTACT = "search_contact"
    BULK_MODE = "bulk_mode"
    SINGLE_MODE = "single_mode"
    NEW_FIRST_NAME = "first_name_input"
    NEW_LAST_NAME = "last_name_input"
    NEW_MOBILE = "mobile_input"
    NEW_EMAIL = "email_input"
    BULK_CONTACTS = "bulk_contacts_select"
    WHO = "who_is_coming"
    CONNECT_VITEC = "connect_vitec"
    VITEC_USERNAME = "vitec_username_input"
    VITEC_PASSWORD = "vitec_password_input"  # noqa: S105 - an action id
    VITEC_OFFICES = "vitec_offices_input"
    SETTINGS_GROUP = "settings_group_input"
    CHANNEL_OFFICE_CHANNEL = "channel_office_channel"
    CHANNEL_OFFICE = "channel_office_select"


BULK_UNDO_IDS = tuple(f"undo_bulk_{n}" for n in range(1, 11))
"""The Ångra buttons of an "Anmäl flera" message, one per contact (action ids are unique)."""


class NotifyChoice(StrEnum):
    """The confirmations an agent can tick (checkbox values)."""

    SMS_REMINDER = "sms_reminder"
    """No longer offered (the reminder select says how); still read from forms opened before."""
    MAIL_CONFIRMATION = "mail_confirmation"
    SMS_CONFIRMATION = "sms_confirmation"


class CheckChoice(StrEnum):
    """Checkbox values: what the agent asks Vitec to verify, and attendance (its own block)."""

    DEADLINE = "deadline"
    CAPACITY = "capacity"
    PARTICIPATED = "participated"


class ReminderChannel(StrEnum):
    """How a reminder reaches the contact: the prefix of a reminder option's value."""

    SMS = "sms"
    MAIL = "mail"


DEFAULT_LEAD_SOURCE = "office_default"
"""Option value of "the office's default lead source" (the field is then left out)."""

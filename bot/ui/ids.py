"""Every callback, block and action id the bot uses: stable, because Slack echoes them back."""

from __future__ import annotations

from enum import StrEnum


class CallbackId(StrEnum):
    SIGNUP = "signup"
    SIGNUP_PENDING = "signup_pending"
    SIGNUP_RESULT = "signup_result"


class BlockId(StrEnum):
    ESTATE = "estate"
    SLOT = "slot"
    SLOT_HINT = "slot_hint"
    CONTACT = "contact"
    REMINDER = "reminder"
    NOTIFY = "notify"
    MESSAGE = "message"
    LEAD_SOURCE = "lead_source"
    CHECKS = "checks"
    CHANNEL = "channel"
    OUTCOME = "outcome"
    OUTCOME_ACTIONS = "outcome_actions"
    HOME_ACTIONS = "home_actions"


class ActionId(StrEnum):
    ESTATE = "estate_select"
    SLOT = "slot_select"
    CONTACT = "contact_select"
    REMINDER = "reminder_select"
    NOTIFY = "notify_checks"
    MESSAGE = "message_input"
    LEAD_SOURCE = "lead_source_select"
    CHECKS = "booking_checks"
    CHANNEL = "channel_select"
    UNDO = "undo_signup"
    BOOK_MORE = "book_more"
    OPEN_FORM = "open_form"


class NotifyChoice(StrEnum):
    """The contact notifications an agent can tick (checkbox values)."""

    SMS_REMINDER = "sms_reminder"
    MAIL_CONFIRMATION = "mail_confirmation"
    SMS_CONFIRMATION = "sms_confirmation"


class CheckChoice(StrEnum):
    """The booking checkbox values: what the agent asks Vitec to verify, and attendance."""

    DEADLINE = "deadline"
    CAPACITY = "capacity"
    PARTICIPATED = "participated"


DEFAULT_LEAD_SOURCE = "office_default"
"""Option value of "the office's default lead source" (the field is then left out)."""

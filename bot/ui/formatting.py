"""How times, phone numbers and choices read in Slack."""

from __future__ import annotations

from datetime import datetime

from bot.domain import ReminderChoice
from bot.ui.texts import Catalogue
from bot.vitec.models import STOCKHOLM


def format_slot(starts_at: datetime, ends_at: datetime, t: Catalogue) -> str:
    """``lör 6 dec 13:00–13:45`` in Swedish time, whatever zone the datetimes carry."""
    start = starts_at.astimezone(STOCKHOLM)
    end = ends_at.astimezone(STOCKHOLM)
    weekday = t.weekdays.split()[start.weekday()]
    month = t.months.split()[start.month - 1]
    return f"{weekday} {start.day} {month} {start:%H:%M}–{end:%H:%M}"


def mask_phone(phone: str | None) -> str | None:
    """Show only the last two digits, enough to tell namesakes apart: ``070-••• •• 67``."""
    if not phone:
        return None
    digits = [ch for ch in phone if ch.isdigit()]
    if len(digits) < 4:
        return "••"
    return f"{''.join(digits[:3])}-••• •• {''.join(digits[-2:])}"


def mask_email(email: str | None) -> str | None:
    """Show the first letter and the domain only: ``a•••@example.net``."""
    if not email or "@" not in email:
        return None
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


def reminder_text(choice: ReminderChoice, t: Catalogue) -> str:
    """The label of a reminder choice."""
    return {
        ReminderChoice.NONE: t.reminder_none,
        ReminderChoice.MINUTES_30: t.reminder_30,
        ReminderChoice.HOUR_1: t.reminder_60,
        ReminderChoice.HOURS_2: t.reminder_120,
        ReminderChoice.DAY_1: t.reminder_1440,
    }[choice]


def truncate(text: str, limit: int) -> str:
    """Cut text to Slack's limit, with an ellipsis when something was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape_mrkdwn(value: str) -> str:
    """A value from outside the catalogue, made safe to put into mrkdwn: shown as typed.

    Slack reads ``<…>`` as links and mentions (``<!channel>``, ``<https://…|label>``) and ``&``
    as the start of an escape; escaping these three is what Slack asks of apps. Formatting
    characters (``*``, ``_``, ``~``) are left alone: they can style a name, never link or ping.
    """
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

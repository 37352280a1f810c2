"""How times, phone numbers, choices and Vitec's failures read in Slack."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.clock import STOCKHOLM
from bot.domain import Problem, ReminderChoice
from bot.outcome import HTTP_PREFIX, FailureCode
from bot.ui.texts import Catalogue

# Codes rows were written with before they were English; still read, so history explains itself.
_OLD_CODES = {
    "ingen anslutning": FailureCode.CONNECT,
    "ej i Vitec": FailureCode.NOT_IN_VITEC,
    "databasen svarade inte": FailureCode.LEDGER_LATE,
}
_NO_ANSWER = {FailureCode.TIMEOUT, FailureCode.NO_RESPONSE}


def format_slot(starts_at: datetime, ends_at: datetime, t: Catalogue) -> str:
    """``lör 6 dec 13:00–13:45`` in Swedish time, whatever zone the datetimes carry."""
    start = starts_at.astimezone(STOCKHOLM)
    end = ends_at.astimezone(STOCKHOLM)
    weekday = t.weekdays.split()[start.weekday()]
    month = t.months.split()[start.month - 1]
    return f"{weekday} {start.day} {month} {start:%H:%M}–{end:%H:%M}"


def format_upcoming(starts_at: datetime, now: datetime, t: Catalogue) -> str:
    """``tis 17:30`` within the coming week, ``tis 9 dec 17:30`` beyond it, in Swedish time."""
    start = starts_at.astimezone(STOCKHOLM)
    weekday = t.weekdays.split()[start.weekday()]
    if timedelta(0) <= starts_at - now < timedelta(days=6):
        return f"{weekday} {start:%H:%M}"
    return f"{weekday} {start.day} {t.months.split()[start.month - 1]} {start:%H:%M}"


def format_moment(moment: datetime, t: Catalogue) -> str:
    """``3 dec 14:02`` in Swedish time: when something happened."""
    local = moment.astimezone(STOCKHOLM)
    return f"{local.day} {t.months.split()[local.month - 1]} {local:%H:%M}"


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
    """When a reminder goes out: ``1 timme före``."""
    return {
        ReminderChoice.NONE: t.reminder_none,
        ReminderChoice.MINUTES_30: t.reminder_30,
        ReminderChoice.HOUR_1: t.reminder_60,
        ReminderChoice.HOURS_2: t.reminder_120,
        ReminderChoice.DAY_1: t.reminder_1440,
    }[choice]


def reminder_label(choice: ReminderChoice, sms: bool, t: Catalogue) -> str:
    """A reminder as a whole: ``Ingen påminnelse`` or ``1 timme före, via SMS``."""
    if choice == ReminderChoice.NONE:
        return t.reminder_none
    template = t.reminder_by_sms if sms else t.reminder_by_mail
    return template.format(when=reminder_text(choice, t))


def problem_text(problem: Problem, t: Catalogue, *, office: str, trouble: str = "") -> str:
    """Why Vitec could not be read, and what to do about it, as one plain sentence."""
    if problem == "auth":
        return t.problem_auth
    if problem == "forbidden":
        return t.problem_forbidden.format(office=office)
    return t.problem_unavailable.format(trouble=trouble or t.trouble_other)


def problem_options(problem: Problem, t: Catalogue, *, office: str) -> str:
    """The same, as the lines of a picker's answer."""
    if problem == "auth":
        return t.option_auth
    if problem == "forbidden":
        return t.option_forbidden.format(office=office)
    return t.option_unavailable


def trouble_text(code: str | None, t: Catalogue) -> str:
    """What went wrong talking to Vitec, from the failure code the ledger keeps."""
    code = _OLD_CODES.get(code or "", code or "")
    if code.startswith(HTTP_PREFIX):
        status = code.removeprefix(HTTP_PREFIX)
        if status == "429":
            return t.trouble_busy
        return f"{t.trouble_server} {status}" if status.startswith("5") else t.trouble_other
    if code in _NO_ANSWER:
        return t.trouble_timeout
    if code == FailureCode.CONNECT:
        return t.trouble_connect
    if code == FailureCode.GARBLED:
        return t.trouble_garbled
    return t.trouble_other


def is_vitec_wording(code: str | None) -> bool:
    """Whether a ledger failure message is Vitec's own sentence rather than one of our codes."""
    if not code:
        return False
    code = _OLD_CODES.get(code, code)
    return code not in set(FailureCode) and not code.startswith(HTTP_PREFIX)


def failure_reason(status: str, code: str | None, t: Catalogue, *, office: str) -> str:
    """Why a recorded attempt did not book, as a sentence, from what the ledger keeps."""
    code = _OLD_CODES.get(code or "", code or "")
    if code == FailureCode.AUTH:
        return t.problem_auth
    if code == FailureCode.FORBIDDEN:
        return t.problem_forbidden.format(office=office)
    if code == FailureCode.NOT_FOUND:
        return t.reason_not_found
    if code == FailureCode.NOT_IN_VITEC:
        return t.reason_not_in_vitec
    if code == FailureCode.LEDGER_LATE:
        return t.reason_ledger_late
    if code == FailureCode.NO_ROOM:
        return t.reason_no_room
    if is_vitec_wording(code):
        return t.vitec_says.format(message=code)
    if status == "refused":
        return t.reason_no_reason
    if status == "unknown":
        return t.reason_unknown
    return t.problem_unavailable.format(trouble=trouble_text(code, t))


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

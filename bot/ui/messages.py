"""Messages the bot posts: the booking confirmation, undo, help, history and App Home."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.domain import ReminderChoice
from bot.ui.formatting import (
    escape_mrkdwn,
    failure_reason,
    format_moment,
    format_slot,
    reminder_label,
    truncate,
)
from bot.ui.ids import ActionId, BlockId
from bot.ui.texts import Catalogue, texts
from bot.vitec.paths import InvalidIdError, check_id

SECTION_LIMIT = 3000


@dataclass(frozen=True)
class BookingSummary:
    """What a message about one booking shows: the contact's name only, never phone or e-mail.

    Names and addresses are kept as Vitec has them; every builder escapes them for mrkdwn.
    """

    signup_id: int
    user_id: str
    contact_name: str
    address: str
    estate_id: str
    viewing_id: str
    time_slot_id: str
    starts_at: datetime
    ends_at: datetime
    reminder: ReminderChoice
    sms_reminder: bool
    mail_confirmation: bool
    sms_confirmation: bool
    participated: bool
    status: str
    customer_id: str = ""
    attempted_at: datetime | None = None
    """When the attempt was made (for failures in history and App Home)."""
    failure: str | None = None
    """What the ledger keeps about a failure: Vitec's words or a code (``401``, ``HTTP 503``)."""
    contact_origin: str | None = None
    """For a new contact: ``created`` or ``found`` (by Vitec's duplicate check)."""

    def slot_text(self, t: Catalogue) -> str:
        """The slot as agents read it."""
        return format_slot(self.starts_at, self.ends_at, t)

    @property
    def name_text(self) -> str:
        """The contact's name, safe in mrkdwn."""
        return escape_mrkdwn(self.contact_name)

    @property
    def address_text(self) -> str:
        """The estate's address, safe in mrkdwn."""
        return escape_mrkdwn(self.address)


@dataclass(frozen=True)
class Message:
    """A Slack message: fallback text plus blocks."""

    text: str
    blocks: list[dict[str, Any]]

    def as_payload(self) -> dict[str, Any]:
        """Keyword arguments for chat.postMessage / a response_url post."""
        return {"text": self.text, "blocks": self.blocks}


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=truncate(text, SECTION_LIMIT))


def _dump(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    return [block.to_dict() for block in blocks]


def _details(summary: BookingSummary, t: Catalogue) -> str:
    if summary.reminder == ReminderChoice.NONE:
        reminder = t.booking_reminder_none
    else:
        when = reminder_label(summary.reminder, summary.sms_reminder, t)
        reminder = t.booking_reminder.format(when=when)
    channels = [
        name
        for name, chosen in (
            (t.confirmation_mail, summary.mail_confirmation),
            (t.confirmation_sms, summary.sms_confirmation),
        )
        if chosen
    ]
    confirmations = (
        t.booking_confirmations.format(channels=", ".join(channels))
        if channels
        else t.booking_confirmations_none
    )
    lines = [t.booking_time.format(slot=summary.slot_text(t)), reminder, confirmations]
    if summary.participated:
        lines.append(t.booking_participated)
    return "\n".join(lines)


def booking_message(summary: BookingSummary, language: str, *, already: bool = False) -> Message:
    """The confirmation posted to the channel, with Ångra and Anmäl fler."""
    t = texts(language)
    headline = (t.already_booked_message if already else t.booked_message).format(
        name=summary.name_text, address=summary.address_text
    )
    more_value = "/".join(
        (summary.estate_id, summary.viewing_id, summary.time_slot_id, str(summary.signup_id))
    )
    slot_value = "/".join((summary.estate_id, summary.viewing_id, summary.time_slot_id))
    buttons = [
        ButtonElement(action_id=ActionId.BOOK_MORE, text=t.book_more_button, value=more_value),
        ButtonElement(action_id=ActionId.WHO, text=t.who_button, value=slot_value),
    ]
    if not already:
        # No confirm dialog on the button: it would be in the booker's language for everyone.
        # The click asks the one who clicked, in their language (or tells them it is not theirs).
        buttons.insert(
            0,
            ButtonElement(
                action_id=ActionId.UNDO, text=t.undo_button, value=str(summary.signup_id)
            ),
        )
    blocks: list[Block] = [
        SectionBlock(block_id=BlockId.OUTCOME, text=_mrkdwn(headline)),
        SectionBlock(text=_mrkdwn(_details(summary, t))),
        ContextBlock(elements=[_mrkdwn(_booked_by(summary, t))]),
        ActionsBlock(block_id=BlockId.OUTCOME_ACTIONS, elements=buttons),
    ]
    # The fallback text is mrkdwn too: it is what notifications show.
    fallback = t.booked_fallback.format(
        name=summary.name_text, address=summary.address_text, slot=summary.slot_text(t)
    )
    return Message(text=fallback, blocks=_dump(blocks))


def _booked_by(summary: BookingSummary, t: Catalogue) -> str:
    """Who booked, and for a new contact whether Vitec created or found the person."""
    origin = {"created": t.contact_created, "found": t.contact_found}.get(
        summary.contact_origin or ""
    )
    booked_by = t.booked_by.format(user=summary.user_id)
    return f"{booked_by} · {origin}" if origin else booked_by


@dataclass(frozen=True)
class BookMore:
    """What an "Anmäl fler" button names: the slot, and the booking whose choices to keep."""

    estate_id: str
    viewing_id: str
    time_slot_id: str
    signup_id: int | None = None


def book_more_ids(value: str | None) -> BookMore | None:
    """The slot (and booking) an "Anmäl fler" button names; None when it is not ours."""
    parts = (value or "").split("/")
    if len(parts) not in (3, 4):
        return None
    try:
        estate_id, viewing_id, time_slot_id = (check_id(p) for p in parts[:3])
        signup_id = int(parts[3]) if len(parts) == 4 else None
    except (InvalidIdError, ValueError):
        return None
    return BookMore(estate_id, viewing_id, time_slot_id, signup_id)


def undone_message(summary: BookingSummary, language: str, undone_by: str) -> Message:
    """What replaces the confirmation once the booking is undone."""
    t = texts(language)
    text = t.undone_message.format(
        name=summary.name_text, address=summary.address_text, user=undone_by
    )
    blocks: list[Block] = [
        SectionBlock(block_id=BlockId.OUTCOME, text=_mrkdwn(text)),
        ContextBlock(elements=[_mrkdwn(t.booking_time.format(slot=summary.slot_text(t)))]),
    ]
    return Message(text=text, blocks=_dump(blocks))


def text_message(text: str) -> Message:
    """A plain one-section message (errors, notices, help)."""
    blocks: list[Block] = [SectionBlock(text=_mrkdwn(text))]
    return Message(text=truncate(text, SECTION_LIMIT), blocks=_dump(blocks))


def status_text(status: str, t: Catalogue) -> str:
    """A ledger status as agents read it."""
    names = {
        "pending": t.status_pending,
        "booked": t.status_booked,
        "already_booked": t.status_already_booked,
        "refused": t.status_refused,
        "failed": t.status_failed,
        "unknown": t.status_unknown,
        "removed": t.status_removed,
    }
    return names.get(status, status)


FAILURES = frozenset({"refused", "failed", "unknown"})


def outcome_text(summary: BookingSummary, t: Catalogue) -> str:
    """The status; for a failure also when it was tried and why it did not book."""
    status = status_text(summary.status, t)
    if summary.status not in FAILURES:
        return f"_{status}_"
    reason = failure_reason(summary.status, summary.failure, t, office=summary.customer_id)
    when = format_moment(summary.attempted_at, t) if summary.attempted_at else ""
    return t.history_failure.format(status=f"_{status}_", when=when, reason=escape_mrkdwn(reason))


def history_message(summaries: Sequence[BookingSummary], language: str) -> Message:
    """The agent's recent bookings in a channel (ephemeral), newest first."""
    t = texts(language)
    if not summaries:
        return text_message(t.history_empty)
    lines = [
        f"• *{s.name_text}* – {s.address_text}, {s.slot_text(t)} · {outcome_text(s, t)}"
        for s in summaries
    ]
    text = t.history_title + "\n" + "\n".join(lines)
    return text_message(text)


def home_view(
    upcoming: Sequence[BookingSummary], failures: Sequence[BookingSummary], language: str
) -> dict[str, Any]:
    """The App Home tab: open the form, upcoming bookings, recent failures with the reason."""
    t = texts(language)
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=t.home_title)),
        SectionBlock(text=_mrkdwn(t.home_intro)),
        ActionsBlock(
            block_id=BlockId.HOME_ACTIONS,
            elements=[
                ButtonElement(action_id=ActionId.OPEN_FORM, text=t.home_open_form, style="primary")
            ],
        ),
        DividerBlock(),
        SectionBlock(text=_mrkdwn(t.home_upcoming)),
    ]
    if upcoming:
        blocks += [
            SectionBlock(text=_mrkdwn(f"*{s.slot_text(t)}* – {s.address_text}\n{s.name_text}"))
            for s in upcoming[:20]
        ]
    else:
        blocks.append(ContextBlock(elements=[_mrkdwn(t.home_upcoming_empty)]))
    blocks += [DividerBlock(), SectionBlock(text=_mrkdwn(t.home_failures))]
    if failures:
        blocks += [
            SectionBlock(
                text=_mrkdwn(
                    f"*{s.name_text}* – {s.address_text}, {s.slot_text(t)}\n{outcome_text(s, t)}"
                )
            )
            for s in failures[:10]
        ]
    else:
        blocks.append(ContextBlock(elements=[_mrkdwn(t.home_failures_empty)]))
    result: dict[str, Any] = View(type="home", blocks=blocks).to_dict()
    return result


def refusal_modal(text: str, language: str) -> dict[str, Any]:
    """A modal that says why the access policy refused the request (nothing else in it)."""
    t = texts(language)
    view = View(
        type="modal",
        title=PlainTextObject(text=truncate(t.access_title, 24)),
        close=PlainTextObject(text=t.close_button),
        blocks=[SectionBlock(block_id=BlockId.OUTCOME, text=_mrkdwn(text))],
    )
    result: dict[str, Any] = view.to_dict()
    return result


def refusal_home(text: str, language: str) -> dict[str, Any]:
    """App Home for someone the access policy refuses: the reason, and no bookings."""
    t = texts(language)
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=t.home_title)),
        SectionBlock(text=_mrkdwn(text)),
    ]
    result: dict[str, Any] = View(type="home", blocks=blocks).to_dict()
    return result

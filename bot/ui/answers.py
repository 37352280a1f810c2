"""What the form answers and what the agent reads for each way a booking attempt ends.

Pure functions from an outcome (or a ledger row) to a ``view_submission`` answer or a sentence;
the booking use case decides which is shown when. Inline errors are built only through
``FormErrors``, the modal's notices only through ``notice_answer``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain import SlotChoice
from bot.outcome import Outcome, failure_code
from bot.store import Signup, SignupStatus
from bot.ui.form import notice_view
from bot.ui.formatting import (
    escape_mrkdwn,
    failure_reason,
    format_slot,
    problem_text,
    trouble_text,
)
from bot.ui.ids import BlockId, CallbackId
from bot.ui.metadata import FormMetadata
from bot.ui.submission import FormErrors
from bot.ui.texts import Catalogue
from bot.vitec.errors import (
    FieldMessage,
    VitecAuthError,
    VitecConnectError,
    VitecError,
    VitecForbiddenError,
    VitecNoResponseError,
    VitecServerError,
    VitecValidationError,
)

_FULL_WORDS = ("fullbok", "fully booked", "inga platser", "no places")
_DEADLINE_WORDS = ("sista dag", "sista anmälningsdag", "deadline")


def notice_answer(
    meta: FormMetadata, title: str, text: str, callback: CallbackId
) -> dict[str, Any]:
    """The view_submission answer that replaces the form with a notice (mrkdwn text)."""
    return {
        "response_action": "update",
        "view": notice_view(meta, title=title, text=text, callback_id=callback),
    }


def pending_answer(
    meta: FormMetadata, t: Catalogue, *, name: str, address: str, channel: str
) -> dict[str, Any]:
    """ "Bokar…": the outcome is not known within the deadline and follows in the channel."""
    text = t.pending_text.format(
        name=escape_mrkdwn(name), address=escape_mrkdwn(address), channel=channel
    )
    return notice_answer(meta, t.pending_title, text, CallbackId.SIGNUP_PENDING)


def checking_answer(
    meta: FormMetadata, t: Catalogue, *, address: str, channel: str
) -> dict[str, Any]:
    """ "Bokar…" before the slot and contact are checked: both follow in the background."""
    text = t.pending_checking_text.format(address=escape_mrkdwn(address), channel=channel)
    return notice_answer(meta, t.pending_title, text, CallbackId.SIGNUP_PENDING)


def answer_text(answer: dict[str, Any]) -> str:
    """What a view_submission answer that was not sent in time says, as one mrkdwn text."""
    errors = answer.get("errors")
    if isinstance(errors, dict):
        return "\n".join(str(text) for text in errors.values())
    blocks = (answer.get("view") or {}).get("blocks") or []
    return "\n".join(
        str(b["text"]["text"])
        for b in blocks
        if isinstance(b, dict) and isinstance(b.get("text"), dict) and "text" in b["text"]
    )


def already_booked_errors(name: str, t: Catalogue) -> FormErrors:
    """The contact was on the viewing already: said on the contact field."""
    return FormErrors({BlockId.CONTACT: t.error_already_booked.format(name=name)})


def existing_answer(
    status: SignupStatus, name: str, meta: FormMetadata, t: Catalogue
) -> dict[str, Any] | None:
    """The answer to a submission seen before: the first delivery's outcome; None closes it."""
    if status == SignupStatus.BOOKED:
        return None
    if status == SignupStatus.ALREADY_BOOKED:
        return already_booked_errors(name, t).ack_payload()
    if status in (SignupStatus.PENDING, SignupStatus.UNKNOWN):
        return notice_answer(meta, t.pending_title, t.in_progress_text, CallbackId.SIGNUP_PENDING)
    return notice_answer(meta, t.result_title, t.result_failed_retry, CallbackId.SIGNUP_RESULT)


def inline_answer(
    outcome: Outcome,
    *,
    name: str,
    meta: FormMetadata,
    slot_block: str,
    t: Catalogue,
    slot: SlotChoice | None,
    now: datetime,
) -> dict[str, Any]:
    """The modal's answer to an outcome known within the deadline that is not a booking.

    Errors that can be fixed on the form are shown on their field; the rest replace the form.
    ``slot`` is the slot as the form showed it, to tell a full slot from a closed one.
    """
    if outcome.status == SignupStatus.ALREADY_BOOKED:
        return already_booked_errors(name, t).ack_payload()
    if outcome.reason == "not_found":
        return FormErrors({slot_block: t.error_not_found}).ack_payload()
    if outcome.reason == "refused":
        errors = refusal_errors(outcome.messages, slot_block=slot_block, t=t, slot=slot, now=now)
        return errors.ack_payload()
    if outcome.reason == "unavailable":
        trouble = trouble_text(outcome.signup.vitec_message, t)
        return FormErrors({slot_block: t.error_unavailable.format(trouble=trouble)}).ack_payload()
    return notice_answer(meta, t.result_title, explain(outcome, t), CallbackId.SIGNUP_RESULT)


def refusal_errors(
    messages: tuple[FieldMessage, ...],
    *,
    slot_block: str,
    t: Catalogue,
    slot: SlotChoice | None,
    now: datetime,
) -> FormErrors:
    """Vitec's reasons on the fields they concern, each framed and with a way forward."""
    # Vitec adds a general sentence ("Begäran är ogiltig.") beside the field reasons; it says
    # nothing more, so it is shown only when no field reason is given.
    specific = tuple(m for m in messages if m.field)
    reasons = specific or messages
    if not reasons:
        return FormErrors({slot_block: t.error_vitec_no_reason})
    errors: dict[str, str] = {}
    for m in reasons:
        block = field_block(m.field, m.message, slot_block)
        text = refusal_text(m.message, block, slot_block, t, slot, now)
        errors[block] = f"{errors[block]} {text}" if block in errors else text
    return FormErrors(errors)


def refusal_text(
    message: str, block: str, slot_block: str, t: Catalogue, slot: SlotChoice | None, now: datetime
) -> str:
    """Vitec's reason, framed as Vitec's, and what the agent can do next on that field."""
    said = t.vitec_says.format(message=message)
    if block == slot_block:
        text = message.lower()
        if any(w in text for w in _FULL_WORDS) or (slot is not None and slot.places_left == 0):
            return f"{said} {t.error_slot_full.format(check=t.check_capacity)}"
        if any(w in text for w in _DEADLINE_WORDS) or (slot is not None and slot.is_closed(now)):
            return f"{said} {t.error_slot_closed.format(check=t.check_deadline)}"
    next_steps: dict[str, str] = {
        BlockId.LEAD_SOURCE: t.next_lead_source,
        BlockId.CONTACT: t.next_contact,
        BlockId.MESSAGE: t.next_message,
        BlockId.REMINDER: t.next_reminder,
    }
    return f"{said} {next_steps.get(block, t.next_slot)}"


def field_block(field: str | None, message: str, slot_block: str) -> str:
    """The form block a Vitec validation message belongs to (the slot block when unsure)."""
    name = (field or "").replace("_", "").lower()
    text = message.lower()
    if "leadsource" in name or "leadkälla" in text or "lead source" in text:
        return BlockId.LEAD_SOURCE
    if "contactmessage" in name:
        return BlockId.MESSAGE
    if "reminder" in name:
        return BlockId.REMINDER
    if "contact" in name:
        return BlockId.CONTACT
    return slot_block


def explain(outcome: Outcome, t: Catalogue) -> str:
    """A sentence the agent can act on (mrkdwn), for an outcome that is not a booking."""
    signup = outcome.signup
    office = signup.customer_id
    match outcome.reason:
        case "auth" | "forbidden":
            return t.result_not_booked.format(
                problem=problem_text(outcome.reason, t, office=office)
            )
        case "unavailable":
            trouble = trouble_text(signup.vitec_message, t)
            problem = problem_text("unavailable", t, office=office, trouble=trouble)
            return t.result_not_booked.format(problem=problem)
        case "unknown":
            return t.result_unknown.format(name=escape_mrkdwn(signup.contact_name or "–"))
        case "not_found":
            return t.error_not_found
        case _:
            reasons = "; ".join(m.message for m in outcome.messages)
            reason = (
                t.vitec_says.format(message=escape_mrkdwn(reasons))
                if reasons
                else t.reason_no_reason
            )
            return t.result_refused.format(reason=reason)


def late_text(outcome: Outcome, t: Catalogue) -> str:
    """What the modal says once an outcome that came after "Bokar…" is known (mrkdwn)."""
    signup = outcome.signup
    name = escape_mrkdwn(signup.contact_name or "–")
    address = escape_mrkdwn(signup.estate_address)
    if outcome.status == SignupStatus.BOOKED:
        slot = format_slot(signup.slot_starts_at, signup.slot_ends_at, t)
        return t.result_booked.format(name=name, address=address, slot=slot)
    if outcome.status == SignupStatus.ALREADY_BOOKED:
        return t.result_already_booked.format(name=name, address=address)
    return explain(outcome, t)


def failure_text(signup: Signup, t: Catalogue) -> str:
    """The message telling an agent a booking did not go through, why, and what to do."""
    status = str(signup.status)
    reason = failure_reason(status, signup.vitec_message, t, office=signup.customer_id)
    if status == SignupStatus.REFUSED:
        reason = f"{reason} {t.next_rebook}"
    return t.failure_message.format(
        name=escape_mrkdwn(signup.contact_name or "–"),
        address=escape_mrkdwn(signup.estate_address),
        reason=escape_mrkdwn(reason),
    )


def undo_problem_text(exc: VitecError, office: str, t: Catalogue) -> str:
    """What happened to an undo Vitec did not carry out, and what to do about it."""
    if isinstance(exc, VitecValidationError):
        reasons = "; ".join(m.message for m in exc.messages)
        said = t.vitec_says.format(message=escape_mrkdwn(reasons)) if reasons else ""
        return t.undo_refused.format(vitec=said).strip()
    if isinstance(exc, VitecNoResponseError | VitecServerError) and not isinstance(
        exc, VitecConnectError
    ):
        # The DELETE may have been carried out: only Vitec can say whether it was.
        return t.undo_outcome_unknown
    if isinstance(exc, VitecAuthError):
        return t.undo_still_booked.format(problem=t.problem_auth)
    if isinstance(exc, VitecForbiddenError):
        return t.undo_still_booked.format(problem=t.problem_forbidden.format(office=office))
    problem = t.problem_unavailable.format(trouble=trouble_text(failure_code(exc), t))
    return t.undo_still_booked.format(problem=problem)

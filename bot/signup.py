"""The sign-up use case: a validated form in, exactly one booking in Vitec, the outcome reported.

Vitec's booking call has no idempotency key and may time out after it was applied, so every
attempt is written to the ledger first, a contact already on the viewing is detected before the
call, and an unknown outcome is settled by asking Vitec (``ViewingParticipant``) before any retry.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from bot.access import AccessPolicy
from bot.directory import Directory, log_refusal
from bot.domain import ContactChoice, ReminderChoice, SignupForm, SlotChoice
from bot.language import Language
from bot.notify import Delivered, Reporter
from bot.outcome import FailureCode, failure_code
from bot.store import (
    AuditAction,
    ClaimLostError,
    Ledger,
    LedgerUnavailableError,
    NewAuditEvent,
    NewSignup,
    Signup,
    SignupStatus,
    idempotency_key,
)
from bot.tasks import BackgroundTasks
from bot.ui.form import notice_view, slot_block_id, undo_confirm_view
from bot.ui.formatting import (
    escape_mrkdwn,
    failure_reason,
    format_slot,
    problem_text,
    trouble_text,
)
from bot.ui.ids import BlockId, CallbackId
from bot.ui.messages import (
    BookingSummary,
    Message,
    booking_message,
    status_text,
    text_message,
    undone_message,
)
from bot.ui.metadata import FormMetadata, UndoMetadata
from bot.ui.texts import Catalogue, texts
from bot.vitec.client import VitecClient
from bot.vitec.errors import (
    FieldMessage,
    VitecAuthError,
    VitecConnectError,
    VitecError,
    VitecForbiddenError,
    VitecNoResponseError,
    VitecNotFoundError,
    VitecServerError,
    VitecValidationError,
)
from bot.vitec.models import AddViewingParticipant, BookingOptions

log = logging.getLogger(__name__)

T = TypeVar("T")

Reason = Literal["auth", "forbidden", "unavailable", "not_found", "refused", "unknown"]


@dataclass(frozen=True)
class SubmissionContext:
    """Where a submission came from and how to answer it."""

    team_id: str
    user_id: str
    view_id: str
    response_url: str | None
    language: Language
    contact_name: str = "–"
    """The contact's name as Vitec has it, read by id when the form is submitted (for messages;
    never logged). Never the option label Slack echoes back: the client can send any text."""


@dataclass(frozen=True)
class Outcome:
    """How one booking attempt ended."""

    signup: Signup
    reason: Reason | None = None
    messages: tuple[FieldMessage, ...] = ()

    @property
    def status(self) -> SignupStatus:
        """The ledger status of the attempt."""
        return SignupStatus(self.signup.status)


def booking_body(form: SignupForm) -> AddViewingParticipant:
    """The AddViewingParticipant body Vitec receives for a form."""
    return AddViewingParticipant(
        participated=form.participated,
        reminder_time=form.reminder.value if form.reminder != ReminderChoice.NONE else None,
        sms_reminder=form.sms_reminder,
        mail_confirmation=form.mail_confirmation,
        sms_confirmation=form.sms_confirmation,
        contact_message=form.contact_message,
        lead_source_id=form.lead_source_id,
        options=BookingOptions(
            is_deadline_validation_enabled=form.check_deadline,
            enable_booking_limit_validation=form.check_capacity,
        ),
    )


def summary_of(signup: Signup) -> BookingSummary:
    """What messages show about a ledger row."""
    body: dict[str, Any] = signup.booking or {}
    try:
        reminder = ReminderChoice(int(body.get("reminderTime") or 0))
    except ValueError:
        reminder = ReminderChoice.NONE
    return BookingSummary(
        signup_id=signup.id,
        user_id=signup.user_id,
        contact_name=signup.contact_name or "–",
        address=signup.estate_address,
        estate_id=signup.estate_id,
        viewing_id=signup.viewing_id,
        time_slot_id=signup.time_slot_id,
        starts_at=signup.slot_starts_at,
        ends_at=signup.slot_ends_at,
        reminder=reminder,
        sms_reminder=bool(body.get("smsReminder")),
        mail_confirmation=bool(body.get("mailConfirmation")),
        sms_confirmation=bool(body.get("smsConfirmation")),
        participated=bool(body.get("participated")),
        status=str(signup.status),
        customer_id=signup.customer_id,
        attempted_at=signup.created_at,
        failure=signup.vitec_message,
    )


_FULL_WORDS = ("fullbok", "fully booked", "inga platser", "no places")
_DEADLINE_WORDS = ("sista dag", "sista anmälningsdag", "deadline")


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


class SignupFlow:
    """Books contacts: ledger first, one Vitec booking per submission, outcomes to Slack."""

    def __init__(
        self,
        *,
        vitec: VitecClient,
        ledger: Ledger,
        directory: Directory,
        reporter: Reporter,
        tasks: BackgroundTasks,
        clock: Callable[[], datetime],
        deadline: float,
        worker: str,
        access: AccessPolicy,
        lease: timedelta = timedelta(minutes=2),
    ) -> None:
        self._access = access
        self._vitec = vitec
        self._ledger = ledger
        self._directory = directory
        self._reporter = reporter
        self._tasks = tasks
        self._clock = clock
        self._deadline = deadline
        self._worker = worker
        self._lease = lease

    # --- submit ----------------------------------------------------------------------------

    async def submit(
        self, form: SignupForm, ctx: SubmissionContext, meta: FormMetadata
    ) -> dict[str, Any] | None:
        """Book the form's contact; return the view_submission answer within the deadline."""
        loop = asyncio.get_running_loop()
        # The deadline counts from the submission's arrival: under a burst, waiting for the
        # ledger is time Slack is waiting too.
        answer_by = loop.time() + self._deadline
        t = texts(ctx.language)
        checked = await self._recheck(form, meta, t)
        if isinstance(checked, dict):
            return checked
        slot, contact = checked
        ctx = dataclasses.replace(ctx, contact_name=contact.name)
        try:
            signup, created = await self._begin(form, ctx, slot, answer_by)
        except LedgerUnavailableError:
            # Nothing is recorded, so nothing may be booked: Vitec is not called.
            return {
                "response_action": "errors",
                "errors": {slot_block_id(form.estate_id): t.error_ledger_unavailable},
            }
        if not created:
            return self._answer_existing(signup, ctx, meta)
        task = self._tasks.spawn(self._book(signup, form), name=f"book-{signup.id}")
        done, _ = await asyncio.wait({task}, timeout=max(0.0, answer_by - loop.time()))
        if not done:
            self._tasks.spawn(self._report_late(task, ctx, meta), name=f"report-{signup.id}")
            return self._update(
                meta,
                t.pending_title,
                t.pending_text.format(
                    name=escape_mrkdwn(ctx.contact_name),
                    address=escape_mrkdwn(signup.estate_address),
                    channel=form.channel_id or meta.channel_id or "",
                ),
                CallbackId.SIGNUP_PENDING,
            )
        outcome = task.result()
        if outcome.status == SignupStatus.BOOKED:
            self._tasks.spawn(self._post_booked(outcome.signup), name=f"post-{signup.id}")
            return None
        if outcome.status != SignupStatus.UNKNOWN:
            # The modal tells the agent; an unknown outcome is announced once it is settled.
            self._tasks.spawn(self._ledger.mark_notified(signup.id), name=f"told-{signup.id}")
        return self._inline(outcome, ctx, meta, form)

    async def _recheck(
        self, form: SignupForm, meta: FormMetadata, t: Catalogue
    ) -> tuple[SlotChoice, ContactChoice] | dict[str, Any]:
        """Check what Slack echoed back against configuration and Vitec; the modal's answer if
        something does not hold (nothing is booked then), else the slot and contact as Vitec has
        them.

        The client sends the office, estate, slot, contact and lead source back, and a forged
        or tampered payload could name anything; only ids are taken from it.
        """
        if form.customer_id != self._directory.customer_id:
            log.warning("refused a submission whose form names another office")
            return self._update(
                meta, t.result_title, t.error_office_mismatch, CallbackId.SIGNUP_RESULT
            )
        errors: dict[str, str] = {}
        if not self._access.channel_allowed(form.channel_id):
            errors[BlockId.CHANNEL] = t.error_channel_not_allowed
        slot_block = slot_block_id(form.estate_id)
        slot, contact, lead_source_ok = await asyncio.gather(
            self._checked(
                self._directory.slot_of_estate(
                    form.estate_id, form.viewing_id, form.time_slot_id, timeout=self._deadline
                )
            ),
            self._checked(self._directory.contact(form.contact_id, timeout=self._deadline)),
            self._directory.lead_source_allowed(form.lead_source_id)
            if form.lead_source_id is not None
            else _true(),
        )
        if slot == "failed":
            errors[slot_block] = t.error_slot_unverified
        elif slot is None:
            errors[slot_block] = t.error_slot_not_of_estate
        if contact == "failed":
            errors[BlockId.CONTACT] = t.error_contact_unverified
        elif contact is None:
            errors[BlockId.CONTACT] = t.error_contact_unknown
        if not lead_source_ok:
            errors[BlockId.LEAD_SOURCE] = t.error_choose_lead_source
        if errors or not isinstance(slot, SlotChoice) or not isinstance(contact, ContactChoice):
            return {"response_action": "errors", "errors": errors}
        return slot, contact

    @staticmethod
    async def _checked(read: Awaitable[T]) -> T | Literal["failed"]:
        """A read from the directory, or "failed" when Vitec could not answer in time."""
        try:
            return await read
        except (VitecError, TimeoutError) as exc:
            log.info("a submission could not be checked in Vitec: %s", _short(exc))
            return "failed"

    async def _begin(
        self, form: SignupForm, ctx: SubmissionContext, slot: SlotChoice, answer_by: float
    ) -> tuple[Signup, bool]:
        estate = self._directory.estate(form.estate_id)
        if estate is None:
            # Not in the cache (yet): the address is worth one bounded read for every message.
            with contextlib.suppress(VitecError, TimeoutError):
                estate = await self._directory.estate_by_id(form.estate_id)
        new = NewSignup(
            idempotency_key=idempotency_key(ctx.view_id, form.time_slot_id, form.contact_id),
            team_id=ctx.team_id,
            user_id=ctx.user_id,
            channel_id=form.channel_id,
            response_url=ctx.response_url,
            customer_id=form.customer_id,
            estate_id=form.estate_id,
            viewing_id=form.viewing_id,
            time_slot_id=form.time_slot_id,
            contact_id=form.contact_id,
            slot_starts_at=slot.starts_at,
            slot_ends_at=slot.ends_at,
            contact_name=ctx.contact_name,
            estate_address=estate.street_address if estate else form.estate_id,
            booking=booking_body(form).to_wire(),
            language=ctx.language,
        )
        # The same submission delivered again gets the first one's row; one that certainly
        # failed before (refused, Vitec down) is taken on again as a new attempt.
        return await self._record(new, answer_by)

    async def _record(self, new: NewSignup, answer_by: float) -> tuple[Signup, bool]:
        """Write the attempt to the ledger by `answer_by`, or raise LedgerUnavailableError.

        The write is part of the booking deadline: a database that does not answer must not
        keep Slack waiting. A write that lands too late is settled as failed in the background,
        since the agent was told that nothing was booked.
        """
        loop = asyncio.get_running_loop()
        write = asyncio.ensure_future(
            self._ledger.begin(new, worker=self._worker, lease=self._lease)
        )
        done, _ = await asyncio.wait({write}, timeout=max(0.0, answer_by - loop.time()))
        if done:
            return write.result()
        self._tasks.spawn(self._settle_late_write(write), name="late-ledger-write")
        raise LedgerUnavailableError("the ledger's database did not answer before the deadline")

    async def _settle_late_write(self, write: asyncio.Future[tuple[Signup, bool]]) -> None:
        try:
            signup, owned = await write
        except LedgerUnavailableError as exc:
            log.warning("a ledger write given up on failed too: %s", exc)
            return
        if owned:
            await self._ledger.finish(
                signup.id,
                SignupStatus.FAILED,
                message=FailureCode.LEDGER_LATE,
                worker=self._worker,
            )
            await self._ledger.mark_notified(signup.id)
            log.info("signup %s: recorded after its deadline, settled as failed", signup.id)

    def _answer_existing(
        self, signup: Signup, ctx: SubmissionContext, meta: FormMetadata
    ) -> dict[str, Any] | None:
        """A submission seen before: answer with the first delivery's outcome, book nothing."""
        t = texts(ctx.language)
        status = SignupStatus(signup.status)
        if status == SignupStatus.BOOKED:
            return None
        if status == SignupStatus.ALREADY_BOOKED:
            return {
                "response_action": "errors",
                "errors": {BlockId.CONTACT: t.error_already_booked.format(name=ctx.contact_name)},
            }
        if status in (SignupStatus.PENDING, SignupStatus.UNKNOWN):
            return self._update(
                meta, t.pending_title, t.in_progress_text, CallbackId.SIGNUP_PENDING
            )
        return self._update(meta, t.result_title, t.result_failed_retry, CallbackId.SIGNUP_RESULT)

    def _inline(
        self, outcome: Outcome, ctx: SubmissionContext, meta: FormMetadata, form: SignupForm
    ) -> dict[str, Any]:
        """The modal's answer to an outcome known within the deadline."""
        t = texts(ctx.language)
        slot_block = slot_block_id(form.estate_id)
        if outcome.status == SignupStatus.ALREADY_BOOKED:
            return {
                "response_action": "errors",
                "errors": {BlockId.CONTACT: t.error_already_booked.format(name=ctx.contact_name)},
            }
        if outcome.reason == "not_found":
            return {"response_action": "errors", "errors": {slot_block: t.error_not_found}}
        if outcome.reason == "refused":
            return {"response_action": "errors", "errors": self._refusal_errors(outcome, t, form)}
        if outcome.reason == "unavailable":
            trouble = trouble_text(outcome.signup.vitec_message, t)
            return {
                "response_action": "errors",
                "errors": {slot_block: t.error_unavailable.format(trouble=trouble)},
            }
        return self._update(
            meta, t.result_title, self._explain(outcome, t), CallbackId.SIGNUP_RESULT
        )

    def _refusal_errors(self, outcome: Outcome, t: Catalogue, form: SignupForm) -> dict[str, str]:
        """Vitec's reasons on the fields they concern, each framed and with a way forward."""
        slot_block = slot_block_id(form.estate_id)
        # Vitec adds a general sentence ("Begäran är ogiltig.") beside the field reasons;
        # it says nothing more, so it is shown only when no field reason is given.
        specific = tuple(m for m in outcome.messages if m.field)
        reasons = specific or outcome.messages
        if not reasons:
            return {slot_block: t.error_vitec_no_reason}
        slot = self._directory.known_slot(form.estate_id, form.viewing_id, form.time_slot_id)
        errors: dict[str, str] = {}
        for m in reasons:
            block = field_block(m.field, m.message, slot_block)
            if block == BlockId.LEAD_SOURCE and form.lead_source_id:
                # A source Vitec refuses (one with a workflow) is not offered again.
                self._directory.lead_source_refused(form.lead_source_id)
            text = refusal_text(m.message, block, slot_block, t, slot, self._clock())
            errors[block] = f"{errors[block]} {text}" if block in errors else text
        return errors

    def _explain(self, outcome: Outcome, t: Catalogue) -> str:
        """A sentence the agent can act on (mrkdwn), for an outcome that is not a booking."""
        signup = outcome.signup
        office = signup.customer_id
        name = escape_mrkdwn(signup.contact_name or "–")
        match outcome.reason:
            case "auth" | "forbidden":
                log_refusal("booking", outcome.reason, office)
                return t.result_not_booked.format(
                    problem=problem_text(outcome.reason, t, office=office)
                )
            case "unavailable":
                trouble = trouble_text(signup.vitec_message, t)
                problem = problem_text("unavailable", t, office=office, trouble=trouble)
                return t.result_not_booked.format(problem=problem)
            case "unknown":
                return t.result_unknown.format(name=name)
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

    @staticmethod
    def _update(meta: FormMetadata, title: str, text: str, callback: CallbackId) -> dict[str, Any]:
        return {
            "response_action": "update",
            "view": notice_view(meta, title=title, text=text, callback_id=callback),
        }

    # --- the booking itself ------------------------------------------------------------------

    async def _book(self, signup: Signup, form: SignupForm) -> Outcome:
        """Check, book, and settle an unknown outcome; the ledger always gets the result."""
        try:
            already = await self._listed_in_vitec(form)
        except VitecAuthError:
            return await self._finish(
                signup, SignupStatus.FAILED, reason="auth", message=FailureCode.AUTH
            )
        except VitecForbiddenError:
            return await self._finish(
                signup, SignupStatus.FAILED, reason="forbidden", message=FailureCode.FORBIDDEN
            )
        except VitecError as exc:
            # Vitec cannot say whether the contact is already booked: booking now could book
            # them twice, and an answer-less Vitec would leave the outcome unknown. Nothing is
            # booked, and the agent is told so plainly.
            return await self._finish(
                signup, SignupStatus.FAILED, reason="unavailable", message=failure_code(exc)
            )
        if already:
            return await self._finish(signup, SignupStatus.ALREADY_BOOKED)
        body = booking_body(form)
        for attempt in (1, 2):
            try:
                await self._vitec.book_participant(
                    form.customer_id, form.viewing_id, form.time_slot_id, form.contact_id, body
                )
            except VitecValidationError as exc:
                if attempt > 1 and await self._is_booked(form) is True:
                    # The first, timed-out request landed after all: that is the booking.
                    return await self._finish(signup, SignupStatus.BOOKED)
                first = exc.messages[0] if exc.messages else None
                return await self._finish(
                    signup,
                    SignupStatus.REFUSED,
                    reason="refused",
                    messages=exc.messages,
                    message="; ".join(m.message for m in exc.messages)[:1000],
                    field=first.field if first else None,
                )
            except VitecAuthError:
                return await self._finish(
                    signup, SignupStatus.FAILED, reason="auth", message=FailureCode.AUTH
                )
            except VitecForbiddenError:
                return await self._finish(
                    signup, SignupStatus.FAILED, reason="forbidden", message=FailureCode.FORBIDDEN
                )
            except VitecNotFoundError:
                return await self._finish(
                    signup,
                    SignupStatus.REFUSED,
                    reason="not_found",
                    message=FailureCode.NOT_FOUND,
                )
            except VitecConnectError:
                # The client already retried; the request never reached Vitec.
                return await self._finish(
                    signup, SignupStatus.FAILED, reason="unavailable", message=FailureCode.CONNECT
                )
            except VitecError as exc:
                # Timeout, 5xx, 429 or a garbled answer: the booking may or may not have landed.
                landed = await self._is_booked(form)
                if landed is True:
                    return await self._finish(signup, SignupStatus.BOOKED)
                if landed is None:
                    return await self._finish(
                        signup, SignupStatus.UNKNOWN, reason="unknown", message=failure_code(exc)
                    )
                if attempt == 1:
                    log.info(
                        "signup %s: not in Vitec after %s, booking again", signup.id, _short(exc)
                    )
                    continue
                return await self._finish(
                    signup, SignupStatus.FAILED, reason="unavailable", message=failure_code(exc)
                )
            else:
                return await self._finish(signup, SignupStatus.BOOKED)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _listed_in_vitec(self, form: SignupForm | Signup) -> bool:
        """Whether Vitec lists the contact on the viewing (``GET ViewingParticipant``)."""
        rows = await self._vitec.participant_follow_up(
            form.customer_id, form.contact_id, form.viewing_id
        )
        return any(r.viewing_id.lower() == form.viewing_id.lower() for r in rows)

    async def _is_booked(self, form: SignupForm | Signup) -> bool | None:
        """Whether Vitec lists the contact on the viewing; None when Vitec cannot say."""
        try:
            return await self._listed_in_vitec(form)
        except VitecError as exc:
            log.info("participant follow-up failed: %s", _short(exc))
            return None

    async def _finish(
        self,
        signup: Signup,
        status: SignupStatus,
        *,
        reason: Reason | None = None,
        messages: tuple[FieldMessage, ...] = (),
        message: str | None = None,
        field: str | None = None,
    ) -> Outcome:
        try:
            finished = await self._ledger.finish(
                signup.id, status, message=message, error_field=field, worker=self._worker
            )
        except ClaimLostError as exc:
            # This attempt outlived its lease and another process is reconciling it; that
            # process records and reports the outcome.
            log.warning("signup %s: claim lost before recording %s", signup.id, status.value)
            return Outcome(exc.signup, "unknown")
        log.info("signup %s: %s", signup.id, status.value)
        self._audit_outcome(finished)
        return Outcome(finished, reason, messages)

    # --- reporting ---------------------------------------------------------------------------

    async def _post_booked(self, signup: Signup, *, already: bool = False) -> None:
        t = texts(signup.language)
        message = booking_message(summary_of(signup), signup.language, already=already)
        delivered = await self._reporter.to_channel(
            message,
            channel_id=signup.channel_id,
            user_id=signup.user_id,
            response_url=signup.response_url,
            private_note=t.posted_privately_note.format(channel=signup.channel_id or ""),
        )
        await self._told(signup, delivered)

    async def _tell_user(self, signup: Signup, message: Message) -> None:
        delivered = await self._reporter.to_user(
            message, user_id=signup.user_id, channel_id=signup.channel_id
        )
        await self._told(signup, delivered)

    async def _told(self, signup: Signup, delivered: Delivered) -> None:
        """Record that the agent heard of the outcome, only when a route really delivered it."""
        if delivered.reached:
            await self._ledger.mark_notified(signup.id)
        else:
            # Left untold: the reconcile loop announces it again later.
            log.warning("signup %s: outcome could not be delivered to the agent", signup.id)

    async def _report_late(
        self, task: asyncio.Task[Outcome], ctx: SubmissionContext, meta: FormMetadata
    ) -> None:
        """After "Bokar…": update the modal if it is still open and post the outcome."""
        outcome = await task
        t = texts(ctx.language)
        signup = outcome.signup
        if outcome.status == SignupStatus.BOOKED:
            text = t.result_booked.format(
                name=escape_mrkdwn(signup.contact_name or "–"),
                address=escape_mrkdwn(signup.estate_address),
                slot=format_slot(signup.slot_starts_at, signup.slot_ends_at, t),
            )
            await self._reporter.update_view(
                ctx.view_id,
                notice_view(
                    meta, title=t.result_title, text=text, callback_id=CallbackId.SIGNUP_RESULT
                ),
            )
            await self._post_booked(signup)
            return
        if outcome.status == SignupStatus.ALREADY_BOOKED:
            text = t.result_already_booked.format(
                name=escape_mrkdwn(signup.contact_name or "–"),
                address=escape_mrkdwn(signup.estate_address),
            )
        else:
            text = self._explain(outcome, t)
        await self._reporter.update_view(
            ctx.view_id,
            notice_view(
                meta, title=t.result_title, text=text, callback_id=CallbackId.SIGNUP_RESULT
            ),
        )
        if outcome.status != SignupStatus.UNKNOWN:
            failure = (
                failure_text(signup, t) if outcome.status != SignupStatus.ALREADY_BOOKED else text
            )
            await self._tell_user(signup, text_message(failure))

    # --- reconciliation ----------------------------------------------------------------------

    async def reconcile_stale(self) -> int:
        """Settle attempts left pending or unknown (by a crash or a timeout) and tell the agents.

        Outcomes whose process died before telling the agent are announced here too.
        """
        untold = await self._ledger.claim_unnotified(
            worker=self._worker, lease=self._lease, grace=self._lease
        )
        settled = 0
        for signup in untold:
            # One announcement that fails (Slack down, a row that cannot be read) must not keep
            # the others from being told; it stays untold and is tried again next pass.
            try:
                await self._announce(signup)
                settled += 1
            except Exception as exc:  # noqa: BLE001 - isolate each announcement
                log.error("signup %s: announcing failed: %s", signup.id, type(exc).__name__)
        claimed = await self._ledger.claim_stale(worker=self._worker, lease=self._lease)
        for signup in claimed:
            try:
                if await self._settle(signup):
                    settled += 1
            except Exception as exc:  # noqa: BLE001 - isolate each reconciliation
                log.error("signup %s: reconciling failed: %s", signup.id, type(exc).__name__)
        return settled

    async def _settle(self, signup: Signup) -> bool:
        """Ask Vitec whether a stale attempt landed, record it and tell the agent."""
        landed = await self._is_booked(signup)
        if landed is None:
            return False
        if landed:
            done = await self._ledger.finish(signup.id, SignupStatus.BOOKED, worker=self._worker)
            self._audit_outcome(done)
            await self._post_booked(done)
            return True
        done = await self._ledger.finish(
            signup.id, SignupStatus.FAILED, message=FailureCode.NOT_IN_VITEC, worker=self._worker
        )
        self._audit_outcome(done)
        text = texts(done.language).reconciled_not_booked.format(
            name=escape_mrkdwn(done.contact_name or "–"),
            address=escape_mrkdwn(done.estate_address),
        )
        await self._tell_user(done, text_message(text))
        return True

    async def _announce(self, signup: Signup) -> None:
        """Tell the agent a settled outcome they have not heard of."""
        status = SignupStatus(signup.status)
        if status in (SignupStatus.BOOKED, SignupStatus.ALREADY_BOOKED):
            await self._post_booked(signup, already=status == SignupStatus.ALREADY_BOOKED)
            return
        text = failure_text(signup, texts(signup.language))
        await self._tell_user(signup, text_message(text))

    # --- undo --------------------------------------------------------------------------------

    async def undo_prompt(
        self,
        signup_id: int,
        user_id: str,
        team_id: str,
        language: Language,
        *,
        response_url: str | None,
        channel_id: str | None,
    ) -> tuple[dict[str, Any] | None, str | None]:
        """The dialog asking the booker, in their language, to confirm; or why they cannot."""
        t = texts(language)
        signup = await self._ledger.get(signup_id)
        refusal = await self._undo_refusal(signup, user_id, team_id, t)
        if refusal is not None or signup is None:
            return None, refusal or t.undo_unknown
        meta = UndoMetadata(
            signup_id=signup.id,
            response_url=response_url,
            channel_id=channel_id,
            language=language,
        )
        summary = summary_of(signup)
        view = undo_confirm_view(
            meta,
            name=escape_mrkdwn(summary.contact_name),
            address=escape_mrkdwn(summary.address),
            slot=summary.slot_text(t),
        )
        return view, None

    async def undo_confirmed(self, meta: UndoMetadata, *, user_id: str, team_id: str) -> None:
        """Carry out a confirmed undo: replace the confirmation message, or say why not."""
        message, problem = await self.undo(meta.signup_id, user_id, team_id, meta.language)
        if message is not None:
            body = {"replace_original": True, **message.as_payload()}
            if meta.response_url and await self._reporter.respond(meta.response_url, body):
                return
            await self._reporter.to_user(message, user_id=user_id, channel_id=meta.channel_id)
        elif problem is not None:
            note = {"response_type": "ephemeral", "replace_original": False, "text": problem}
            if meta.response_url and await self._reporter.respond(meta.response_url, note):
                return
            await self._reporter.to_user(
                text_message(problem), user_id=user_id, channel_id=meta.channel_id
            )

    async def _undo_refusal(
        self, signup: Signup | None, user_id: str, team_id: str, t: Catalogue
    ) -> str | None:
        """Why this person may not undo this row, or None: checked before Vitec is asked."""
        if signup is None or signup.team_id != team_id or signup.purged:
            return t.undo_unknown
        if signup.user_id != user_id and not await self._access.is_manager(user_id):
            return t.undo_not_yours.format(user=signup.user_id)
        status = SignupStatus(signup.status)
        if status == SignupStatus.REMOVED:
            return t.undo_already
        if status != SignupStatus.BOOKED:
            # Pending, unknown, failed or "already booked" (someone else's booking in Vitec):
            # deleting the participant would undo something this attempt did not do.
            return t.undo_not_booked.format(status=status_text(status, t))
        return None

    async def undo(
        self, signup_id: int, user_id: str, team_id: str, language: Language
    ) -> tuple[Message | None, str | None]:
        """Remove a booking: only one that is booked, only by its agent or a manager.

        Every rule is checked before Vitec is asked to delete anything. Returns the replacement
        message or the reason nothing was undone.
        """
        t = texts(language)
        signup = await self._ledger.get(signup_id)
        refusal = await self._undo_refusal(signup, user_id, team_id, t)
        if refusal is not None or signup is None:
            return None, refusal or t.undo_unknown
        try:
            await self._vitec.remove_participant(
                signup.customer_id, signup.viewing_id, signup.time_slot_id, signup.contact_id
            )
        except VitecNotFoundError:
            pass  # Already gone from Vitec: the ledger should say so too.
        except VitecError as exc:
            return None, t.undo_failed.format(reason=_undo_problem_text(exc, signup.customer_id, t))
        removed = await self._ledger.mark_removed(signup.id)
        self._audit(
            NewAuditEvent(
                team_id=team_id,
                user_id=user_id,
                action=AuditAction.UNDO,
                customer_id=signup.customer_id,
                contact_ids=(signup.contact_id,),
                signup_id=signup.id,
                viewing_id=signup.viewing_id,
                time_slot_id=signup.time_slot_id,
            )
        )
        return undone_message(summary_of(removed), language, user_id), None

    # --- audit -------------------------------------------------------------------------------

    def _audit(self, event: NewAuditEvent) -> None:
        """Add to the audit trail off the agent's path (the ledger row is the booking's record)."""
        self._tasks.spawn(self._write_audit(event), name=f"audit-{event.action}")

    async def _write_audit(self, event: NewAuditEvent) -> None:
        try:
            await self._ledger.audit.record(event)
        except SQLAlchemyError as exc:
            # The exception's text can hold the row's values; the type is enough to act on.
            log.error(
                "audit record of a %s could not be written: %s", event.action, type(exc).__name__
            )

    def _audit_outcome(self, signup: Signup) -> None:
        self._audit(
            NewAuditEvent(
                team_id=signup.team_id,
                user_id=signup.user_id,
                action=AuditAction.BOOK,
                detail=str(signup.status),
                customer_id=signup.customer_id,
                contact_ids=(signup.contact_id,),
                signup_id=signup.id,
                viewing_id=signup.viewing_id,
                time_slot_id=signup.time_slot_id,
            )
        )


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


def _undo_problem_text(exc: VitecError, office: str, t: Catalogue) -> str:
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


def _short(exc: Exception) -> str:
    """A short, personal-data-free description of a Vitec failure."""
    status = getattr(exc, "status_code", None)
    return f"HTTP {status}" if status else type(exc).__name__.removeprefix("Vitec")


async def _true() -> bool:
    return True

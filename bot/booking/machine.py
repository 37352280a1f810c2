"""The booking state machine: one attempt from the ledger's pending row to a recorded outcome.

Vitec's booking call has no idempotency key, so the machine asks Vitec before it books (a contact
already on the viewing) and after any failure that leaves the outcome open (a timeout, a 5xx, an
answer that cannot be read); it books again only when Vitec shows the first call did not land.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.directory import log_refusal
from bot.domain import ReminderChoice, SignupForm
from bot.metrics import BOOKINGS
from bot.outcome import FailureCode, Outcome, Reason, failure_code
from bot.store import ClaimLostError, Ledger, Signup, SignupStatus
from bot.vitec.client import VitecClient
from bot.vitec.errors import (
    FieldMessage,
    VitecAuthError,
    VitecConnectError,
    VitecError,
    VitecForbiddenError,
    VitecNotFoundError,
    VitecValidationError,
)
from bot.vitec.models import AddViewingParticipant, BookingOptions

log = logging.getLogger(__name__)

MAX_MESSAGE_LENGTH = 1000
"""Vitec's reasons for a refusal, as kept in the ledger, are cut to this many characters."""


@dataclass(frozen=True)
class Verdict:
    """What a failed Vitec call settles about the attempt."""

    status: SignupStatus
    reason: Reason
    code: str | None
    """What the ledger keeps; None keeps Vitec's own words (a refusal)."""


VERDICTS: tuple[tuple[type[VitecError], Verdict], ...] = (
    (VitecAuthError, Verdict(SignupStatus.FAILED, "auth", FailureCode.AUTH)),
    (VitecForbiddenError, Verdict(SignupStatus.FAILED, "forbidden", FailureCode.FORBIDDEN)),
    (VitecValidationError, Verdict(SignupStatus.REFUSED, "refused", None)),
    (VitecNotFoundError, Verdict(SignupStatus.REFUSED, "not_found", FailureCode.NOT_FOUND)),
    # The client already retried; the request never reached Vitec.
    (VitecConnectError, Verdict(SignupStatus.FAILED, "unavailable", FailureCode.CONNECT)),
)
"""The one table of what a failed booking call settles, matched in order.

Any other failure (a timeout, a 5xx, a 429, an answer that cannot be read) settles nothing: the
booking may or may not have landed, and Vitec is asked.
"""

ACCESS_REASONS: frozenset[Reason] = frozenset({"auth", "forbidden"})
"""Refusals of who the bot is to Vitec: the same whichever call met them."""


def verdict_of(exc: VitecError) -> Verdict | None:
    """What a failed booking call settles; None when the booking may have landed."""
    return next((verdict for error, verdict in VERDICTS if isinstance(exc, error)), None)


def check_failed(exc: VitecError) -> Verdict:
    """What a failed look-up before booking settles: nothing was booked.

    Vitec cannot say whether the contact is on the viewing, and booking now could book them
    twice; a refusal of the credentials or the office is named, anything else is "unavailable".
    """
    verdict = verdict_of(exc)
    if verdict is not None and verdict.reason in ACCESS_REASONS:
        return verdict
    return Verdict(SignupStatus.FAILED, "unavailable", failure_code(exc))


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


class BookingMachine:
    """Carries one attempt to an outcome in Vitec and records it in the ledger."""

    def __init__(self, *, vitec: VitecClient, ledger: Ledger, worker: str) -> None:
        self._vitec = vitec
        self._ledger = ledger
        self._worker = worker

    async def book(
        self, signup: Signup, form: SignupForm, *, listed: bool | VitecError | None = None
    ) -> Outcome:
        """Check, book, and settle an unknown outcome; the ledger always gets the result.

        ``listed`` is what `listed_in_vitec` answered for this form just before, when the
        caller read it alongside its own checks; otherwise Vitec is asked here.
        """
        if listed is None:
            listed = await self.listed_in_vitec(form)
        if isinstance(listed, VitecError):
            return await self._settle(signup, check_failed(listed), listed)
        already = listed
        if already:
            return await self._finish(signup, SignupStatus.ALREADY_BOOKED)
        body = booking_body(form)
        for attempt in (1, 2):
            try:
                await self._vitec.book_participant(
                    form.customer_id, form.viewing_id, form.time_slot_id, form.contact_id, body
                )
            except VitecError as exc:
                verdict = verdict_of(exc)
                if verdict is None:
                    landed = await self.is_booked(form)
                    if landed is True:
                        return await self._finish(signup, SignupStatus.BOOKED)
                    if landed is None:
                        unknown = Verdict(SignupStatus.UNKNOWN, "unknown", failure_code(exc))
                        return await self._settle(signup, unknown, exc)
                    if attempt == 1:
                        log.info(
                            "signup %s: not in Vitec after %s, booking again",
                            signup.id,
                            failure_code(exc),
                        )
                        continue
                    failed = Verdict(SignupStatus.FAILED, "unavailable", failure_code(exc))
                    return await self._settle(signup, failed, exc)
                if verdict.reason == "refused" and attempt > 1 and await self.is_booked(form):
                    # The first, timed-out request landed after all: that is the booking.
                    return await self._finish(signup, SignupStatus.BOOKED)
                return await self._settle(signup, verdict, exc)
            else:
                return await self._finish(signup, SignupStatus.BOOKED)
        raise AssertionError("unreachable")  # pragma: no cover

    async def listed_in_vitec(self, form: SignupForm) -> bool | VitecError:
        """Whether Vitec lists the form's contact on its viewing, or why it could not say."""
        try:
            return await self._listed_in_vitec(form)
        except VitecError as exc:
            return exc

    async def _listed_in_vitec(self, target: SignupForm | Signup) -> bool:
        """Whether Vitec lists the contact on the viewing (``GET ViewingParticipant``)."""
        rows = await self._vitec.participant_follow_up(
            target.customer_id, target.contact_id, target.viewing_id
        )
        return any(r.viewing_id.lower() == target.viewing_id.lower() for r in rows)

    async def is_booked(self, target: SignupForm | Signup) -> bool | None:
        """Whether Vitec lists the contact on the viewing; None when Vitec cannot say."""
        try:
            return await self._listed_in_vitec(target)
        except VitecError as exc:
            log.info("participant follow-up failed: %s", failure_code(exc))
            return None

    async def _settle(self, signup: Signup, verdict: Verdict, exc: VitecError) -> Outcome:
        """Record what a failed call settled: its code, or Vitec's own words for a refusal."""
        if verdict.reason == "auth" or verdict.reason == "forbidden":
            log_refusal("booking", verdict.reason, signup.customer_id)
        messages = exc.messages if isinstance(exc, VitecValidationError) else ()
        if verdict.code is not None:
            return await self._finish(
                signup, verdict.status, reason=verdict.reason, message=str(verdict.code)
            )
        return await self._finish(
            signup,
            verdict.status,
            reason=verdict.reason,
            messages=messages,
            message="; ".join(m.message for m in messages)[:MAX_MESSAGE_LENGTH],
            field=messages[0].field if messages else None,
        )

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
            # The outcome and its audit record are one transaction: one write after Vitec.
            finished = await self._ledger.finish(
                signup.id,
                status,
                message=message,
                error_field=field,
                worker=self._worker,
                audited=True,
            )
        except ClaimLostError as exc:
            # This attempt outlived its lease and another process is reconciling it; that
            # process records and reports the outcome.
            log.warning("signup %s: claim lost before recording %s", signup.id, status.value)
            return Outcome(exc.signup, "unknown")
        log.info("signup %s: %s", signup.id, status.value)
        BOOKINGS.labels(str(finished.status)).inc()
        return Outcome(finished, reason, messages)

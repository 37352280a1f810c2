"""A submitted form: recorded, booked and answered within Slack's deadline, or "Bokar…".

Slack waits three seconds for the answer to a ``view_submission``. Within the configured
deadline the form closes (booked), shows what to fix on its fields, or says why nothing was
booked; past it, it says *Bokar…* and the outcome follows in the channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.booking.announce import Announcer
from bot.booking.bulk import BulkBookings, BulkContext
from bot.booking.machine import BookingMachine, booking_body
from bot.booking.newcontact import NewContactBooker, Requester, new_contact_signup
from bot.booking.rechecks import Confirmed, Rechecks
from bot.clock import Clock
from bot.directory import Directory
from bot.domain import SignupForm, SlotChoice
from bot.language import Language
from bot.outcome import FailureCode, Outcome
from bot.store import (
    Ledger,
    LedgerUnavailableError,
    NewSignup,
    Signup,
    SignupStatus,
    idempotency_key,
)
from bot.tasks import BackgroundTasks
from bot.ui.answers import (
    answer_text,
    checking_answer,
    existing_answer,
    inline_answer,
    pending_answer,
)
from bot.ui.form import slot_block_id
from bot.ui.ids import BlockId
from bot.ui.metadata import FormMetadata
from bot.ui.submission import FormErrors
from bot.ui.texts import texts
from bot.vitec.errors import VitecError

log = logging.getLogger(__name__)

CHECK_RESERVE = 0.2
"""The share of the booking deadline kept for the ledger write after the re-checks."""


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
    thread_ts: str | None = None
    """The message whose thread the outcome is posted in (a form from the message shortcut)."""


class Submissions:
    """Books a submitted form's contact: ledger first, one Vitec booking, an answer in time."""

    def __init__(
        self,
        *,
        machine: BookingMachine,
        rechecks: Rechecks,
        announcer: Announcer,
        ledger: Ledger,
        directory: Directory,
        tasks: BackgroundTasks,
        clock: Clock,
        deadline: float,
        worker: str,
        lease: timedelta = timedelta(minutes=2),
        new_contacts: NewContactBooker | None = None,
        bulk: BulkBookings | None = None,
    ) -> None:
        self._bulk = bulk
        self._machine = machine
        self._new_contacts = new_contacts
        self._rechecks = rechecks
        self._announcer = announcer
        self._ledger = ledger
        self._directory = directory
        self._tasks = tasks
        self._clock = clock
        self._deadline = deadline
        self._worker = worker
        self._lease = lease

    async def submit(
        self, form: SignupForm, ctx: SubmissionContext, meta: FormMetadata
    ) -> dict[str, Any] | None:
        """Book the form's contact; return the view_submission answer within the deadline."""
        if form.bulk_contact_ids and self._bulk is not None:
            where = BulkContext(
                team_id=ctx.team_id,
                user_id=ctx.user_id,
                view_id=ctx.view_id,
                response_url=ctx.response_url,
                language=ctx.language,
            )
            return await self._bulk.submit(form, where, meta)
        loop = asyncio.get_running_loop()
        # The deadline counts from the submission's arrival: under a burst, waiting for the
        # ledger is time Slack is waiting too.
        answer_by = loop.time() + self._deadline
        t = texts(ctx.language)
        checks = self._tasks.spawn(
            self._rechecks.confirm(form, meta, t), name=f"check-{ctx.view_id}"
        )
        # Whether the contact is on the viewing already is read alongside the checks: one Vitec
        # round trip before the booking instead of two. Never for a form of another office.
        listed = (
            self._tasks.spawn(self._machine.listed_in_vitec(form), name="listed")
            if form.customer_id == self._directory.customer_id and form.new_contact is None
            else None
        )
        # The ledger write and the booking need part of the deadline too; reads that do not
        # finish before it go on in the background, behind "Bokar…".
        check_by = answer_by - self._deadline * CHECK_RESERVE
        done, _ = await asyncio.wait({checks}, timeout=max(0.0, check_by - loop.time()))
        if not done:
            self._tasks.spawn(self._book_later(checks, listed, form, ctx, meta), name="book-later")
            estate = self._directory.estate(form.estate_id)
            return checking_answer(
                meta,
                t,
                address=estate.street_address if estate else form.estate_id,
                channel=form.channel_id or meta.channel_id or "",
            )
        checked = checks.result()
        if isinstance(checked, dict):
            return checked
        ctx = dataclasses.replace(ctx, contact_name=checked.contact.name)
        try:
            signup, created = await self._begin(form, ctx, checked.slot, answer_by)
        except LedgerUnavailableError:
            # Nothing is recorded, so nothing may be booked: Vitec is not called.
            slot_block = slot_block_id(form.estate_id)
            return FormErrors({slot_block: t.error_ledger_unavailable}).ack_payload()
        if not created:
            # A submission seen before: its first delivery's outcome, and nothing booked.
            return existing_answer(SignupStatus(signup.status), ctx.contact_name, meta, t)
        task = self._tasks.spawn(self._book(signup, form, listed), name=f"book-{signup.id}")
        finished, _ = await asyncio.wait({task}, timeout=max(0.0, answer_by - loop.time()))
        if not finished:
            self._tasks.spawn(self._report_late(task, ctx, meta), name=f"report-{signup.id}")
            channel = form.channel_id or meta.channel_id or ""
            return pending_answer(
                meta, t, name=ctx.contact_name, address=signup.estate_address, channel=channel
            )
        outcome = task.result()
        if outcome.status == SignupStatus.BOOKED:
            self._tasks.spawn(self._announcer.booked(outcome.signup), name=f"post-{signup.id}")
            return None
        if outcome.status != SignupStatus.UNKNOWN:
            # The modal tells the agent; an unknown outcome is announced once it is settled.
            self._tasks.spawn(self._ledger.mark_notified(signup.id), name=f"told-{signup.id}")
        return self._inline(outcome, ctx, meta, form)

    async def _book_later(
        self,
        checks: asyncio.Task[Confirmed | dict[str, Any]],
        listed: asyncio.Task[bool | VitecError] | None,
        form: SignupForm,
        ctx: SubmissionContext,
        meta: FormMetadata,
    ) -> None:
        """After "Bokar…" with the checks still running: the same steps, told when done.

        Until the ledger has the row nothing is booked; from then on the row is what
        reconciliation and a repeated delivery see, exactly as on the fast path.
        """
        t = texts(ctx.language)
        checked = await checks
        if isinstance(checked, dict):
            await self._announcer.not_booked(
                answer_text(checked),
                user_id=ctx.user_id,
                view_id=ctx.view_id,
                meta=meta,
                channel_id=form.channel_id,
            )
            return
        ctx = dataclasses.replace(ctx, contact_name=checked.contact.name)
        loop = asyncio.get_running_loop()
        try:
            signup, created = await self._begin(
                form, ctx, checked.slot, loop.time() + self._lease.total_seconds()
            )
        except LedgerUnavailableError:
            await self._announcer.not_booked(
                t.error_ledger_unavailable,
                user_id=ctx.user_id,
                view_id=ctx.view_id,
                meta=meta,
                channel_id=form.channel_id,
            )
            return
        if not created:
            # Another delivery of this submission holds the row, and tells its outcome.
            log.info("signup %s: checked late, already recorded", signup.id)
            return
        outcome = await self._book(signup, form, listed)
        await self._announcer.late(outcome, view_id=ctx.view_id, meta=meta)

    async def _book(
        self, signup: Signup, form: SignupForm, listed: asyncio.Task[bool | VitecError] | None
    ) -> Outcome:
        """The booking: an existing contact by id, or a new one found or created by Vitec."""
        if form.new_contact is None:
            return await self._machine.book(signup, form, listed=await listed if listed else None)
        if self._new_contacts is None:  # pragma: no cover - wired in build_services
            raise RuntimeError("new contacts are not wired")
        return await self._new_contacts.book(signup, form, form.new_contact)

    def _inline(
        self, outcome: Outcome, ctx: SubmissionContext, meta: FormMetadata, form: SignupForm
    ) -> dict[str, Any]:
        answer = inline_answer(
            outcome,
            name=ctx.contact_name,
            meta=meta,
            slot_block=slot_block_id(form.estate_id),
            t=texts(ctx.language),
            slot=self._directory.known_slot(form.estate_id, form.viewing_id, form.time_slot_id),
            now=self._clock(),
        )
        refused_on = answer.get("errors") or {}
        if (
            outcome.reason == "refused"
            and BlockId.LEAD_SOURCE in refused_on
            and form.lead_source_id
        ):
            # A source Vitec refuses (one with a workflow) is not offered again.
            self._directory.lead_source_refused(form.lead_source_id)
        return answer

    async def _report_late(
        self, task: asyncio.Task[Outcome], ctx: SubmissionContext, meta: FormMetadata
    ) -> None:
        outcome = await task
        await self._announcer.late(outcome, view_id=ctx.view_id, meta=meta)

    async def _begin(
        self, form: SignupForm, ctx: SubmissionContext, slot: SlotChoice, answer_by: float
    ) -> tuple[Signup, bool]:
        estate = self._directory.estate(form.estate_id)
        if estate is None:
            # Not in the cache (yet): the address is worth one bounded read for every message.
            with contextlib.suppress(VitecError, TimeoutError):
                estate = await self._directory.estate_by_id(form.estate_id)
        address = estate.street_address if estate else form.estate_id
        if form.new_contact is not None:
            who = Requester(
                team_id=ctx.team_id,
                user_id=ctx.user_id,
                channel_id=form.channel_id,
                response_url=ctx.response_url,
                language=ctx.language,
            )
            person = new_contact_signup(form, form.new_contact, who, slot=slot, address=address)
            return await self._record(person, answer_by)
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
            estate_address=address,
            booking=booking_body(form).to_wire(),
            language=ctx.language,
            thread_ts=ctx.thread_ts,
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
                message=str(FailureCode.LEDGER_LATE),
                worker=self._worker,
            )
            await self._ledger.mark_notified(signup.id)
            log.info("signup %s: recorded after its deadline, settled as failed", signup.id)

""" "Anmäl flera": up to ten contacts onto one slot with one set of choices, one message for all.

The slot, channel and lead source are checked once, every contact by id, and the places left
are counted first. Each contact then gets its own ledger row (the key is the submission and the
contact, so a repeated submission books nobody twice) and its own booking, one after another;
the channel message lists every contact's outcome and is rewritten as each one is known.
Contacts beyond the places left are not sent to Vitec when the places check is on.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from datetime import timedelta
from typing import Any

from bot.booking.machine import BookingMachine, booking_body
from bot.booking.rechecks import Rechecks
from bot.directory import Directory
from bot.domain import ContactChoice, SignupForm, SlotChoice
from bot.notify import Reporter
from bot.outcome import FailureCode
from bot.store import (
    ClaimLostError,
    Ledger,
    LedgerUnavailableError,
    NewSignup,
    Signup,
    SignupStatus,
    TransitionError,
    idempotency_key,
)
from bot.tasks import BackgroundTasks
from bot.ui.bulk import BulkBatch, bulk_message
from bot.ui.form import slot_block_id
from bot.ui.ids import BlockId
from bot.ui.metadata import FormMetadata
from bot.ui.submission import FormErrors
from bot.ui.texts import Catalogue, texts
from bot.vitec.errors import VitecError

log = logging.getLogger(__name__)


CHECKS_SHARE = 0.6
"""Of the deadline, how long the slot and contact checks may take: nothing is booked when
Vitec cannot confirm them in time, and the form says so."""


@dataclasses.dataclass(frozen=True)
class BulkContext:
    """Where a bulk submission came from."""

    team_id: str
    user_id: str
    view_id: str
    response_url: str | None
    language: str


class BulkBookings:
    """Books several contacts of one submission and keeps one message about them current."""

    def __init__(
        self,
        *,
        machine: BookingMachine,
        rechecks: Rechecks,
        ledger: Ledger,
        directory: Directory,
        reporter: Reporter,
        tasks: BackgroundTasks,
        deadline: float,
        worker: str,
        lease: timedelta = timedelta(minutes=2),
    ) -> None:
        self._machine = machine
        self._rechecks = rechecks
        self._ledger = ledger
        self._directory = directory
        self._reporter = reporter
        self._tasks = tasks
        self._deadline = deadline
        self._worker = worker
        self._lease = lease

    async def submit(
        self, form: SignupForm, ctx: BulkContext, meta: FormMetadata
    ) -> dict[str, Any] | None:
        """Check, record every contact, close the form; the bookings go on in the background."""
        loop = asyncio.get_running_loop()
        answer_by = loop.time() + self._deadline
        t = texts(ctx.language)
        try:
            # The checks read Vitec with a long timeout of their own; the contacts and the
            # ledger rows still need part of the deadline after them.
            checked = await asyncio.wait_for(
                self._rechecks.confirm(form, meta, t), self._deadline * CHECKS_SHARE
            )
        except TimeoutError:
            log.info("a bulk submission could not be checked in Vitec in time")
            block = slot_block_id(form.estate_id)
            return FormErrors({block: t.error_slot_unverified}).ack_payload()
        if isinstance(checked, dict):
            return _onto_bulk_block(checked)
        contacts = await self._contacts(
            form.bulk_contact_ids, t, timeout=max(0.01, answer_by - loop.time())
        )
        if isinstance(contacts, dict):
            return contacts
        slot = checked.slot
        fit = _room(slot, len(contacts)) if form.check_capacity else None
        if fit == 0:
            block = slot_block_id(form.estate_id)
            return FormErrors(
                {block: t.error_bulk_no_room.format(total=len(contacts))}
            ).ack_payload()
        try:
            rows = await asyncio.wait_for(
                self._record(form, ctx, slot, contacts), max(0.0, answer_by - loop.time())
            )
        except (LedgerUnavailableError, TimeoutError):
            # Rows written meanwhile stay pending; reconciliation finds them unbooked.
            block = slot_block_id(form.estate_id)
            return FormErrors({block: t.error_ledger_unavailable}).ack_payload()
        if not any(owned for _, owned in rows):
            # The same submission again: its first delivery books and reports every contact.
            return None
        batch = BulkBatch(total=len(rows), fit=fit)
        self._tasks.spawn(self._run(form, batch, rows), name=f"bulk-{rows[0][0].id}")
        return None

    async def _contacts(
        self, ids: tuple[str, ...], t: Catalogue, *, timeout: float
    ) -> list[ContactChoice] | dict[str, Any]:
        """Every chosen contact as Vitec has it (the picker's recent answers first)."""
        try:
            found = await asyncio.gather(
                *(self._directory.contact(i, timeout=timeout) for i in ids)
            )
        except (VitecError, TimeoutError):
            return FormErrors({BlockId.BULK_CONTACTS: t.error_contact_unverified}).ack_payload()
        if any(c is None for c in found):
            return FormErrors({BlockId.BULK_CONTACTS: t.error_contact_unknown}).ack_payload()
        return [c for c in found if c is not None]

    async def _record(
        self,
        form: SignupForm,
        ctx: BulkContext,
        slot: SlotChoice,
        contacts: list[ContactChoice],
    ) -> list[tuple[Signup, bool]]:
        estate = self._directory.estate(form.estate_id)
        address = estate.street_address if estate else form.estate_id
        rows = []
        for contact in contacts:
            one = dataclasses.replace(form, contact_id=contact.id, bulk_contact_ids=())
            new = NewSignup(
                idempotency_key=idempotency_key(ctx.view_id, form.time_slot_id, contact.id),
                team_id=ctx.team_id,
                user_id=ctx.user_id,
                channel_id=form.channel_id,
                response_url=ctx.response_url,
                customer_id=form.customer_id,
                estate_id=form.estate_id,
                viewing_id=form.viewing_id,
                time_slot_id=form.time_slot_id,
                contact_id=contact.id,
                slot_starts_at=slot.starts_at,
                slot_ends_at=slot.ends_at,
                contact_name=contact.name,
                estate_address=address,
                booking=booking_body(one).to_wire(),
                language=ctx.language,
            )
            rows.append(await self._ledger.begin(new, worker=self._worker, lease=self._lease))
        return rows

    async def _run(
        self, form: SignupForm, batch: BulkBatch, rows: list[tuple[Signup, bool]]
    ) -> None:
        """Book each contact in turn; the message follows every outcome."""
        current = [signup for signup, _ in rows]
        first = current[0]
        channel = first.channel_id
        ts = (
            (
                await self._reporter.post(
                    bulk_message(batch, current, first.language), channel_id=channel
                )
            ).ts
            if channel
            else None
        )
        room = batch.fit
        for n, (signup, owned) in enumerate(rows):
            if not owned:
                continue  # a repeated submission: that contact's first attempt stands
            if room is not None and room <= 0:
                current[n] = await self._no_room(signup)
            else:
                one = dataclasses.replace(form, contact_id=signup.contact_id, bulk_contact_ids=())
                outcome = await self._machine.book(signup, one)
                current[n] = outcome.signup
                if outcome.status == SignupStatus.BOOKED and room is not None:
                    room -= 1
            if ts is not None and channel is not None:
                await self._reporter.update(
                    bulk_message(batch, current, first.language), channel_id=channel, ts=ts
                )
        if ts is None:
            # The bot is not in the channel: the whole outcome in one message, where it can.
            delivered = await self._reporter.to_channel(
                bulk_message(batch, current, first.language),
                channel_id=channel,
                user_id=first.user_id,
                response_url=first.response_url,
            )
            if not delivered.reached:
                return
        for signup in current:
            if SignupStatus(signup.status) not in (SignupStatus.PENDING, SignupStatus.UNKNOWN):
                await self._ledger.mark_notified(signup.id)

    async def _no_room(self, signup: Signup) -> Signup:
        try:
            return await self._ledger.finish(
                signup.id,
                SignupStatus.REFUSED,
                message=str(FailureCode.NO_ROOM),
                worker=self._worker,
            )
        except (ClaimLostError, TransitionError) as exc:
            return exc.signup


def _room(slot: SlotChoice, wanted: int) -> int | None:
    """How many of `wanted` fit on the slot; None when it has no limit or the count is unknown."""
    left = slot.places_left
    return None if left is None else min(left, wanted)


def _onto_bulk_block(answer: dict[str, Any]) -> dict[str, Any]:
    """A recheck's answer with the contact's error moved onto the bulk picker."""
    errors = answer.get("errors")
    if isinstance(errors, dict) and BlockId.CONTACT in errors:
        errors = {**errors}
        errors[BlockId.BULK_CONTACTS] = errors.pop(BlockId.CONTACT)
        return {**answer, "errors": errors}
    return answer

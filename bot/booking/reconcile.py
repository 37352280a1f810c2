"""Attempts left open by a timeout or a crash, settled by asking Vitec, and agents told."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.booking.announce import Announcer
from bot.booking.machine import BookingMachine
from bot.booking.newcontact import NewContactBooker
from bot.metrics import BOOKINGS
from bot.outcome import FailureCode
from bot.store import Ledger, Signup, SignupStatus, is_stand_in
from bot.store.ledger import Office
from bot.ui.formatting import escape_mrkdwn
from bot.ui.messages import text_message
from bot.ui.texts import texts

log = logging.getLogger(__name__)


class Reconciler:
    """Settles stale attempts of any process and announces outcomes nobody was told of."""

    def __init__(
        self,
        *,
        machine: BookingMachine,
        announcer: Announcer,
        ledger: Ledger,
        worker: str,
        lease: timedelta = timedelta(minutes=2),
        new_contacts: NewContactBooker | None = None,
        office: Office | None = None,
    ) -> None:
        self._machine = machine
        self._new_contacts = new_contacts
        self._announcer = announcer
        self._ledger = ledger
        self._worker = worker
        self._lease = lease
        self._office = office
        """In a workspace's bundle, the one office whose attempts it settles (else every one)."""

    async def reconcile_stale(self) -> int:
        """Settle attempts left pending or unknown (by a crash or a timeout) and tell the agents.

        Outcomes whose process died before telling the agent are announced here too.
        """
        untold = await self._ledger.claim_unnotified(
            worker=self._worker, lease=self._lease, grace=self._lease, office=self._office
        )
        settled = 0
        for signup in untold:
            # One announcement that fails (Slack down, a row that cannot be read) must not keep
            # the others from being told; it stays untold and is tried again next pass.
            try:
                await self._announcer.settled(signup)
                settled += 1
            except Exception as exc:  # noqa: BLE001 - isolate each announcement
                log.error("signup %s: announcing failed: %s", signup.id, type(exc).__name__)
        claimed = await self._ledger.claim_stale(
            worker=self._worker, lease=self._lease, office=self._office
        )
        for signup in claimed:
            try:
                if await self._settle(signup):
                    settled += 1
            except Exception as exc:  # noqa: BLE001 - isolate each reconciliation
                log.error("signup %s: reconciling failed: %s", signup.id, type(exc).__name__)
        return settled

    async def _settle(self, signup: Signup) -> bool:
        """Ask Vitec whether a stale attempt landed, record it and tell the agent."""
        landed = await self._landed(signup)
        if landed is None:
            return False
        if landed:
            done = await self._ledger.finish(
                signup.id, SignupStatus.BOOKED, worker=self._worker, audited=True
            )
            BOOKINGS.labels(str(done.status)).inc()
            await self._announcer.booked(done)
            return True
        done = await self._ledger.finish(
            signup.id,
            SignupStatus.FAILED,
            message=str(FailureCode.NOT_IN_VITEC),
            worker=self._worker,
            audited=True,
        )
        BOOKINGS.labels(str(done.status)).inc()
        text = texts(done.language).reconciled_not_booked.format(
            name=escape_mrkdwn(done.contact_name or "–"),
            address=escape_mrkdwn(done.estate_address),
        )
        await self._announcer.tell(done, text_message(text))
        return True

    async def _landed(self, signup: Signup) -> bool | None:
        """Whether the attempt is in Vitec; a new contact is looked for as Vitec finds people."""
        if not is_stand_in(signup.contact_id):
            return await self._machine.is_booked(signup)
        if self._new_contacts is None:
            return None
        found = await self._new_contacts.booked_contact(signup)
        if isinstance(found, str):
            await self._ledger.assign_contact(signup.id, found, None, worker=self._worker)
            return True
        return found

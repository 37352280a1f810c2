"""Booking a new contact: Vitec finds or creates the person and books them in one call.

``AddNewViewingParticipant`` has no idempotency key either, and it answers the contact's id only
when it succeeds. So the attempt is recorded first under a key made of the slot and the person
(normalised names, mobile and e-mail) with a stand-in contact id; Vitec's answer replaces the
stand-in. An attempt whose outcome is unknown is settled by finding the person the way Vitec's
duplicate check would (same names, with that mobile or e-mail) and asking whether they are on
the viewing, before any second try.

Other ways in (a workflow step, a message) use the same three steps as the form:
``new_contact_signup`` → ``Ledger.begin`` → ``NewContactBooker.book`` (when begin says the caller
owns the attempt), with a ``SignupForm`` and a ``NewContact`` from ``parse_new_contact``.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from bot.booking.machine import MAX_MESSAGE_LENGTH, Verdict, verdict_of
from bot.directory import log_refusal
from bot.domain import NewContact, ReminderChoice, SignupForm, SlotChoice, fold
from bot.metrics import BOOKINGS
from bot.outcome import Outcome, Reason, failure_code
from bot.store import (
    ClaimLostError,
    ContactOrigin,
    Ledger,
    NewSignup,
    Signup,
    SignupStatus,
    is_stand_in,
    new_contact_key,
    stand_in_contact_id,
)
from bot.vitec.client import VitecClient
from bot.vitec.errors import VitecError, VitecValidationError
from bot.vitec.models import AddNewViewingParticipant, Contact, PersonEmail, UpdatePerson

log = logging.getLogger(__name__)

MAX_CANDIDATES = 10
"""Namesakes with the same mobile or e-mail asked about when settling an unknown outcome."""


def new_booking_body(form: SignupForm, person: NewContact) -> AddNewViewingParticipant:
    """The AddNewViewingParticipant body Vitec receives for a form and a new contact."""
    return AddNewViewingParticipant(
        update_person=UpdatePerson(
            first_name=person.first_name,
            last_name=person.last_name,
            cell_phone=person.mobile,
            email=PersonEmail(email_address=person.email) if person.email else None,
        ),
        participated=form.participated,
        reminder_time=form.reminder.value if form.reminder != ReminderChoice.NONE else None,
        sms_reminder=form.sms_reminder,
        mail_confirmation=form.mail_confirmation,
        sms_confirmation=form.sms_confirmation,
        # The contact id, so that undo and reconciliation can name the person.
        return_booking_id=False,
        contact_message=form.contact_message,
        lead_source_id=form.lead_source_id,
    )


@dataclass(frozen=True)
class Requester:
    """Who asks for a new contact's booking, and where the outcome goes."""

    team_id: str
    user_id: str
    channel_id: str | None
    response_url: str | None
    language: str


def new_contact_signup(
    form: SignupForm, person: NewContact, who: Requester, *, slot: SlotChoice, address: str
) -> NewSignup:
    """The ledger row of booking a new contact: one per person and slot, however it is asked.

    Record it with ``Ledger.begin``; when that says the caller owns it, ``NewContactBooker.book``
    books it. The key is the slot and the normalised person, so the same person sent twice
    (another form, a workflow step, a retry) is one booking.
    """
    key = new_contact_key(form.time_slot_id, person.key_parts())
    return NewSignup(
        idempotency_key=key,
        team_id=who.team_id,
        user_id=who.user_id,
        channel_id=who.channel_id,
        response_url=who.response_url,
        customer_id=form.customer_id,
        estate_id=form.estate_id,
        viewing_id=form.viewing_id,
        time_slot_id=form.time_slot_id,
        contact_id=stand_in_contact_id(key),
        slot_starts_at=slot.starts_at,
        slot_ends_at=slot.ends_at,
        contact_name=person.name,
        estate_address=address,
        booking=new_booking_body(form, person).to_wire(),
        language=who.language,
    )


def person_of(signup: Signup) -> NewContact | None:
    """The new contact an attempt's recorded body names; None once purged or for another kind."""
    raw = signup.booking.get("updatePerson")
    if not isinstance(raw, dict):
        return None
    first, last = raw.get("firstName"), raw.get("lastName")
    mobile, email = raw.get("cellPhone"), raw.get("email")
    address = email.get("emailAddress") if isinstance(email, dict) else None
    if not isinstance(first, str) or not isinstance(last, str):
        return None
    return NewContact(
        first_name=first,
        last_name=last,
        mobile=mobile if isinstance(mobile, str) else None,
        email=address if isinstance(address, str) else None,
    )


class NewContactBooker:
    """Carries a new contact's attempt to an outcome in Vitec and records it in the ledger."""

    def __init__(self, *, vitec: VitecClient, ledger: Ledger, worker: str) -> None:
        self._vitec = vitec
        self._ledger = ledger
        self._worker = worker

    async def book(self, signup: Signup, form: SignupForm, person: NewContact) -> Outcome:
        """Book the person (found or created by Vitec); the ledger always gets the result."""
        known = await self._known_ids(form.customer_id, person)
        body = new_booking_body(form, person)
        for attempt in (1, 2):
            try:
                contact_id = await self._vitec.book_new_participant(
                    form.customer_id, form.viewing_id, form.time_slot_id, body
                )
            except VitecError as exc:
                verdict = verdict_of(exc)
                if verdict is None:
                    landed = await self.booked_contact(signup)
                    if isinstance(landed, str):
                        return await self._booked(signup, landed, None)
                    if landed is None:
                        unknown = Verdict(SignupStatus.UNKNOWN, "unknown", failure_code(exc))
                        return await self._settle(signup, unknown, exc)
                    if attempt == 1:
                        log.info("signup %s: not in Vitec, booking again", signup.id)
                        continue
                    failed = Verdict(SignupStatus.FAILED, "unavailable", failure_code(exc))
                    return await self._settle(signup, failed, exc)
                if verdict.reason == "refused" and attempt > 1:
                    landed = await self.booked_contact(signup)
                    if isinstance(landed, str):
                        return await self._booked(signup, landed, None)
                return await self._settle(signup, verdict, exc)
            else:
                origin = None
                if known is not None:
                    found = contact_id.upper() in known
                    origin = ContactOrigin.FOUND if found else ContactOrigin.CREATED
                return await self._booked(signup, contact_id, origin)
        raise AssertionError("unreachable")  # pragma: no cover

    async def booked_contact(self, signup: Signup) -> str | bool | None:
        """The contact id under which Vitec lists the attempt's person on the viewing.

        False when Vitec shows no such person on it, None when Vitec cannot say (or the
        attempt's details are gone).
        """
        if not is_stand_in(signup.contact_id):
            return signup.contact_id
        person = person_of(signup)
        if person is None:
            return None
        try:
            candidates = await self._namesakes(signup.customer_id, person)
            for contact_id in candidates[:MAX_CANDIDATES]:
                rows = await self._vitec.participant_follow_up(
                    signup.customer_id, contact_id, signup.viewing_id
                )
                if any(r.viewing_id.lower() == signup.viewing_id.lower() for r in rows):
                    return contact_id
        except VitecError as exc:
            log.info("finding a new contact in Vitec failed: %s", failure_code(exc))
            return None
        return False

    async def _known_ids(self, customer_id: str, person: NewContact) -> frozenset[str] | None:
        """Upper-cased ids of contacts with the person's mobile or e-mail before booking.

        Only to tell the agent whether Vitec found or created the person: if Vitec answers one
        of these, it found them. None when Vitec could not say (the booking goes ahead).
        """
        try:
            phone_ids, email_contacts = await asyncio.gather(
                self._by_phone(customer_id, person), self._by_email(customer_id, person)
            )
        except VitecError as exc:
            log.info("looking a new contact up first failed: %s", failure_code(exc))
            return None
        return frozenset(i.upper() for i in (*phone_ids, *(c.id for c in email_contacts)))

    async def _namesakes(self, customer_id: str, person: NewContact) -> list[str]:
        """Ids of contacts Vitec's duplicate check would take for the person."""
        phone_ids, email_contacts = await asyncio.gather(
            self._by_phone(customer_id, person), self._by_email(customer_id, person)
        )
        ids = list(dict.fromkeys([*phone_ids, *(c.id for c in email_contacts)]))
        contacts = await self._vitec.contacts(customer_id, ids) if ids else ()
        return [c.id for c in contacts if _same_person(c, person)]

    async def _by_phone(self, customer_id: str, person: NewContact) -> tuple[str, ...]:
        if not person.mobile:
            return ()
        return await self._vitec.contacts_by_phone(customer_id, person.mobile)

    async def _by_email(self, customer_id: str, person: NewContact) -> tuple[Contact, ...]:
        if not person.email:
            return ()
        return await self._vitec.contacts_by_email(customer_id, person.email)

    async def _booked(self, signup: Signup, contact_id: str, origin: str | None) -> Outcome:
        try:
            signup = await self._ledger.assign_contact(
                signup.id, contact_id, origin, worker=self._worker
            )
        except ClaimLostError as exc:
            log.warning("signup %s: claim lost before recording the contact", signup.id)
            return Outcome(exc.signup, "unknown")
        return await self._finish(signup, SignupStatus.BOOKED)

    async def _settle(self, signup: Signup, verdict: Verdict, exc: VitecError) -> Outcome:
        if verdict.reason in ("auth", "forbidden"):
            log_refusal("booking", verdict.reason, signup.customer_id)
        if verdict.code is not None:
            return await self._finish(
                signup, verdict.status, reason=verdict.reason, message=str(verdict.code)
            )
        messages = exc.messages if isinstance(exc, VitecValidationError) else ()
        try:
            finished = await self._ledger.finish(
                signup.id,
                verdict.status,
                message="; ".join(m.message for m in messages)[:MAX_MESSAGE_LENGTH],
                error_field=messages[0].field if messages else None,
                worker=self._worker,
                audited=True,
            )
        except ClaimLostError as lost:
            return Outcome(lost.signup, "unknown")
        BOOKINGS.labels(str(finished.status)).inc()
        return Outcome(finished, verdict.reason, messages)

    async def _finish(
        self,
        signup: Signup,
        status: SignupStatus,
        *,
        reason: Reason | None = None,
        message: str | None = None,
    ) -> Outcome:
        try:
            finished = await self._ledger.finish(
                signup.id, status, message=message, worker=self._worker, audited=True
            )
        except ClaimLostError as exc:
            log.warning("signup %s: claim lost before recording %s", signup.id, status.value)
            return Outcome(exc.signup, "unknown")
        log.info("signup %s: %s (new contact)", signup.id, status.value)
        BOOKINGS.labels(str(finished.status)).inc()
        return Outcome(finished, reason)


def _same_person(contact: Contact, person: NewContact) -> bool:
    return fold(contact.first_name or "") == fold(person.first_name) and fold(
        contact.last_name or ""
    ) == fold(person.last_name)

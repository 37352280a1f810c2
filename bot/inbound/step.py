"""The Workflow Builder step "Anmäl till visning": a booking from an office's own workflow.

Reception takes a call in a Workflow Builder form; the step gets the property (address or
objektnummer), the viewing time, the contact (mobile, e-mail or personnummer) and a reminder,
books through the same ledger and state machine as the form, and completes with a status and a
sentence, or fails with what to fix in words an office admin understands.

Contacts are found in Vitec by what identifies them; a name alone would mean a new contact,
which the step does not create (the form's new-contact path is where that belongs).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.booking.machine import BookingMachine, booking_body
from bot.booking.newcontact import NewContactBooker, Requester, new_contact_signup
from bot.directory import Directory, log_problem
from bot.domain import (
    ContactChoice,
    EstateEntry,
    NewContact,
    ReminderChoice,
    SignupForm,
    SlotChoice,
    parse_new_contact,
)
from bot.language import Language
from bot.outcome import Outcome
from bot.slack_failures import SLACK_FAILURES, slack_error
from bot.store import (
    Ledger,
    LedgerError,
    NewSignup,
    SignupStatus,
    idempotency_key,
)
from bot.ui.formatting import failure_reason, format_slot, problem_text
from bot.ui.texts import Catalogue, texts
from bot.vitec.errors import VitecError

log = logging.getLogger(__name__)

CALLBACK_ID = "visning_step"
STEP_USER = "WORKFLOW"
"""Who booked, in the ledger, when the workflow names nobody."""
SLOT_TOLERANCE = timedelta(minutes=1)
MAX_INPUT = 200

Complete = Callable[[dict[str, Any]], Awaitable[Any]]
Fail = Callable[[str], Awaitable[Any]]

REMINDERS: dict[str, tuple[ReminderChoice, bool]] = {
    "ingen": (ReminderChoice.NONE, False),
    **{
        f"{channel}_{choice.value}": (choice, channel == "sms")
        for channel in ("sms", "epost")
        for choice in ReminderChoice
        if choice != ReminderChoice.NONE
    },
}
"""The step's reminder choices (the manifest's enum): none, or SMS or e-mail N minutes before."""


class StepError(Exception):
    """What the office admin must fix for the step to book; the message is shown to them."""


@dataclass(frozen=True)
class StepInputs:
    """The step's inputs, as Workflow Builder sends them."""

    estate: str
    starts_at: datetime | None
    contact: str
    reminder: str
    user_id: str | None
    first_name: str = ""
    """With ``last_name``: the person to add when no contact in Vitec has ``contact``."""
    last_name: str = ""

    @classmethod
    def read(cls, inputs: Mapping[str, Any]) -> StepInputs:
        """Read tolerantly: anything missing or odd becomes empty, and is said as such."""
        return cls(
            estate=_text(inputs.get("objekt")),
            starts_at=_moment(inputs.get("visningstid")),
            contact=_text(inputs.get("kontakt")),
            reminder=_text(inputs.get("paminnelse")).lower() or "ingen",
            user_id=_text(inputs.get("anmalare")) or None,
            first_name=_text(inputs.get("fornamn")),
            last_name=_text(inputs.get("efternamn")),
        )


class WorkflowStep:
    """Books the contact a workflow names, exactly once per step execution."""

    def __init__(
        self,
        *,
        directory: Directory,
        machine: BookingMachine,
        ledger: Ledger,
        clock: Callable[[], datetime],
        worker: str,
        lease: timedelta,
        language: Language,
        new_contacts: NewContactBooker | None = None,
    ) -> None:
        self._directory = directory
        self._machine = machine
        self._new_contacts = new_contacts
        self._ledger = ledger
        self._clock = clock
        self._worker = worker
        self._lease = lease
        self._language = language

    async def run(
        self,
        *,
        inputs: Mapping[str, Any],
        execution_id: str,
        team_id: str,
        complete: Complete,
        fail: Fail,
    ) -> None:
        """Book, then complete the step with its outputs or fail it with what to fix."""
        t = texts(self._language)
        try:
            outputs = await self._book(StepInputs.read(inputs), execution_id, team_id, t)
        except StepError as error:
            log.info("workflow step: failed with what to fix")
            await self._tell(fail(str(error)))
            return
        await self._tell(complete(outputs))

    async def _tell(self, call: Awaitable[Any]) -> None:
        try:
            await call
        except SLACK_FAILURES as exc:
            # Slack times the step out itself; nothing here can reach the workflow again.
            log.warning("workflow step: Slack refused its completion: %s", slack_error(exc))

    async def _book(
        self, given: StepInputs, execution_id: str, team_id: str, t: Catalogue
    ) -> dict[str, Any]:
        reminder = REMINDERS.get(given.reminder)
        if reminder is None:
            raise StepError(t.step_reminder_unknown.format(text=given.reminder[:40]))
        estate = self._estate(given.estate, t)
        slot = await self._slot(estate, given.starts_at, t)
        contact = await self._contact(given, t)
        form = SignupForm(
            customer_id=self._directory.customer_id,
            estate_id=estate.id,
            viewing_id=slot.viewing_id,
            time_slot_id=slot.time_slot_id,
            contact_id=contact.id if isinstance(contact, ContactChoice) else "",
            reminder=reminder[0],
            sms_reminder=reminder[1],
            mail_confirmation=True,
            sms_confirmation=False,
            contact_message=None,
            lead_source_id=None,
            participated=False,
            check_deadline=True,
            check_capacity=True,
            channel_id=None,
            slot_starts_at=slot.starts_at,
            slot_ends_at=slot.ends_at,
        )
        if isinstance(contact, NewContact):
            if self._new_contacts is None:  # not offered without a booker; said as not found
                raise StepError(t.step_contact_not_found.format(text=given.contact[:60]))
            return await self._book_new(
                self._new_contacts, form, contact, given, team_id, estate, slot, t
            )
        new = NewSignup(
            idempotency_key=idempotency_key(execution_id, slot.time_slot_id, contact.id),
            team_id=team_id,
            user_id=given.user_id or STEP_USER,
            channel_id=None,
            response_url=None,
            customer_id=form.customer_id,
            estate_id=estate.id,
            viewing_id=slot.viewing_id,
            time_slot_id=slot.time_slot_id,
            contact_id=contact.id,
            slot_starts_at=slot.starts_at,
            slot_ends_at=slot.ends_at,
            contact_name=contact.name,
            estate_address=estate.street_address,
            booking=booking_body(form).to_wire(),
            language=self._language,
        )
        try:
            signup, owned = await self._ledger.begin(new, worker=self._worker, lease=self._lease)
        except LedgerError as exc:
            raise StepError(
                t.step_vitec_trouble.format(problem=t.error_ledger_unavailable)
            ) from exc
        if owned:
            outcome = await self._machine.book(signup, form)
        else:
            outcome = Outcome(signup)
        # The workflow hears the outcome; nobody is to be told again by the reconcile loop.
        with contextlib.suppress(LedgerError):
            await self._ledger.mark_notified(signup.id)
        return self._outputs(outcome, contact.name, estate, slot, t)

    async def _book_new(
        self,
        booker: NewContactBooker,
        form: SignupForm,
        person: NewContact,
        given: StepInputs,
        team_id: str,
        estate: EstateEntry,
        slot: SlotChoice,
        t: Catalogue,
    ) -> dict[str, Any]:
        """A person not found in Vitec: Vitec's duplicate check finds or creates them, once per
        person and slot however often the workflow runs."""
        who = Requester(
            team_id=team_id,
            user_id=given.user_id or STEP_USER,
            channel_id=None,
            response_url=None,
            language=self._language,
        )
        new = new_contact_signup(form, person, who, slot=slot, address=estate.street_address)
        try:
            signup, owned = await self._ledger.begin(new, worker=self._worker, lease=self._lease)
        except LedgerError as exc:
            raise StepError(
                t.step_vitec_trouble.format(problem=t.error_ledger_unavailable)
            ) from exc
        outcome = await booker.book(signup, form, person) if owned else Outcome(signup)
        with contextlib.suppress(LedgerError):
            await self._ledger.mark_notified(signup.id)
        outputs = self._outputs(outcome, person.name, estate, slot, t)
        origin = outcome.signup.contact_origin
        if origin in ("created", "found"):
            said = t.contact_created if origin == "created" else t.contact_found
            outputs["message"] = f"{outputs['message']} {said}."
        return outputs

    def _outputs(
        self,
        outcome: Outcome,
        name: str,
        estate: EstateEntry,
        slot: SlotChoice,
        t: Catalogue,
    ) -> dict[str, Any]:
        values = {
            "name": name,
            "address": estate.street_address,
            "slot": format_slot(slot.starts_at, slot.ends_at, t),
        }
        status = outcome.status
        if status == SignupStatus.BOOKED:
            return {"status": "booked", "message": t.step_booked.format(**values)}
        if status == SignupStatus.ALREADY_BOOKED:
            return {"status": "already_booked", "message": t.step_already.format(**values)}
        if status in (SignupStatus.PENDING, SignupStatus.UNKNOWN):
            raise StepError(t.step_unknown.format(**values))
        signup = outcome.signup
        reason = failure_reason(
            str(signup.status), signup.vitec_message, t, office=signup.customer_id
        )
        raise StepError(t.step_failed.format(reason=reason, **values))

    def _estate(self, text: str, t: Catalogue) -> EstateEntry:
        if not text:
            raise StepError(t.step_estate_missing)
        match = self._directory.match_command(text)
        if match.kind == "found" and match.estate is not None:
            return match.estate
        if match.kind == "not_loaded":
            raise StepError(t.follow_loading)
        if match.kind == "ambiguous":
            raise StepError(t.step_estate_ambiguous.format(text=text[:60]))
        raise StepError(t.step_estate_not_found.format(text=text[:60]))

    async def _slot(
        self, estate: EstateEntry, starts_at: datetime | None, t: Catalogue
    ) -> SlotChoice:
        if starts_at is None:
            raise StepError(t.step_time_missing)
        try:
            slots = await self._directory.slots(estate.id, timeout=10.0)
        except (VitecError, TimeoutError) as exc:
            raise self._vitec_trouble(exc, "slots for a workflow step", t) from exc
        if not slots:
            raise StepError(t.step_no_slots.format(address=estate.street_address))
        for slot in slots:
            if abs(slot.starts_at - starts_at) <= SLOT_TOLERANCE or (
                slot.starts_at <= starts_at < slot.ends_at
            ):
                return slot
        wanted = format_slot(starts_at, starts_at, t).rsplit("–", 1)[0]
        upcoming = ", ".join(format_slot(s.starts_at, s.ends_at, t) for s in slots[:5])
        raise StepError(
            t.step_no_slot.format(address=estate.street_address, when=wanted, slots=upcoming)
        )

    async def _contact(self, given: StepInputs, t: Catalogue) -> ContactChoice | NewContact:
        """The contact in Vitec that ``kontakt`` names, or the new person the names give."""
        text = given.contact
        if not text:
            raise StepError(t.step_contact_missing)
        if not any(ch.isdigit() for ch in text) and "@" not in text:
            raise StepError(t.step_contact_new.format(text=text[:60]))
        found = await self._directory.search_contacts(text)
        if found.kind == "failed":
            office = self._directory.customer_id
            problem = problem_text(found.problem or "unavailable", t, office=office)
            raise StepError(t.step_vitec_trouble.format(problem=problem))
        if found.kind != "found" or not found.contacts:
            person = self._new_person(given, t)
            if person is not None:
                return person
            raise StepError(t.step_contact_not_found.format(text=text[:60]))
        if len(found.contacts) > 1:
            raise StepError(t.step_contact_several.format(n=len(found.contacts), text=text[:60]))
        return found.contacts[0]

    def _new_person(self, given: StepInputs, t: Catalogue) -> NewContact | None:
        """The person to add, when the step was given names; None without them."""
        if self._new_contacts is None or not (given.first_name or given.last_name):
            return None
        text = given.contact
        email = text if "@" in text else None
        parsed = parse_new_contact(
            given.first_name, given.last_name, None if email else text, email
        )
        if isinstance(parsed, NewContact):
            return parsed
        log.info("workflow step: a new contact's details refused (%s)", ", ".join(sorted(parsed)))
        raise StepError(t.step_new_contact_invalid)

    def _vitec_trouble(self, exc: BaseException, what: str, t: Catalogue) -> StepError:
        office = self._directory.customer_id
        problem = log_problem(what, exc, office)
        return StepError(
            t.step_vitec_trouble.format(problem=problem_text(problem, t, office=office))
        )


def _text(value: object) -> str:
    return " ".join(value.split())[:MAX_INPUT] if isinstance(value, str) else ""


def _moment(value: object) -> datetime | None:
    """Workflow Builder's timestamp: Unix seconds, as a number or its text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None

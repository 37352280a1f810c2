"""The simulator's mutable world: bookings, participants, faults, the request log, live settings."""

from __future__ import annotations

import hashlib
import random
from collections import deque
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from devtools.simulator.data import shared
from devtools.simulator.faults import Faults, HeldRequests
from devtools.simulator.notifications import Notifier
from devtools.simulator.records import ContactRecord

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from devtools.simulator.config import (
        AlreadyBookedAnswer,
        ErrorBodyShape,
        EstateListAnswer,
        SimulatorConfig,
    )
    from devtools.simulator.data import SampleData
    from devtools.simulator.records import Registration, ViewingRecord
    from devtools.simulator.shape import Shape

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def wall_clock(moment: datetime) -> datetime:
    """Swedish wall-clock time without an offset; a naive value is taken to be that already."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(STOCKHOLM).replace(tzinfo=None)


@dataclass
class BookingRecord:
    """A booking the simulator stored, with the JSON body exactly as it arrived."""

    customer_id: str
    viewing_id: str
    time_slot_id: str
    contact_id: str
    body: Any
    at: datetime
    removed_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """The admin API's view of the record."""
        return {
            "customerId": self.customer_id,
            "viewingId": self.viewing_id,
            "timeSlotId": self.time_slot_id,
            "contactId": self.contact_id,
            "body": self.body,
            "at": self.at.isoformat(),
            "removedAt": self.removed_at.isoformat() if self.removed_at else None,
        }


@dataclass
class RequestRecord:
    """One request to the Vitec endpoints; ``status`` stays None while it is being answered."""

    at: datetime
    method: str
    path: str
    query: str
    authorization: str | None
    """The Authorization header with its password masked."""
    body: Any
    status: int | None = None
    ms: float | None = None

    def to_json(self) -> dict[str, Any]:
        """The admin API's view of the record."""
        return {
            "at": self.at.isoformat(),
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "authorization": self.authorization,
            "body": self.body,
            "status": self.status,
            "ms": self.ms,
        }


class SimulatorState:
    """Everything a simulated Vitec Connect remembers; tests and the playground read and set it."""

    def __init__(self, config: SimulatorConfig, *, now: Callable[[], datetime]) -> None:
        self._clock = now
        self._initial_config = config
        self.config = config
        self.data: SampleData = shared(
            config.seed, self.now().date(), config.estate_count, config.contact_count
        )
        self.bookings: list[BookingRecord] = []
        self.requests: deque[RequestRecord] = deque(maxlen=config.request_log_size)
        self.held = HeldRequests()
        self._faults = Faults()
        # (customerId, viewingId) -> contactId -> booking; a contact has one slot per viewing.
        self._participants: dict[tuple[str, str], dict[str, Registration]] = {}
        self._created: list[ContactRecord] = []
        self._issued = 0
        self.dice = random.Random(config.seed)  # noqa: S311 - fault dice, not security
        self.notifier = Notifier()
        """Vitec's notifications of bookings; pointed at a subscriber by the admin API."""
        self.reset()

    def now(self) -> datetime:
        """The current Swedish wall-clock time, from the injected clock."""
        return wall_clock(self._clock())

    def reset(self) -> None:
        """Back to the state at creation: initial bookings and settings, no faults, empty log."""
        self.config = self._initial_config
        self.bookings.clear()
        self.requests.clear()
        self.faults = Faults()
        self.dice.seed(self.config.seed)
        self._participants = {}
        self.notifier.clear()
        self._created = []
        self._issued = 0
        for registration in self.data.registrations:
            self._booked_on(registration.customer_id, registration.viewing_id)[
                registration.contact_id
            ] = registration

    # --- settings ---------------------------------------------------------------------------------

    def set_password(self, customer_id: str, password: str | None) -> None:
        """Give an office a new password (None: no password opens it); e.g. to test a wrong one."""
        passwords = dict(self.config.passwords)
        if password is None:
            passwords.pop(customer_id.upper(), None)
        else:
            passwords[customer_id.upper()] = password
        self.config = replace(self.config, passwords=passwords)

    def set_closed(self, customer_id: str, closed: bool) -> None:
        """Close an office (403 to everything) or open it again."""
        office = customer_id.upper()
        others = self.config.closed_offices - {office}
        self.config = replace(self.config, closed_offices=others | {office} if closed else others)

    def configure(
        self,
        *,
        already_booked: AlreadyBookedAnswer | None = None,
        error_body: ErrorBodyShape | None = None,
        estate_list: EstateListAnswer | None = None,
        shape: Shape | None = None,
    ) -> None:
        """Change live settings: already-booked answer, error bodies, estate list, JSON shape."""
        self.config = replace(
            self.config,
            already_booked=already_booked or self.config.already_booked,
            error_body=error_body or self.config.error_body,
            estate_list=estate_list or self.config.estate_list,
            shape=shape if shape is not None else self.config.shape,
        )

    @property
    def shape(self) -> Shape:
        """How answers are worded now (see ``devtools.simulator.shape``)."""
        return self.config.shape

    def password_of(self, customer_id: str) -> str | None:
        """The office's current password."""
        passwords = {k.upper(): v for k, v in self.config.passwords.items()}
        return passwords.get(customer_id.upper())

    def is_closed(self, customer_id: str) -> bool:
        """Whether the office answers 403 to everything."""
        return customer_id.upper() in {c.upper() for c in self.config.closed_offices}

    # --- faults -----------------------------------------------------------------------------------

    @property
    def faults(self) -> Faults:
        """The active faults; assigning a set without a hold releases held requests."""
        return self._faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        self._faults = faults
        if faults.hold is None:
            self.held.release()

    def clear_faults(self) -> None:
        """A healthy Vitec again; held requests go on."""
        self.faults = Faults()

    def release(self) -> int:
        """Let every held request go on (the hold stays for new ones); returns how many."""
        return self.held.release()

    async def wait_held(self, count: int = 1) -> None:
        """Return once ``count`` requests are being held."""
        await self.held.until(count)

    # --- contacts -------------------------------------------------------------------------------

    def contact(self, customer_id: str, contact_id: str) -> ContactRecord | None:
        """The office's contact with this id: sample data, or one created by a booking."""
        found = self.data.contact(customer_id, contact_id)
        if found is not None:
            return found
        wanted = (customer_id.upper(), contact_id.upper())
        return next((c for c in self._created if (c.customer_id, c.id.upper()) == wanted), None)

    def contacts_of(self, customer_id: str) -> tuple[ContactRecord, ...]:
        """The office's contacts, those created by bookings last."""
        created = tuple(c for c in self._created if c.customer_id == customer_id.upper())
        return (*self.data.contacts_of(customer_id.upper()), *created)

    def create_contact(
        self,
        customer_id: str,
        *,
        first_name: str,
        last_name: str,
        cell: str | None,
        email: str | None,
    ) -> ContactRecord:
        """A new person in the office, as AddNewViewingParticipant creates one."""
        record = ContactRecord(
            id=self.new_id("ADR"),
            customer_id=customer_id,
            first_name=first_name,
            last_name=last_name,
            changed_at=self.now(),
            cell=cell,
            email=email,
        )
        self._created.append(record)
        return record

    def new_id(self, prefix: str) -> str:
        """A fresh id (``ADR…`` contact, ``VID…`` booking): 32 upper-case hex, seeded."""
        self._issued += 1
        seed = f"{self.config.seed}:{prefix}:{self._issued}".encode()
        return prefix + hashlib.sha256(seed).hexdigest()[:32].upper()

    # --- participants -----------------------------------------------------------------------------

    def _booked_on(self, customer_id: str, viewing_id: str) -> dict[str, Registration]:
        return self._participants.setdefault((customer_id, viewing_id), {})

    def participant(
        self, customer_id: str, viewing_id: str, contact_id: str
    ) -> Registration | None:
        """The contact's booking on the viewing, if any (canonical ids)."""
        return self._participants.get((customer_id, viewing_id), {}).get(contact_id)

    def booked(self, viewing: ViewingRecord, slot_id: str) -> list[Registration]:
        """The contacts booked on the slot, in the order they were booked."""
        booked = self._participants.get((viewing.customer_id, viewing.id), {})
        return [r for r in booked.values() if r.slot_id == slot_id]

    def participants(self, viewing: ViewingRecord, slot_id: str) -> int:
        """How many contacts are booked on the slot."""
        return len(self.booked(viewing, slot_id))

    def add_participant(self, registration: Registration, body: Any) -> BookingRecord:
        """Book the contact and record the booking."""
        r = registration
        self._booked_on(r.customer_id, r.viewing_id)[r.contact_id] = r
        record = BookingRecord(
            customer_id=r.customer_id,
            viewing_id=r.viewing_id,
            time_slot_id=r.slot_id,
            contact_id=r.contact_id,
            body=body,
            at=self.now(),
        )
        self.bookings.append(record)
        self._notify(r, "Update")
        return record

    def book_from_web(self, registration: Registration) -> None:
        """A booking made elsewhere (the office's site, Hemnet): on the viewing, notified,
        but not among the bookings made through the API."""
        r = registration
        self._booked_on(r.customer_id, r.viewing_id)[r.contact_id] = r
        self._notify(r, "Update")

    def _notify(self, registration: Registration, event: str) -> None:
        viewing = self.data.viewing(registration.customer_id, registration.viewing_id)
        if viewing is not None:
            self.notifier.viewing_participant(registration, viewing.estate_id, event)

    def remove_participant(self, registration: Registration) -> None:
        """Undo a booking; its record, if the simulator made it, is marked removed."""
        r = registration
        del self._booked_on(r.customer_id, r.viewing_id)[r.contact_id]
        key = (r.customer_id, r.viewing_id, r.contact_id)
        for record in reversed(self.bookings):
            if (
                record.removed_at is None
                and (record.customer_id, record.viewing_id, record.contact_id) == key
            ):
                record.removed_at = self.now()
                break
        self._notify(r, "Remove")

    def active_bookings(self) -> list[BookingRecord]:
        """Bookings made through the API and not undone."""
        return [b for b in self.bookings if b.removed_at is None]

"""Look-ups behind the form's pickers: a cached estate list, slots, contacts and lead sources.

Vitec Connect has no address search and asks partners to cache what they read, so estates are
kept in memory and refreshed in the background; contact searches go to Connect but answer within
a deadline, so Slack's three seconds for an options load are never at risk.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Generic, Literal, TypeVar

from bot.domain import ContactChoice, EstateEntry, Problem, SlotChoice, fold
from bot.estate_search import CommandMatch, EstateIndex
from bot.vitec.client import VitecClient
from bot.vitec.errors import VitecAuthError, VitecError, VitecForbidden, VitecNotFound
from bot.vitec.models import (
    Contact,
    Estate,
    EstateStatusFilter,
    EstateSummary,
    LeadSource,
    Viewing,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
V = TypeVar("V")

MIN_NAME_QUERY = 5
"""Vitec's contact search needs at least five characters."""
MAX_QUERY = 100
MIN_PHONE_DIGITS = 7
MAX_REFUSED_LEAD_SOURCES = 500

ADR_ID = re.compile(r"ADR[0-9A-F]{32}", re.IGNORECASE)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PERSONNUMMER = re.compile(r"(?:19|20)?\d{6}[-+]?\d{4}")
PHONE = re.compile(r"\+?[\d\s()-]{1,20}")

ESTATE_STATUSES = EstateStatusFilter.FOR_SALE | EstateStatusFilter.COMING

INFORMATION_LEAD_TYPES = frozenset({"prospectivelogflow"})
"""Lead types offered unless ``VITEC_LEAD_SOURCES`` pins the sources.

Vitec refuses a booking whose lead source has a workflow ("Leadskällan får inte ha något
definierat arbetsflöde, dvs det skall bara innehålla information"). Of the three lead types,
``ProspectiveLogFlow`` only logs the prospective buyer; ``AcceptObjectFlow`` and
``ContactContactFlow`` start work for someone (accepting an estate, contacting the contact).
A source without a type is not offered either: whether Vitec takes it cannot be known.
"""


def problem_of(exc: BaseException) -> Problem:
    """What a failed Vitec read means for the agent (a timeout counts as unavailable)."""
    if isinstance(exc, VitecAuthError):
        return "auth"
    if isinstance(exc, VitecForbidden):
        return "forbidden"
    return "unavailable"


def log_problem(what: str, exc: BaseException, customer_id: str) -> Problem:
    """Log a failed Vitec read for the operator, with what to fix; returns its kind."""
    problem = problem_of(exc)
    # Endpoints are named by path template, so the message holds no personal data.
    log_refusal(what, problem, customer_id, detail=str(exc) or type(exc).__name__)
    return problem


def log_refusal(what: str, problem: Problem, customer_id: str, *, detail: str = "") -> None:
    """Tell the operator what to fix: the agent is only told to ask whoever runs the bot."""
    if problem == "auth":
        log.error(
            "%s: Vitec refused the credentials (401); check VITEC_USERNAME and VITEC_PASSWORD "
            "(`visningsbot check` tries them)",
            what,
        )
    elif problem == "forbidden":
        log.error(
            "%s: Vitec denied access to office %s (403); the office may be closed, or the "
            "credentials do not cover it (check VITEC_CUSTOMER_ID)",
            what,
            customer_id,
        )
    else:
        log.warning("%s failed: %s", what, detail)


@dataclass(frozen=True)
class ContactSearch:
    """What the contact picker should answer."""

    kind: Literal["found", "type_more", "type_phone", "failed"]
    contacts: tuple[ContactChoice, ...] = ()
    missing: int = 0
    """For ``type_more``: how many more characters a name search needs."""
    problem: Problem | None = None
    """For ``failed``: why Vitec could not be searched."""


@dataclass(frozen=True)
class EstateSearch:
    """What the estate picker should answer; ``loaded`` is False before the first refresh."""

    estates: tuple[EstateEntry, ...]
    loaded: bool
    problem: Problem | None = None
    """Why the list is not loaded, when its last refresh failed."""


@dataclass
class _Cached(Generic[V]):
    value: V
    expires: datetime


@dataclass
class TtlCache(Generic[V]):
    """A small in-memory cache with an injected clock; entries expire after ``ttl``."""

    ttl: timedelta
    clock: Callable[[], datetime]
    max_entries: int = 2000
    _items: dict[str, _Cached[V]] = field(default_factory=dict)

    def get(self, key: str) -> V | None:
        """The cached value, or None when absent or expired."""
        item = self._items.get(key)
        if item is None or item.expires <= self.clock():
            self._items.pop(key, None)
            return None
        return item.value

    def put(self, key: str, value: V) -> None:
        """Store a value; the oldest entries go first when the cache is full."""
        if len(self._items) >= self.max_entries:
            for old in list(self._items)[: self.max_entries // 10 or 1]:
                del self._items[old]
        self._items[key] = _Cached(value, self.clock() + self.ttl)


def contact_choice(contact: Contact) -> ContactChoice:
    """The picker's view of a Vitec contact."""
    email = contact.email.email_address if contact.email else None
    return ContactChoice(id=contact.id, name=contact.display_name, phone=contact.phone, email=email)


def slot_choices(viewings: Sequence[Viewing], now: datetime) -> tuple[SlotChoice, ...]:
    """Every upcoming time slot of an estate's viewings, soonest first."""
    slots = [
        SlotChoice(
            viewing_id=viewing.id,
            time_slot_id=slot.id,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            capacity=viewing.participant_per_time_slot,
            booked=slot.participants,
            deadline=viewing.no_later_then,
        )
        for viewing in viewings
        for slot in viewing.time_slots
        if slot.starts_at > now
    ]
    return tuple(sorted(slots, key=lambda s: s.starts_at))


class Directory:
    """Cached look-ups of one office's estates, contacts and lead sources."""

    def __init__(
        self,
        vitec: VitecClient,
        *,
        customer_id: str,
        clock: Callable[[], datetime],
        options_timeout: float,
        allowed_lead_sources: frozenset[str] | None = None,
        refresh_interval: timedelta = timedelta(minutes=10),
        fetch_concurrency: int = 8,
    ) -> None:
        self._vitec = vitec
        self.customer_id = customer_id
        self._clock = clock
        self._timeout = options_timeout
        self._allowed_lead_sources = allowed_lead_sources
        self.refresh_interval = refresh_interval
        self._fetch_limit = asyncio.Semaphore(fetch_concurrency)
        self._estates: dict[str, EstateEntry] = {}
        self._index = EstateIndex(())
        self._estate_problem: Problem | None = None
        """Why the estate list could not be read, until it is read."""
        self._estate_changed: dict[str, datetime | None] = {}
        self._loaded = asyncio.Event()
        self._refresh_lock = asyncio.Lock()
        self._contacts: TtlCache[tuple[ContactChoice, ...]] = TtlCache(timedelta(minutes=2), clock)
        self._lead_sources: TtlCache[tuple[LeadSource, ...]] = TtlCache(
            timedelta(minutes=10), clock
        )
        self._refused_lead_sources: set[str] = set()
        """Sources Vitec refused a booking for: not offered again by this process."""
        self._slots_shown: TtlCache[SlotChoice] = TtlCache(timedelta(hours=2), clock, 20_000)

    # --- estates ---------------------------------------------------------------------------

    @property
    def estates_loaded(self) -> bool:
        """Whether the estate list has been read from Vitec at least once."""
        return self._loaded.is_set()

    def load_estates(self, entries: Sequence[EstateEntry]) -> None:
        """Replace the cached estate list (used by refresh, and by tests and benchmarks)."""
        self._estates = {e.id: e for e in entries}
        self._index = EstateIndex(self._estates.values())
        self._estate_problem = None
        self._loaded.set()

    async def refresh_estates(self) -> int:
        """Re-read the office's estates for sale or coming; only changed ones are fetched again."""
        async with self._refresh_lock:
            summaries: list[EstateSummary] = []
            page_index = 0
            while True:
                page = await self._vitec.estates(
                    self.customer_id, status=ESTATE_STATUSES, page_index=page_index
                )
                summaries.extend(page.rows)
                page_index += 1
                if page_index >= page.count or not page.rows:
                    break
            stale = [
                s
                for s in summaries
                if s.id not in self._estates or self._estate_changed.get(s.id) != s.changed_at
            ]
            fetched = await asyncio.gather(*(self._fetch_estate(s.id) for s in stale))
            entries = {s.id: self._estates[s.id] for s in summaries if s.id in self._estates}
            for summary, estate in zip(stale, fetched, strict=True):
                if estate is not None:
                    entries[summary.id] = self._entry(estate)
                    self._estate_changed[summary.id] = summary.changed_at
            self.load_estates(list(entries.values()))
            log.info("estate list refreshed: %d estates, %d fetched", len(entries), len(stale))
            return len(entries)

    async def _fetch_estate(self, estate_id: str) -> Estate | None:
        async with self._fetch_limit:
            try:
                return await self._vitec.estate(self.customer_id, estate_id)
            except VitecNotFound:
                return None

    def _entry(self, estate: Estate) -> EstateEntry:
        address = estate.address
        return EstateEntry.build(
            estate_id=estate.id,
            customer_id=self.customer_id,
            street_address=address.street_address if address else None,
            area=address.area if address else None,
            postal_town=address.postal_town if address else None,
            reference_id=estate.reference_id,
            status=estate.status.name if estate.status else None,
        )

    async def refresh_forever(self) -> None:
        """Keep the estate list fresh; failures are logged and retried at the next interval."""
        while True:
            try:
                await self.refresh_estates()
            except VitecError as exc:
                self.estate_refresh_failed(exc)
            await asyncio.sleep(self.refresh_interval.total_seconds())

    def estate_refresh_failed(self, exc: VitecError) -> None:
        """Log a failed refresh for the operator and remember why, for the picker to say."""
        self._estate_problem = log_problem("estate list refresh", exc, self.customer_id)

    async def search_estates(self, query: str, limit: int = 100) -> EstateSearch:
        """Estates matching what was typed, the one the agent most likely means first."""
        if not self._loaded.is_set():
            try:
                await asyncio.wait_for(self._loaded.wait(), timeout=self._timeout)
            except TimeoutError:
                return EstateSearch((), loaded=False, problem=self._estate_problem)
        return EstateSearch(tuple(self._index.search(query, limit)), loaded=True)

    def estate(self, estate_id: str) -> EstateEntry | None:
        """A cached estate by id."""
        return self._estates.get(estate_id)

    async def estate_by_id(self, estate_id: str) -> EstateEntry | None:
        """A cached estate, or read from Vitec when it is not in the cache yet."""
        cached = self._estates.get(estate_id)
        if cached is not None:
            return cached
        estate = await self._deadline(self._vitec.estate(self.customer_id, estate_id))
        return self._entry(estate)

    def match_command(self, text: str) -> CommandMatch:
        """What ``/visning <text>`` found: the estate, several, or none and the nearest one."""
        if not self._loaded.is_set():
            return CommandMatch("not_loaded")
        return self._index.find(text)

    # --- slots -----------------------------------------------------------------------------

    async def slots(
        self, estate_id: str, *, timeout: float | None = None
    ) -> tuple[SlotChoice, ...]:
        """The estate's upcoming time slots, read fresh so places left are current."""
        viewings = await self._deadline(
            self._vitec.viewings(self.customer_id, estate_id), timeout=timeout
        )
        slots = slot_choices(viewings, self._clock())
        for slot in slots:
            self._slots_shown.put(slot.key, slot)
        return slots

    def known_slot(self, viewing_id: str, time_slot_id: str) -> SlotChoice | None:
        """A slot recently shown in a form, so a submission needs no extra Vitec read."""
        return self._slots_shown.get(f"{viewing_id}/{time_slot_id}")

    # --- contacts --------------------------------------------------------------------------

    async def search_contacts(self, query: str) -> ContactSearch:
        """Contacts matching a name (≥ 5 characters), phone, e-mail, personnummer or ADR id."""
        text = " ".join(query.split())[:MAX_QUERY]
        key = fold(text)
        cached = self._contacts.get(key)
        if cached is not None:
            return ContactSearch("found", cached)
        plan = self._contact_lookup(text)
        if isinstance(plan, ContactSearch):
            return plan
        try:
            found = await self._deadline(plan)
        except (VitecError, TimeoutError) as exc:
            return ContactSearch(
                "failed", problem=log_problem("contact search", exc, self.customer_id)
            )
        self._contacts.put(key, found)
        return ContactSearch("found", found)

    def _contact_lookup(
        self, text: str
    ) -> Coroutine[Any, Any, tuple[ContactChoice, ...]] | ContactSearch:
        """The look-up that fits what was typed, or a hint when it cannot be searched yet."""
        compact = re.sub(r"[\s()-]", "", text)
        if ADR_ID.fullmatch(text):
            return self._hydrate([text.upper()])
        if EMAIL.fullmatch(text):
            return self._by_email(text)
        if PERSONNUMMER.fullmatch(compact):
            return self._by_search(compact)
        if PHONE.fullmatch(text):
            if sum(ch.isdigit() for ch in text) >= MIN_PHONE_DIGITS:
                return self._by_phone(compact)
            return ContactSearch("type_phone")
        if len(text) >= MIN_NAME_QUERY:
            return self._by_name(text) if " " in text else self._by_search(text)
        return ContactSearch("type_more", missing=MIN_NAME_QUERY - len(text))

    async def _by_search(self, term: str) -> tuple[ContactChoice, ...]:
        matches = await self._vitec.search_contacts(self.customer_id, term, max_size=20)
        return await self._hydrate([m.id for m in matches])

    async def _by_name(self, text: str) -> tuple[ContactChoice, ...]:
        """First name and surname: how a short surname (Ek, Berg) is found at all.

        Vitec's search needs five characters, so "Eva Ek" goes to Vitec whole; what it sends back
        is narrowed here to contacts whose names begin with every word typed.
        """
        found = await self._by_search(text)
        words = fold(text).split()
        narrowed = tuple(
            c
            for c in found
            if all(any(n.startswith(w) for n in fold(c.name).split()) for w in words)
        )
        # Vitec may match on more than names (an e-mail, a company): keep its answer then.
        return narrowed or found

    async def _by_phone(self, phone: str) -> tuple[ContactChoice, ...]:
        ids = await self._vitec.contacts_by_phone(self.customer_id, phone)
        return await self._hydrate(list(ids)[:20])

    async def _by_email(self, email: str) -> tuple[ContactChoice, ...]:
        contacts = await self._vitec.contacts_by_email(self.customer_id, email)
        return tuple(contact_choice(c) for c in contacts)

    async def _hydrate(self, ids: Sequence[str]) -> tuple[ContactChoice, ...]:
        if not ids:
            return ()
        try:
            contacts = await self._vitec.contacts(self.customer_id, ids)
        except VitecNotFound:
            return ()
        return tuple(contact_choice(c) for c in contacts)

    # --- lead sources ----------------------------------------------------------------------

    async def lead_sources(self) -> tuple[LeadSource, ...]:
        """The office's lead sources agents may choose: the pinned ones, else the informational.

        Sources Vitec has refused a booking for are left out either way.
        """
        cached = self._lead_sources.get(self.customer_id)
        if cached is None:
            sources = await self._deadline(self._vitec.lead_sources(self.customer_id))
            allowed = self._allowed_lead_sources
            if allowed is None:
                cached = tuple(
                    s for s in sources if (s.lead_type or "").lower() in INFORMATION_LEAD_TYPES
                )
            else:
                cached = tuple(s for s in sources if s.id in allowed)
            self._lead_sources.put(self.customer_id, cached)
        return tuple(s for s in cached if s.id.upper() not in self._refused_lead_sources)

    def lead_source_refused(self, source_id: str) -> None:
        """Vitec refused a booking for this source: stop offering it (a workflow source)."""
        # A forged submission can name any id; an office has a few dozen sources at most.
        if len(self._refused_lead_sources) < MAX_REFUSED_LEAD_SOURCES:
            self._refused_lead_sources.add(source_id.upper())

    async def _deadline(self, call: Awaitable[T], *, timeout: float | None = None) -> T:
        async with asyncio.timeout(timeout or self._timeout):
            return await call

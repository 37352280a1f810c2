"""Look-ups behind the form's pickers: a cached estate list, slots, contacts and lead sources.

Vitec Connect has no address search and asks partners to cache what they read, so estates are
kept in memory and refreshed in the background; contact searches go to Connect but answer within
a deadline, so Slack's three seconds for an options load are never at risk.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, TypeVar

from bot.cache import TtlCache
from bot.domain import ContactChoice, EstateEntry, Problem, SlotChoice, fold
from bot.estate_search import CommandMatch, EstateIndex
from bot.store import Coordination, SharedEstates
from bot.vitec.client import VitecClient
from bot.vitec.errors import (
    VitecAuthError,
    VitecError,
    VitecForbiddenError,
    VitecNotFoundError,
    VitecNotOfferedError,
)
from bot.vitec.models import (
    Contact,
    Estate,
    EstateListing,
    EstateStatusFilter,
    EstateSummary,
    LeadSource,
    Viewing,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

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
    if isinstance(exc, VitecForbiddenError):
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


ESTATE_LIST_RETRY = timedelta(hours=6)
"""How long an office that refused the one-call estate list is read estate by estate."""
OFFERED_STATUS_IDS = frozenset(
    {str(int(EstateStatusFilter.FOR_SALE)), str(int(EstateStatusFilter.COMING))}
)
OFFERED_STATUS_NAMES = frozenset({"tillsalu", "kommande", "forsale", "coming"})
CLOSED_STATUS_NAMES = frozenset(
    {"sald", "sold", "avslutad", "closed", "aterkallad", "withdrawn", "vilande", "intag"}
)


def _offered(estate: EstateListing) -> bool:
    """Whether agents book viewings of it: for sale or coming.

    The office-wide list carries every estate, sold ones too, and Vitec does not publish its
    status ids, so a status is recognised by the list filter's flag or by its name. An estate
    whose status says nothing either way is kept when it has a viewing: an estate too many in
    the picker costs less than the one an agent cannot find.
    """
    name = re.sub(r"[^a-z]", "", fold(estate.status_name or ""))
    if estate.status_id in OFFERED_STATUS_IDS or name in OFFERED_STATUS_NAMES:
        return True
    if name in CLOSED_STATUS_NAMES:
        return False
    return bool(estate.viewing_starts) or (estate.status_id is None and not name)


MAX_ESTATE_PAGES = 200
ESTATE_READ_TIMEOUT = 10.0
"""Seconds one estate's read gets when nobody waits on it (a notification said it changed)."""
"""At 100 a page, 20,000 estates: far beyond any office, a bound on a misbehaving server."""
COLD_RETRY = timedelta(seconds=30)
"""How soon a refresh is retried while the estate list has never loaded."""
SHARED_POLL = timedelta(seconds=30)
"""How often a process sharing its database looks for an estate list another one read."""
SHARED_COLD_POLL = timedelta(seconds=1)
"""The same while this process has no estate list yet: another is likely reading it just now."""
ESTATE_REFRESH_JOB = "estate-refresh"


@dataclass(frozen=True)
class EstateCacheStatus:
    """How the estate cache stands after the last refresh that got an estate list."""

    loaded: int = 0
    failed: int = 0
    refreshed_at: datetime | None = None


class _Unreadable:
    """An estate Vitec answered for, but not in a way that could be read."""


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


def phone_forms(text: str) -> tuple[str, ...]:
    """Ways of writing a typed phone number, most likely first: digits only, as typed, and
    with the other Swedish prefix (``070…`` and ``+4670…``)."""
    compact = re.sub(r"[\s()-]", "", text)
    forms = [compact, " ".join(text.split())]
    if compact.startswith("+46"):
        forms.append("0" + compact[3:])
    elif compact.startswith("0046"):
        forms.append("0" + compact[4:])
    elif compact.startswith("0"):
        forms.append("+46" + compact[1:])
    return tuple(dict.fromkeys(forms))


def contact_choice(contact: Contact) -> ContactChoice:
    """The picker's view of a Vitec contact."""
    return ContactChoice(
        id=contact.id, name=contact.display_name, phone=contact.phone, email=contact.email
    )


def slot_choices(viewings: Sequence[Viewing], now: datetime) -> tuple[SlotChoice, ...]:
    """Every upcoming time slot of an estate's viewings, soonest first."""
    slots = [
        SlotChoice(
            viewing_id=viewing.id,
            time_slot_id=slot.id,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            capacity=viewing.participant_per_time_slot,
            booked=slot.booked,
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
        coordination: Coordination | None = None,
    ) -> None:
        self._vitec = vitec
        self._coordination = coordination if coordination and coordination.shared else None
        """Set when other processes share the database: the estate list is shared with them."""
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
        self._cache = EstateCacheStatus()
        self._estate_list_refused_until: datetime | None = None
        self._refresh_lock = asyncio.Lock()
        self._contacts: TtlCache[tuple[ContactChoice, ...]] = TtlCache(timedelta(minutes=2), clock)
        self._lead_sources: TtlCache[tuple[LeadSource, ...]] = TtlCache(
            timedelta(minutes=10), clock
        )
        self._refused_lead_sources: set[str] = set()
        """Sources Vitec refused a booking for: not offered again by this process."""
        self._slots_shown: TtlCache[SlotChoice] = TtlCache(timedelta(hours=2), clock, 20_000)
        self._contacts_shown: TtlCache[ContactChoice] = TtlCache(
            timedelta(minutes=30), clock, 20_000
        )

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
        """Re-read the office's estates for sale or coming.

        The whole office comes in one call (``POST Estate/GetEstateList``) where Vitec offers it;
        elsewhere from the paged list, reading again only the estates that changed. One estate
        that cannot be read keeps its last good copy (or stays out) and is tried again at the
        next refresh; the others still load.
        """
        async with self._refresh_lock:
            listed = await self._listed_estates()
            if listed is not None:
                entries = {e.id: self._entry(e) for e in listed if _offered(e)}
                self._estate_changed.clear()
                self._finish_refresh(entries, fetched=0, failed=0, source="estate list")
                return len(entries)
            seen: dict[str, EstateSummary] = {}
            for page_index in range(MAX_ESTATE_PAGES):
                page = await self._vitec.estates(
                    self.customer_id, status=ESTATE_STATUSES, page_index=page_index
                )
                before = len(seen)
                seen.update((row.id, row) for row in page.rows)
                # `count` is the number of pages; a server that ignores PageIndex and sends the
                # same rows again ends the reading as surely as an empty page does.
                if page_index + 1 >= page.count or len(seen) == before:
                    break
            summaries = list(seen.values())
            stale = [
                s
                for s in summaries
                if s.id not in self._estates or self._estate_changed.get(s.id) != s.changed_at
            ]
            fetched = await asyncio.gather(*(self._fetch_estate(s.id) for s in stale))
            entries = {s.id: self._estates[s.id] for s in summaries if s.id in self._estates}
            failed = 0
            for summary, estate in zip(stale, fetched, strict=True):
                if isinstance(estate, _Unreadable):
                    failed += 1
                    # Not remembered as read: the next refresh tries this estate again.
                    self._estate_changed.pop(summary.id, None)
                elif estate is not None:
                    entries[summary.id] = self._entry(estate.listing())
                    self._estate_changed[summary.id] = summary.changed_at
            self._finish_refresh(entries, fetched=len(stale), failed=failed, source="paged list")
            return len(entries)

    async def refresh_estate(self, estate_id: str) -> EstateEntry | None:
        """Re-read one estate Vitec says changed: cached while for sale or coming, else dropped.

        Returns the entry now cached, None when the estate left the list (sold, removed).
        Vitec's errors and timeouts propagate, and leave the cache as it was.
        """
        try:
            estate = await self._deadline(
                self._vitec.estate(self.customer_id, estate_id), timeout=ESTATE_READ_TIMEOUT
            )
        except VitecNotFoundError:
            estate = None
        async with self._refresh_lock:
            entries = dict(self._estates)
            entry = None
            if estate is not None and _offered(estate.listing()):
                entry = entries[estate_id] = self._entry(estate.listing())
            else:
                entries.pop(estate_id, None)
            self._estate_changed.pop(estate_id, None)
            if self._loaded.is_set():
                self._estates = entries
                self._index = EstateIndex(entries.values())
        return entry

    async def _listed_estates(self) -> tuple[EstateListing, ...] | None:
        """The office's estates in one call, or None when the paged list must be read instead.

        That is when Vitec does not offer the call here, fails on it, or answers a list that
        cannot stand in for the paged one: empty, or mostly without street addresses.
        """
        now = self._clock()
        if self._estate_list_refused_until is not None and now < self._estate_list_refused_until:
            return None
        try:
            listed = await self._vitec.estate_list(self.customer_id)
        except VitecNotOfferedError as exc:
            log.info(
                "the office's estate list is not offered (HTTP %s): reading estates one by one",
                exc.status_code,
            )
            self._estate_list_refused_until = now + ESTATE_LIST_RETRY
            return None
        except VitecAuthError:
            raise
        except VitecError as exc:
            # A failure of this one call is no reason to leave the picker empty: the paged
            # list may well answer. Tried again at the next refresh.
            log.warning(
                "the office's estate list failed (%s): reading estates one by one",
                type(exc).__name__,
            )
            return None
        addressed = sum(1 for e in listed if e.street_address)
        if not listed or addressed * 2 < len(listed):
            log.warning(
                "the office's estate list has %d estates, %d with an address: reading estates "
                "one by one instead",
                len(listed),
                addressed,
            )
            self._estate_list_refused_until = now + ESTATE_LIST_RETRY
            return None
        self._estate_list_refused_until = None
        return listed

    def _finish_refresh(
        self, entries: dict[str, EstateEntry], *, fetched: int, failed: int, source: str
    ) -> None:
        self.load_estates(list(entries.values()))
        self._cache = EstateCacheStatus(
            loaded=len(entries), failed=failed, refreshed_at=self._clock()
        )
        if failed:
            log.warning(
                "estate list refreshed from the %s: %d estates, %d fetched, %d could not be read",
                source,
                len(entries),
                fetched,
                failed,
            )
        else:
            log.info(
                "estate list refreshed from the %s: %d estates, %d fetched",
                source,
                len(entries),
                fetched,
            )

    async def _fetch_estate(self, estate_id: str) -> Estate | _Unreadable | None:
        """One estate, None when Vitec no longer has it, or a marker when it cannot be read."""
        async with self._fetch_limit:
            try:
                return await self._vitec.estate(self.customer_id, estate_id)
            except VitecNotFoundError:
                return None
            except Exception as exc:  # noqa: BLE001 - one estate must never fail the list
                log.warning("an estate could not be read: %s", type(exc).__name__)
                return _Unreadable()

    def _entry(self, estate: EstateListing) -> EstateEntry:
        return EstateEntry.build(
            estate_id=estate.id,
            customer_id=self.customer_id,
            street_address=estate.street_address,
            area=estate.area,
            postal_town=estate.postal_town,
            reference_id=estate.reference_id,
            status=estate.status_name,
        )

    def cache_status(self) -> dict[str, Any]:
        """The estate cache for ``/healthz``: size, estates that failed, seconds since refresh."""
        cache = self._cache
        age = None
        if cache.refreshed_at is not None:
            age = max(0, round((self._clock() - cache.refreshed_at).total_seconds()))
        return {"loaded": cache.loaded, "failed": cache.failed, "age_s": age}

    async def refresh_forever(
        self, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    ) -> None:
        """Keep the estate list fresh; any failure is logged and retried, the loop never dies.

        Until the list has loaded once, a failed refresh is retried within a minute rather than
        at the next interval, so a bot started during a Vitec outage recovers soon after it.
        Processes sharing a database look for a newer shared list every half minute instead
        (every second while they have none), and one of them tries Vitec at most that often.
        """
        while True:
            try:
                await self.refresh_when_due()
            except asyncio.CancelledError:
                raise
            except VitecError as exc:
                self.estate_refresh_failed(exc)
            except Exception as exc:  # noqa: BLE001 - the loop must outlive any failure
                log.warning("estate list refresh failed: %s", type(exc).__name__)
            wait = self.refresh_interval
            if self._coordination is not None:
                wait = min(wait, SHARED_POLL if self.estates_loaded else SHARED_COLD_POLL)
            elif not self.estates_loaded:
                wait = min(wait, COLD_RETRY)
            await sleep(wait.total_seconds())

    async def refresh_when_due(self) -> None:
        """Refresh the estate list from Vitec; when processes share the database, only one
        of them does, once per interval, and the others load the list it shared.

        Between processes, Vitec is tried at most once per ``COLD_RETRY`` while it fails.
        """
        coordination = self._coordination
        if coordination is None:
            await self.refresh_estates()
            return
        await self._load_shared(coordination)
        if not self._refresh_due():
            return
        async with coordination.turn(ESTATE_REFRESH_JOB, every=COLD_RETRY) as mine:
            if not mine:
                return
            # Another process may have shared a list between the look above and the turn.
            await self._load_shared(coordination)
            if not self._refresh_due():
                return
            await self.refresh_estates()
            await coordination.share_estates(
                self.customer_id,
                refreshed_at=self._cache.refreshed_at or self._clock(),
                failed=self._cache.failed,
                payload={
                    "entries": [dataclasses.asdict(e) for e in self._estates.values()],
                    "changed": {
                        k: v.isoformat() if v else None for k, v in self._estate_changed.items()
                    },
                },
            )

    def _refresh_due(self) -> bool:
        refreshed_at = self._cache.refreshed_at
        return refreshed_at is None or self._clock() - refreshed_at >= self.refresh_interval

    async def _load_shared(self, coordination: Coordination) -> None:
        shared = await coordination.shared_estates(
            self.customer_id, newer_than=self._cache.refreshed_at
        )
        if shared is None:
            return
        entries, changed = _shared_entries(shared)
        self.load_estates(entries)
        self._estate_changed = changed
        self._cache = EstateCacheStatus(
            loaded=len(entries), failed=shared.failed, refreshed_at=shared.refreshed_at
        )
        log.info("estate list loaded from the shared cache: %d estates", len(entries))

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
        return self._entry(estate.listing())

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
            self._slots_shown.put(f"{estate_id}/{slot.key}", slot)
        return slots

    async def booked_time(
        self, estate_id: str, viewing_id: str, contact_id: str, *, timeout: float | None = None
    ) -> datetime | None:
        """When the contact's time slot on the viewing starts, read fresh from Vitec.

        The slot the contact is a participant of; a viewing's only slot when Vitec leaves the
        participants out; None when neither tells.
        """
        viewings = await self._deadline(
            self._vitec.viewings(self.customer_id, estate_id), timeout=timeout
        )
        viewing = next((v for v in viewings if v.id.lower() == viewing_id.lower()), None)
        if viewing is None or not viewing.time_slots:
            return None
        for slot in viewing.time_slots:
            if any(
                (p.contact_id or "").upper() == contact_id.upper() for p in slot.participants or ()
            ):
                return slot.starts_at
        return viewing.time_slots[0].starts_at if len(viewing.time_slots) == 1 else None

    def known_slot(self, estate_id: str, viewing_id: str, time_slot_id: str) -> SlotChoice | None:
        """A slot of the estate recently shown in a form, so a submission needs no Vitec read."""
        return self._slots_shown.get(f"{estate_id}/{viewing_id}/{time_slot_id}")

    async def slot_of_estate(
        self, estate_id: str, viewing_id: str, time_slot_id: str, *, timeout: float | None = None
    ) -> SlotChoice | None:
        """The estate's upcoming slot with these ids; None when the estate has no such slot.

        From the slots recently shown, else read from Vitec (its errors and timeouts propagate).
        """
        known = self.known_slot(estate_id, viewing_id, time_slot_id)
        if known is not None:
            return known
        slots = await self.slots(estate_id, timeout=timeout)
        wanted = (viewing_id.lower(), time_slot_id.lower())
        return next(
            (s for s in slots if (s.viewing_id.lower(), s.time_slot_id.lower()) == wanted), None
        )

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
        for contact in found:
            self._contacts_shown.put(contact.id.upper(), contact)
        return ContactSearch("found", found)

    async def contact(
        self, contact_id: str, *, timeout: float | None = None
    ) -> ContactChoice | None:
        """The office's contact with this id as Vitec has it; None when Vitec knows no such one.

        From the contacts recently shown in a picker, else read from Vitec (its errors and
        timeouts propagate).
        """
        known = self._contacts_shown.get(contact_id.upper())
        if known is not None:
            return known
        found = await self._deadline(self._hydrate([contact_id]), timeout=timeout)
        match = next((c for c in found if c.id.upper() == contact_id.upper()), None)
        if match is not None:
            self._contacts_shown.put(match.id.upper(), match)
        return match

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
                return self._by_phone(phone_forms(text))
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

    async def _by_phone(self, forms: Sequence[str]) -> tuple[ContactChoice, ...]:
        # How Vitec normalises numbers is undocumented: the next way of writing the number is
        # asked only when the one before found nobody.
        for number in forms:
            ids = await self._vitec.contacts_by_phone(self.customer_id, number)
            if ids:
                return await self._hydrate(list(ids)[:20])
        return ()

    async def _by_email(self, email: str) -> tuple[ContactChoice, ...]:
        contacts = await self._vitec.contacts_by_email(self.customer_id, email)
        return tuple(contact_choice(c) for c in contacts)

    async def _hydrate(self, ids: Sequence[str]) -> tuple[ContactChoice, ...]:
        if not ids:
            return ()
        try:
            contacts = await self._vitec.contacts(self.customer_id, ids)
        except VitecNotFoundError:
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

    async def lead_source_allowed(self, lead_source_id: str) -> bool:
        """Whether agents may book with this lead source (the allow-list, else Vitec's list).

        When Vitec cannot list its sources, a configured allow-list still answers; without one,
        the source is left to Vitec, which refuses a source it does not have.
        """
        try:
            return any(s.id.lower() == lead_source_id.lower() for s in await self.lead_sources())
        except (VitecError, TimeoutError) as exc:
            log.warning("lead sources could not be read to check a choice: %s", type(exc).__name__)
        allowed = self._allowed_lead_sources
        return allowed is None or lead_source_id in allowed

    async def _deadline(self, call: Awaitable[T], *, timeout: float | None = None) -> T:
        async with asyncio.timeout(timeout or self._timeout):
            return await call


def _shared_entries(
    shared: SharedEstates,
) -> tuple[list[EstateEntry], dict[str, datetime | None]]:
    """The estates and their change times another process shared; what does not fit is left
    out (a row of an older version, say), to be read from Vitec at the next refresh."""
    fields = {f.name for f in dataclasses.fields(EstateEntry)}
    entries: list[EstateEntry] = []
    for row in shared.payload.get("entries") or ():
        if isinstance(row, dict) and row.keys() == fields:
            entries.append(EstateEntry(**row))
    changed: dict[str, datetime | None] = {}
    kept = {e.id for e in entries}
    for estate_id, moment in (shared.payload.get("changed") or {}).items():
        if estate_id not in kept:
            continue
        try:
            changed[estate_id] = datetime.fromisoformat(moment) if moment else None
        except (TypeError, ValueError):
            continue
    return entries, changed


def contact_query_kind(query: str) -> Literal["id", "email", "personnummer", "phone", "name"]:
    """How a picker query looks contacts up, in the order ``search_contacts`` tries them."""
    text = " ".join(query.split())[:MAX_QUERY]
    compact = re.sub(r"[\s()-]", "", text)
    if ADR_ID.fullmatch(text):
        return "id"
    if EMAIL.fullmatch(text):
        return "email"
    if PERSONNUMMER.fullmatch(compact):
        return "personnummer"
    if PHONE.fullmatch(text):
        return "phone"
    return "name"

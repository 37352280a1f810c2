"""Swedish sample data: deterministic from (seed, day), the well-known records first."""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from devtools.simulator import known
from devtools.simulator.records import (
    Agent,
    ContactRecord,
    EstateKind,
    EstateRecord,
    EstateStatus,
    LeadSourceRecord,
    Office,
    Registration,
    Slot,
    ViewingRecord,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

OFFICES: tuple[Office, ...] = (
    Office(known.SODERMALM, "Mäklarhuset Södermalm", "Stockholm"),
    Office(known.GOTEBORG, "Mäklarhuset Göteborg", "Göteborg"),
    Office(known.CLOSED_OFFICE, "Mäklarhuset Uppsala", "Uppsala"),
)


@dataclass(frozen=True)
class _Street:
    name: str
    zip_prefix: str
    area: str


_STREETS: dict[str, tuple[_Street, ...]] = {
    known.SODERMALM: (
        _Street("Götgatan", "118 2", "Södermalm"),
        _Street("Hornsgatan", "118 4", "Södermalm"),
        _Street("Folkungagatan", "116 3", "Södermalm"),
        _Street("Swedenborgsgatan", "118 2", "Södermalm"),
        _Street("Ringvägen", "118 6", "Södermalm"),
        _Street("Skånegatan", "116 3", "Södermalm"),
        _Street("Bondegatan", "116 2", "Södermalm"),
        _Street("Åsögatan", "116 2", "Södermalm"),
        _Street("Katarina Bangata", "116 3", "Södermalm"),
        _Street("Tjärhovsgatan", "116 2", "Södermalm"),
        _Street("Odengatan", "113 2", "Vasastan"),
        _Street("Sankt Eriksgatan", "113 4", "Vasastan"),
        _Street("Upplandsgatan", "113 2", "Vasastan"),
        _Street("Dalagatan", "113 2", "Vasastan"),
        _Street("Vanadisvägen", "113 2", "Vasastan"),
        _Street("Fleminggatan", "112 3", "Kungsholmen"),
        _Street("Hantverkargatan", "112 2", "Kungsholmen"),
        _Street("Scheelegatan", "112 2", "Kungsholmen"),
        _Street("Karlavägen", "114 5", "Östermalm"),
        _Street("Sibyllegatan", "114 4", "Östermalm"),
    ),
    known.GOTEBORG: (
        _Street("Linnégatan", "413 0", "Linné"),
        _Street("Prinsgatan", "413 0", "Linné"),
        _Street("Övre Husargatan", "413 1", "Linné"),
        _Street("Karl Johansgatan", "414 5", "Majorna"),
        _Street("Allmänna vägen", "414 6", "Majorna"),
        _Street("Mariaplan", "414 7", "Majorna"),
        _Street("Vasagatan", "411 2", "Vasastaden"),
        _Street("Aschebergsgatan", "411 3", "Vasastaden"),
        _Street("Eklandagatan", "412 5", "Johanneberg"),
        _Street("Haga Nygata", "413 0", "Haga"),
        _Street("Danska vägen", "412 6", "Lunden"),
        _Street("Kungsladugårdsgatan", "414 7", "Majorna"),
    ),
    known.CLOSED_OFFICE: (
        _Street("Svartbäcksgatan", "753 2", "Svartbäcken"),
        _Street("Luthagsesplanaden", "752 2", "Luthagen"),
        _Street("Sysslomansgatan", "753 1", "Centrum"),
        _Street("Dragarbrunnsgatan", "753 2", "Centrum"),
        _Street("Väderkvarnsgatan", "753 2", "Fålhagen"),
    ),
}

_AGENTS: dict[str, tuple[tuple[str, str], ...]] = {
    known.SODERMALM: (
        (known.AGENT_ID, "Karin Åkesson"),
        ("HAN11385_1390001002", "Johan Söderberg"),
        ("HAN11385_1390001003", "Linnéa Hägglund"),
        ("HAN11385_1390001004", "Mikael Forsström"),
    ),
    known.GOTEBORG: (
        ("HAN11412_1390002001", "Ylva Strömberg"),
        ("HAN11412_1390002002", "Göran Nyström"),
        ("HAN11412_1390002003", "Sara Bäckström"),
    ),
    known.CLOSED_OFFICE: (("HAN11499_1390009001", "Per Ekström"),),
}

# (name, leadType, has a workflow) — Vitec's JSON never shows the last column.
_LEAD_SOURCES: tuple[tuple[str, str, bool], ...] = (
    ("Hemnet", "AcceptObjectFlow", False),
    ("Booli", "AcceptObjectFlow", False),
    ("Egen hemsida", "AcceptObjectFlow", False),
    ("Intresseanmälan via app", "AcceptObjectFlow", True),
    ("Rekommendation", "ContactContactFlow", False),
    ("Samtal till kontoret", "ContactContactFlow", False),
    ("Värderingsförfrågan", "ContactContactFlow", True),
    ("Visning på plats", "ProspectiveLogFlow", False),
    ("Annons i lokaltidning", "ProspectiveLogFlow", False),
    ("Spekulantregister", "ProspectiveLogFlow", True),
)

_FIRST_NAMES = (
    "Åsa", "Jöns", "Björn", "Märta", "Göran", "Örjan", "Sören", "Håkan", "Åke", "Gösta",
    "Linnéa", "Agnes", "Maja", "Elsa", "Erik", "Lars", "Anna", "Karin", "Johan", "Sara",
    "Ingrid", "Mikael", "Emma", "Oskar", "Sofia", "Per", "Eva", "Nils", "Kristina", "Peter",
    "Ulla", "Hugo", "Alice", "Astrid", "Stina", "Ebba", "Måns", "Ylva", "Tove", "Jörgen",
)  # fmt: skip
_LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Pettersson", "Jönsson", "Lindström", "Öberg",
    "Åberg", "Söderberg", "Lundqvist", "Bergström", "Sjöberg", "Hägglund", "Åkesson",
    "Forsström", "Nyström", "Ekström", "Håkansson", "Lindqvist", "Björk", "Strömberg",
)  # fmt: skip
_MAIL_DOMAINS = ("example.com", "example.net", "example.org")
_CELL_PREFIXES = ("070", "072", "073", "076", "079")
_AREA_CODES = {known.SODERMALM: "08", known.GOTEBORG: "031", known.CLOSED_OFFICE: "018"}
_REFERENCE_PREFIXES = {known.SODERMALM: "2468", known.GOTEBORG: "3570", known.CLOSED_OFFICE: "4681"}
_COMMENTARIES = (
    None,
    None,
    "Välkommen på visning!",
    "Skoskydd finns på plats.",
    "Samling i entrén, ta gärna med legitimation.",
    "Visningen sker i trapphuset, följ skyltarna.",
)

_ASCII = str.maketrans("åäöéüÅÄÖÉÜ", "aaoeuAAOEU")

# An estate without "lgh" in its address is not a flat; its kind follows the objektnummer's last
# digit, so the kinds vary without drawing from the random stream the rest of the data uses.
_KINDS_BY_DIGIT = (
    (EstateKind.HOUSE,) * 5
    + (EstateKind.COTTAGE,) * 2
    + (EstateKind.CONDOMINIUM, EstateKind.PLOT, EstateKind.FARM)
)


def _kind(address: str, reference: str) -> EstateKind:
    if " lgh " in address:
        return EstateKind.HOUSING_COOPERATIVE
    return _KINDS_BY_DIGIT[int(reference[-1])]


class SampleData:
    """Every office's estates, viewings, contacts, lead sources and initial bookings."""

    def __init__(
        self,
        offices: Iterable[Office],
        agents: Iterable[Agent],
        estates: Iterable[EstateRecord],
        contacts: Iterable[ContactRecord],
        lead_sources: Iterable[LeadSourceRecord],
        registrations: Iterable[Registration],
    ) -> None:
        self.offices = tuple(offices)
        self.agents = tuple(agents)
        self.estates = tuple(estates)
        self.contacts = tuple(contacts)
        self.lead_sources = tuple(lead_sources)
        self.registrations = tuple(registrations)
        self._office = {o.customer_id: o for o in self.offices}
        self._agent = {a.id.upper(): a for a in self.agents}
        self._estate = {(e.customer_id, e.id.upper()): e for e in self.estates}
        self._viewing = {(v.customer_id, v.id.upper()): v for e in self.estates for v in e.viewings}
        self._contact = {(c.customer_id, c.id.upper()): c for c in self.contacts}
        self._lead_source = {(s.customer_id, s.id.upper()): s for s in self.lead_sources}

    def office(self, customer_id: str) -> Office | None:
        """The office with this customerId (case-insensitive)."""
        return self._office.get(customer_id.upper())

    def agent(self, agent_id: str) -> Agent | None:
        """The agent with this id."""
        return self._agent.get(agent_id.upper())

    def estate(self, customer_id: str, estate_id: str) -> EstateRecord | None:
        """The office's estate with this id."""
        return self._estate.get((customer_id.upper(), estate_id.upper()))

    def viewing(self, customer_id: str, viewing_id: str) -> ViewingRecord | None:
        """The office's viewing with this id."""
        return self._viewing.get((customer_id.upper(), viewing_id.upper()))

    def contact(self, customer_id: str, contact_id: str) -> ContactRecord | None:
        """The office's contact with this id."""
        return self._contact.get((customer_id.upper(), contact_id.upper()))

    def lead_source(self, customer_id: str, lead_source_id: str) -> LeadSourceRecord | None:
        """The office's lead source with this id."""
        return self._lead_source.get((customer_id.upper(), lead_source_id.upper()))

    def estates_of(self, customer_id: str) -> tuple[EstateRecord, ...]:
        """The office's estates in list order."""
        return tuple(e for e in self.estates if e.customer_id == customer_id)

    def contacts_of(self, customer_id: str) -> tuple[ContactRecord, ...]:
        """The office's contacts."""
        return tuple(c for c in self.contacts if c.customer_id == customer_id)

    def lead_sources_of(self, customer_id: str) -> tuple[LeadSourceRecord, ...]:
        """The office's active lead sources."""
        return tuple(s for s in self.lead_sources if s.customer_id == customer_id)


def generate(
    seed: int, day: date, *, estate_count: int = 40, contact_count: int = 200
) -> SampleData:
    """Build the sample data for every office; the same (seed, day) always gives the same data."""
    agents: list[Agent] = []
    estates: list[EstateRecord] = []
    contacts: list[ContactRecord] = []
    lead_sources: list[LeadSourceRecord] = []
    registrations: list[Registration] = []
    for office in OFFICES:
        # A string seed is hashed with SHA-512 by random.seed, so it is stable across runs.
        rng = random.Random(f"{seed}:{day.isoformat()}:{office.customer_id}")  # noqa: S311
        builder = _OfficeBuilder(office, rng, day)
        agents.extend(builder.agents())
        lead_sources.extend(builder.lead_sources())
        office_contacts = builder.contacts(contact_count)
        contacts.extend(office_contacts)
        office_estates = builder.estates(estate_count)
        estates.extend(office_estates)
        registrations.extend(builder.registrations(office_estates, office_contacts))
    return SampleData(OFFICES, agents, estates, contacts, lead_sources, registrations)


@functools.lru_cache(maxsize=8)
def shared(seed: int, day: date, estate_count: int, contact_count: int) -> SampleData:
    """``generate``, built once per arguments: the data is immutable, so simulators share it."""
    return generate(seed, day, estate_count=estate_count, contact_count=contact_count)


class _OfficeBuilder:
    """Builds one office's records from one random stream, well-known records first."""

    def __init__(self, office: Office, rng: random.Random, day: date) -> None:
        self.office = office
        self.rng = rng
        self.day = day
        self.cid = office.customer_id
        self._ids: set[str] = set()
        self._addresses: set[str] = set()
        self._phones: set[str] = set()
        self._emails: set[str] = set()
        # Participants each slot starts with, keyed by (viewing id, slot id).
        self._fills: dict[tuple[str, str], int] = {}

    # --- helpers ---------------------------------------------------------------------------------

    def _at(self, offset_days: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(self.day + timedelta(days=offset_days), time(hour, minute))

    def _changed_at(self, max_days: int) -> datetime:
        # Vitec's timestamps carry anything from no fraction to several digits; clients must
        # parse them all, so the sample data varies them.
        moment = self._at(-self.rng.randint(1, max_days), self.rng.randint(7, 19))
        moment += timedelta(minutes=self.rng.randint(0, 59), seconds=self.rng.randint(0, 59))
        return moment + timedelta(microseconds=self.rng.choice((0, 10_000, 653_333, 123_456)))

    def _new_id(self, prefix: str) -> str:
        while True:
            if prefix == "ADR":
                candidate = f"ADR{self.rng.getrandbits(128):032X}"
            elif prefix == "TID":
                candidate = f"TID{self.rng.getrandbits(48):012X}"
            else:
                number = self.rng.randint(10000, 99999)
                candidate = f"{prefix}{number}_{self.rng.randint(1390000000, 1420000000)}"
            if candidate not in self._ids:
                self._ids.add(candidate)
                return candidate

    def _cell(self) -> str:
        while True:
            prefix = self.rng.choice(_CELL_PREFIXES)
            digits = f"{self.rng.randint(0, 9999999):07d}"
            number = f"{prefix}-{digits[:3]} {digits[3:5]} {digits[5:]}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def _landline(self) -> str:
        digits = f"{self.rng.randint(1000000, 9999999):07d}"
        return f"{_AREA_CODES[self.cid]}-{digits[:3]} {digits[3:5]} {digits[5:]}"

    def _email(self, first: str, last: str) -> str:
        base = f"{first}.{last}".lower().translate(_ASCII).replace(" ", "")
        domain = self.rng.choice(_MAIL_DOMAINS)
        candidate = f"{base}@{domain}"
        n = 2
        while candidate in self._emails:
            candidate = f"{base}{n}@{domain}"
            n += 1
        self._emails.add(candidate)
        return candidate

    def _street(self) -> tuple[str, _Street]:
        streets = _STREETS[self.cid]
        while True:
            street = self.rng.choice(streets)
            address = f"{street.name} {self.rng.randint(1, 140)}"
            if self.rng.random() < 0.6:
                address += f" lgh {self.rng.randint(10, 16)}{self.rng.randint(1, 4):02d}"
            if address not in self._addresses:
                self._addresses.add(address)
                return address, street

    def _zip(self, street: _Street) -> str:
        return f"{street.zip_prefix}{self.rng.randint(0, 9)}"

    # --- agents and lead sources -----------------------------------------------------------------

    def agents(self) -> list[Agent]:
        """The office's agents (fixed, not seeded)."""
        result = []
        for agent_id, name in _AGENTS[self.cid]:
            first, last = name.split(" ", 1)
            email = f"{first}.{last}".lower().translate(_ASCII) + "@maklarhuset.example"
            result.append(Agent(agent_id, self.cid, name, email))
        return result

    def lead_sources(self) -> list[LeadSourceRecord]:
        """The office's lead sources (fixed, not seeded)."""
        letters = {"AcceptObjectFlow": "A", "ContactContactFlow": "C", "ProspectiveLogFlow": "P"}
        counters: dict[str, int] = {}
        result = []
        for name, lead_type, workflow in _LEAD_SOURCES:
            counters[lead_type] = counters.get(lead_type, 0) + 1
            lead_id = f"LK{self.cid[1:]}{letters[lead_type]}{counters[lead_type]:02d}"
            result.append(LeadSourceRecord(lead_id, self.cid, name, lead_type, workflow))
        return result

    # --- contacts --------------------------------------------------------------------------------

    def _known_contacts(self) -> list[ContactRecord]:
        if self.cid == known.SODERMALM:
            plan: list[tuple[str, str, str, str | None, str | None]] = [
                (known.ASA_OBERG, "Åsa", "Öberg", known.ASA_PHONE, known.ASA_EMAIL),
                (known.JONS_ARLIG, "Jöns", "Ärlig", "073-555 12 34", "jons.arlig@example.net"),
                (known.BJORN_LINDSTROM, "Björn", "Lindström", "076-210 98 76", None),
                (
                    known.ERIK_JOHANSSON_1,
                    "Erik",
                    "Johansson",
                    "070-444 11 22",
                    "erik.j@example.com",
                ),
                (
                    known.ERIK_JOHANSSON_2,
                    "Erik",
                    "Johansson",
                    "072-888 33 44",
                    "erik.johansson@example.org",
                ),
                (known.MARTA_SODERBERG, "Märta", "Söderberg", None, "marta.s@example.com"),
            ]
        elif self.cid == known.GOTEBORG:
            plan = [(known.GBG_CONTACT_ID, "Märta", "Sjögren", "070-765 43 21", None)]
        else:
            plan = []
        result = []
        for contact_id, first, last, cell, email in plan:
            self._ids.add(contact_id)
            if cell:
                self._phones.add(cell)
            if email:
                self._emails.add(email)
            address, street = self._street()
            result.append(
                ContactRecord(
                    id=contact_id,
                    customer_id=self.cid,
                    first_name=first,
                    last_name=last,
                    changed_at=self._changed_at(400),
                    cell=cell,
                    email=email,
                    street_address=address,
                    zip_code=self._zip(street),
                    postal_address=self.office.city,
                )
            )
        return result

    def contacts(self, count: int) -> list[ContactRecord]:
        """The well-known contacts, then random ones up to ``count``."""
        result = self._known_contacts()
        reserved = {c.full_name for c in result}
        while len(result) < count:
            first = self.rng.choice(_FIRST_NAMES)
            last = self.rng.choice(_LAST_NAMES)
            if f"{first} {last}" in reserved:
                continue
            address, street = self._street()
            result.append(
                ContactRecord(
                    id=self._new_id("ADR"),
                    customer_id=self.cid,
                    first_name=first,
                    last_name=last,
                    changed_at=self._changed_at(400),
                    cell=self._cell() if self.rng.random() < 0.9 else None,
                    home=self._landline() if self.rng.random() < 0.15 else None,
                    work=self._landline() if self.rng.random() < 0.05 else None,
                    email=self._email(first, last) if self.rng.random() < 0.9 else None,
                    email2=self._email(last, first) if self.rng.random() < 0.1 else None,
                    street_address=address,
                    zip_code=self._zip(street),
                    postal_address=self.office.city,
                )
            )
        return result

    # --- estates and viewings --------------------------------------------------------------------

    def _viewing(
        self,
        estate_id: str,
        viewing_id: str,
        slots: list[tuple[str, datetime, datetime, int]],
        *,
        capacity: int | None,
        deadline: datetime | None,
        commentary: str | None = None,
        show_on_internet: bool = True,
        bookable_from_internet: bool = True,
    ) -> ViewingRecord:
        self._ids.add(viewing_id)
        for slot_id, _, _, fill in slots:
            self._ids.add(slot_id)
            self._fills[(viewing_id, slot_id)] = fill
        return ViewingRecord(
            id=viewing_id,
            estate_id=estate_id,
            customer_id=self.cid,
            slots=tuple(Slot(slot_id, start, end) for slot_id, start, end, _ in slots),
            capacity=capacity,
            deadline=deadline,
            bookable_from_internet=bookable_from_internet,
            show_on_internet=show_on_internet,
            commentary=commentary,
        )

    def _estate(
        self,
        estate_id: str,
        reference: str,
        status: EstateStatus,
        address: str,
        zip_code: str,
        town: str,
        area: str,
        viewings: tuple[ViewingRecord, ...] = (),
        kind: EstateKind | None = None,
    ) -> EstateRecord:
        self._ids.add(estate_id)
        self._ids.add(reference)
        self._addresses.add(address)
        agent_ids = [agent_id for agent_id, _ in _AGENTS[self.cid]]
        primary = agent_ids.pop(self.rng.randrange(len(agent_ids)))
        if estate_id == known.ESTATE_ID:
            agent_ids = [a for a in [primary, *agent_ids] if a != known.AGENT_ID]
            primary = known.AGENT_ID
        helpers = agent_ids[: self.rng.randint(0, min(1, len(agent_ids)))]
        return EstateRecord(
            id=estate_id,
            customer_id=self.cid,
            reference_id=reference,
            status=status,
            street_address=address,
            zip_code=zip_code,
            postal_town=town,
            area=area,
            agent_ids=(primary, *helpers),
            changed_at=self._changed_at(30),
            viewings=viewings,
            kind=kind or _kind(address, reference),
        )

    def _known_estates(self) -> list[EstateRecord]:
        at = self._at
        if self.cid == known.GOTEBORG:
            return [
                self._estate(
                    known.GBG_ESTATE_ID, "3570-2101", EstateStatus.FOR_SALE,
                    "Linnégatan 21 lgh 1101", "413 04", "Göteborg", "Linné",
                    (
                        self._viewing(
                            known.GBG_ESTATE_ID, known.GBG_VIEWING_ID,
                            [(known.GBG_SLOT_ID, at(3, 17), at(3, 17, 45), 1)],
                            capacity=8, deadline=at(3, 12),
                        ),
                    ),
                )
            ]  # fmt: skip
        if self.cid != known.SODERMALM:
            return []
        multi = known.MULTI_SLOT_IDS
        return [
            self._estate(
                known.ESTATE_ID, known.ESTATE_REFERENCE, EstateStatus.FOR_SALE,
                known.ESTATE_STREET, "118 46", "Stockholm", "Södermalm",
                (
                    self._viewing(
                        known.ESTATE_ID, known.PAST_VIEWING_ID,
                        [(known.PAST_SLOT_ID, at(-4, 17, 30), at(-4, 18, 15), 5)],
                        capacity=known.SLOT_CAPACITY, deadline=at(-4, 12),
                        commentary="Välkommen på visning!",
                    ),
                    self._viewing(
                        known.ESTATE_ID, known.VIEWING_ID,
                        [(known.SLOT_ID, at(3, 17, 30), at(3, 18, 15), known.SLOT_BOOKED)],
                        capacity=known.SLOT_CAPACITY, deadline=at(3, 12),
                        commentary="Välkommen på visning! Skoskydd finns på plats.",
                    ),
                ),
                kind=EstateKind.HOUSING_COOPERATIVE,
            ),
            self._estate(
                known.FULL_ESTATE_ID, "2468-1187", EstateStatus.FOR_SALE,
                "Hornsgatan 102 lgh 1203", "118 21", "Stockholm", "Södermalm",
                (
                    self._viewing(
                        known.FULL_ESTATE_ID, known.FULL_VIEWING_ID,
                        [(known.FULL_SLOT_ID, at(2, 18), at(2, 18, 45), 4)],
                        capacity=4, deadline=at(2, 12),
                    ),
                ),
            ),
            self._estate(
                known.LATE_ESTATE_ID, "2468-1192", EstateStatus.FOR_SALE,
                "Folkungagatan 57 lgh 1102", "116 22", "Stockholm", "Södermalm",
                (
                    self._viewing(
                        known.LATE_ESTATE_ID, known.LATE_VIEWING_ID,
                        [(known.LATE_SLOT_ID, at(1, 17), at(1, 17, 45), 3)],
                        capacity=10, deadline=at(-1, 18),
                    ),
                ),
            ),
            self._estate(
                known.MULTI_ESTATE_ID, "2468-1203", EstateStatus.COMING,
                "Swedenborgsgatan 8", "118 48", "Stockholm", "Södermalm",
                (
                    self._viewing(
                        known.MULTI_ESTATE_ID, known.MULTI_VIEWING_ID,
                        [
                            (multi[0], at(4, 11), at(4, 11, 20), 1),
                            (multi[1], at(4, 11, 20), at(4, 11, 40), 3),
                            (multi[2], at(4, 11, 40), at(4, 12), 0),
                        ],
                        capacity=3, deadline=at(3, 20),
                        commentary="Visning i tre omgångar, välj en tid.",
                    ),
                ),
                kind=EstateKind.HOUSING_COOPERATIVE,
            ),
            self._estate(
                known.EMPTY_ESTATE_ID, "2468-1211", EstateStatus.FOR_SALE,
                "Ringvägen 131", "118 60", "Stockholm", "Södermalm",
                kind=EstateKind.HOUSING_COOPERATIVE,
            ),
            self._estate(
                known.LEGACY_ESTATE_ID, "2468-0977", EstateStatus.FOR_SALE,
                "Palmfeltsvägen 23", "121 62", "Johanneshov", "Enskede",
                (
                    self._viewing(
                        known.LEGACY_ESTATE_ID, known.LEGACY_VIEWING_ID,
                        [(known.LEGACY_SLOT_ID, at(7, 13), at(7, 14), 6)],
                        capacity=None, deadline=None,
                    ),
                ),
                kind=EstateKind.HOUSE,
            ),
            self._estate(
                known.SOLD_ESTATE_ID, "2468-1099", EstateStatus.SOLD,
                "Åsögatan 140 lgh 1001", "116 24", "Stockholm", "Södermalm",
                (
                    self._viewing(
                        known.SOLD_ESTATE_ID, known.SOLD_VIEWING_ID,
                        [(known.SOLD_SLOT_ID, at(-20, 17), at(-20, 18), 7)],
                        capacity=12, deadline=at(-20, 12),
                    ),
                ),
            ),
        ]  # fmt: skip

    def _random_status(self) -> EstateStatus:
        roll = self.rng.random()
        if roll < 0.55:
            return EstateStatus.FOR_SALE
        if roll < 0.80:
            return EstateStatus.COMING
        if roll < 0.88:
            return EstateStatus.SOON_FOR_SALE
        if roll < 0.94:
            return EstateStatus.ADVANTAGE
        return EstateStatus.SOLD

    def _random_viewing(self, estate_id: str, offset_days: int, *, late: bool) -> ViewingRecord:
        day = self.day + timedelta(days=offset_days)
        weekend = day.weekday() >= 5
        hour = self.rng.randint(11, 14) if weekend else self.rng.choice((17, 17, 18))
        start = self._at(offset_days, hour, self.rng.choice((0, 15, 30)))
        capacity = None if self.rng.random() < 0.35 else self.rng.choice((4, 5, 6, 8, 10, 12, 15))
        full = capacity is not None and self.rng.random() < 0.12
        slot_count = self.rng.choice((2, 3, 4)) if self.rng.random() < 0.15 else 1
        length = (
            timedelta(minutes=20)
            if slot_count > 1
            else timedelta(minutes=self.rng.choice((30, 45, 60)))
        )
        slots = []
        for n in range(slot_count):
            slot_start = start + n * length
            if full and (slot_count == 1 or self.rng.random() < 0.5):
                fill = capacity or 0
            else:
                fill = self.rng.randint(0, (capacity - 1) if capacity else 8)
            slots.append((self._new_id("TID"), slot_start, slot_start + length, fill))
        if late:
            deadline: datetime | None = self._at(-1, self.rng.randint(8, 20))
        elif self.rng.random() < 0.2:
            deadline = None
        else:
            deadline = start - timedelta(hours=self.rng.choice((2, 4, 24)))
        return self._viewing(
            estate_id,
            self._new_id("VIS"),
            slots,
            capacity=capacity,
            deadline=deadline,
            commentary=self.rng.choice(_COMMENTARIES),
            show_on_internet=self.rng.random() >= 0.05,
            bookable_from_internet=self.rng.random() < 0.85,
        )

    def _random_viewings(self, estate_id: str, status: EstateStatus) -> tuple[ViewingRecord, ...]:
        if status is EstateStatus.SOLD:
            past, upcoming = 1, 0
        elif status is EstateStatus.FOR_SALE:
            past = 1 if self.rng.random() < 0.4 else 0
            upcoming = self.rng.choices((0, 1, 2, 3), weights=(10, 50, 30, 10))[0]
        else:
            past, upcoming = 0, (1 if self.rng.random() < 0.5 else 0)
        offsets = sorted(
            [-self.rng.randint(1, 30) for _ in range(past)]
            + self.rng.sample(range(1, 22), upcoming)
        )
        return tuple(
            # Some upcoming viewings are already past their booking deadline.
            self._random_viewing(
                estate_id, offset, late=0 < offset <= 2 and self.rng.random() < 0.3
            )
            for offset in offsets
        )

    def _wrong_property_estates(self) -> list[EstateRecord]:
        """Known estates whose addresses once made the picker put the wrong one first.

        Built from a random stream of their own, so the rest of the sample data is drawn exactly
        as before they were added.
        """
        if self.cid != known.SODERMALM:
            return []
        plan = (
            (known.KATARINA_26_ID, "2468-1326", "Katarina Bangata 26", "116 39"),
            (known.KATARINA_126_ID, "2468-1327", "Katarina Bangata 126 lgh 1304", "116 39"),
            (known.HORNSGATAN_12_ID, "2468-1328", "Hornsgatan 12", "118 20"),
            (known.HORNSGATAN_112_ID, "2468-1329", "Hornsgatan 112", "117 28"),
            (known.SWEDENBORGSGATAN_OTHER_IDS[0], "2468-1380", "Swedenborgsgatan 100", "118 48"),
            (known.SWEDENBORGSGATAN_OTHER_IDS[1], "2468-1381", "Swedenborgsgatan 49", "118 48"),
            (
                known.SWEDENBORGSGATAN_OTHER_IDS[2],
                "2468-1382",
                "Swedenborgsgatan 61 lgh 1101",
                "118 48",
            ),
        )
        main = self.rng
        self.rng = random.Random(f"wrong-property:{self.cid}:{self.day.isoformat()}")  # noqa: S311
        try:
            result = []
            for n, (estate_id, reference, address, zip_code) in enumerate(plan):
                viewing_id = self._new_id("VIS")
                slot = (
                    self._new_id("TID"),
                    self._at(5 + n % 3, 17),
                    self._at(5 + n % 3, 17, 45),
                    0,
                )
                viewing = self._viewing(
                    estate_id, viewing_id, [slot], capacity=10, deadline=self._at(4 + n % 3, 20)
                )
                result.append(
                    self._estate(
                        estate_id,
                        reference,
                        EstateStatus.FOR_SALE,
                        address,
                        zip_code,
                        "Stockholm",
                        "Södermalm",
                        (viewing,),
                    )
                )
            return result
        finally:
            self.rng = main

    def estates(self, count: int) -> list[EstateRecord]:
        """The well-known estates, then random ones up to ``count``."""
        result = self._known_estates()
        extra = self._wrong_property_estates()
        if len(result) + len(extra) <= count:
            result += extra
        prefix = _REFERENCE_PREFIXES[self.cid]
        # Four digits give 9,000 objektnummer per office; a larger office (a load test) gets six,
        # since drawing unique ones from too few would never end.
        low, high = (1000, 9999) if count <= 8000 else (100000, 999999)
        while len(result) < count:
            estate_id = self._new_id("OBJ")
            reference = f"{prefix}-{self.rng.randint(low, high)}"
            if reference in self._ids:
                continue
            status = self._random_status()
            address, street = self._street()
            result.append(
                self._estate(
                    estate_id,
                    reference,
                    status,
                    address,
                    self._zip(street),
                    self.office.city,
                    street.area,
                    self._random_viewings(estate_id, status),
                )
            )
        return result

    def registrations(
        self, estates: list[EstateRecord], contacts: list[ContactRecord]
    ) -> list[Registration]:
        """The bookings the office starts with; the well-known contacts are never among them."""
        known_ids = {
            known.ASA_OBERG, known.JONS_ARLIG, known.BJORN_LINDSTROM, known.ERIK_JOHANSSON_1,
            known.ERIK_JOHANSSON_2, known.MARTA_SODERBERG, known.GBG_CONTACT_ID,
        }  # fmt: skip
        pool = [c.id for c in contacts if c.id not in known_ids]
        today = datetime.combine(self.day, time())
        result = []
        for estate in estates:
            for viewing in estate.viewings:
                wanted = sum(self._fills.get((viewing.id, s.id), 0) for s in viewing.slots)
                chosen = iter(self.rng.sample(pool, min(wanted, len(pool))))
                past = viewing.ends_at < today
                for slot in viewing.slots:
                    for _ in range(self._fills.get((viewing.id, slot.id), 0)):
                        contact_id = next(chosen, None)
                        if contact_id is None:
                            break
                        participated = past and self.rng.random() < 0.7
                        contacted = self.rng.choice(("Yes", "No", "NotRelevant")) if past else "No"
                        result.append(
                            Registration(
                                self.cid, viewing.id, slot.id, contact_id, participated, contacted
                            )
                        )
        return result

"""The sample data: deterministic per (seed, day), Swedish, and holding the well-known records."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest

from devtools.simulator import known
from devtools.simulator.data import SampleData, generate
from devtools.simulator.records import EstateStatus

DAY = date(2026, 12, 1)


def _fingerprint(data: SampleData) -> tuple[object, ...]:
    return (data.estates, data.contacts, data.registrations, data.lead_sources, data.agents)


@pytest.fixture(scope="module")
def data() -> SampleData:
    return generate(7, DAY)


def test_same_seed_and_day_give_the_same_data() -> None:
    assert _fingerprint(generate(7, DAY)) == _fingerprint(generate(7, DAY))


def test_another_seed_or_day_gives_other_random_records() -> None:
    base = generate(7, DAY)
    for other in (generate(8, DAY), generate(7, DAY + timedelta(days=1))):
        assert [e.id for e in other.estates] != [e.id for e in base.estates]
        assert [c.id for c in other.contacts] != [c.id for c in base.contacts]


def test_well_known_records_are_the_same_for_every_seed() -> None:
    for seed in (1, 7, 12345):
        data = generate(seed, DAY)
        first = data.estates_of(known.SODERMALM)[0]
        assert (first.id, first.street_address, first.reference_id) == (
            known.ESTATE_ID,
            known.ESTATE_STREET,
            known.ESTATE_REFERENCE,
        )
        assert data.contact(known.SODERMALM, known.ASA_OBERG) is not None


def test_counts_per_office(data: SampleData) -> None:
    for office in (known.SODERMALM, known.GOTEBORG):
        assert len(data.estates_of(office)) == 40
        assert len(data.contacts_of(office)) == 200


def test_counts_follow_the_config() -> None:
    small = generate(7, DAY, estate_count=10, contact_count=30)
    assert len(small.estates_of(known.GOTEBORG)) == 10
    assert len(small.contacts_of(known.GOTEBORG)) == 30


def test_the_well_known_viewing_is_upcoming_with_room(data: SampleData) -> None:
    estate = data.estate(known.SODERMALM, known.ESTATE_ID)
    assert estate is not None
    assert estate.status is EstateStatus.FOR_SALE
    viewing = data.viewing(known.SODERMALM, known.VIEWING_ID)
    assert viewing is not None
    assert viewing.estate_id == known.ESTATE_ID
    assert [s.id for s in viewing.slots] == [known.SLOT_ID]
    assert viewing.starts_at == datetime.combine(DAY + timedelta(days=3), time(17, 30))
    assert viewing.capacity == known.SLOT_CAPACITY
    booked = [r for r in data.registrations if r.slot_id == known.SLOT_ID]
    assert len(booked) == known.SLOT_BOOKED < known.SLOT_CAPACITY


def test_the_special_viewings_are_what_their_names_say(data: SampleData) -> None:
    today = datetime.combine(DAY, time())

    def booked(slot_id: str) -> int:
        return sum(1 for r in data.registrations if r.slot_id == slot_id)

    full = data.viewing(known.SODERMALM, known.FULL_VIEWING_ID)
    assert full is not None
    assert full.capacity == booked(known.FULL_SLOT_ID)
    late = data.viewing(known.SODERMALM, known.LATE_VIEWING_ID)
    assert late is not None
    assert late.deadline is not None
    assert late.deadline < today < late.starts_at
    multi = data.viewing(known.SODERMALM, known.MULTI_VIEWING_ID)
    assert multi is not None
    assert [s.id for s in multi.slots] == list(known.MULTI_SLOT_IDS)
    assert [booked(s) for s in known.MULTI_SLOT_IDS] == [1, 3, 0]
    assert multi.capacity == 3
    empty = data.estate(known.SODERMALM, known.EMPTY_ESTATE_ID)
    assert empty is not None
    assert empty.viewings == ()
    legacy = data.viewing(known.SODERMALM, known.LEGACY_VIEWING_ID)
    assert legacy is not None
    assert legacy.capacity is None
    assert legacy.deadline is None
    sold = data.estate(known.SODERMALM, known.SOLD_ESTATE_ID)
    assert sold is not None
    assert sold.status is EstateStatus.SOLD
    assert all(v.ends_at < today for v in sold.viewings)
    assert data.viewing(known.GOTEBORG, known.GBG_VIEWING_ID) is not None


def test_well_known_contacts_start_unbooked(data: SampleData) -> None:
    ids = {
        known.ASA_OBERG,
        known.JONS_ARLIG,
        known.BJORN_LINDSTROM,
        known.ERIK_JOHANSSON_1,
        known.ERIK_JOHANSSON_2,
        known.MARTA_SODERBERG,
        known.GBG_CONTACT_ID,
    }
    assert not [r for r in data.registrations if r.contact_id in ids]


def test_two_contacts_share_a_full_name(data: SampleData) -> None:
    names = Counter(c.full_name for c in data.contacts_of(known.SODERMALM))
    assert names["Erik Johansson"] == 2
    erik_1 = data.contact(known.SODERMALM, known.ERIK_JOHANSSON_1)
    erik_2 = data.contact(known.SODERMALM, known.ERIK_JOHANSSON_2)
    assert erik_1 is not None
    assert erik_2 is not None
    assert erik_1.cell != erik_2.cell
    assert erik_1.email != erik_2.email


def test_ids_have_vitec_formats(data: SampleData) -> None:
    estate_ids = [e.id for e in data.estates]
    assert all(re.fullmatch(r"OBJ\d{5}_\d{10}|CMVILLA[A-Z0-9]{16}", i) for i in estate_ids)
    assert all(re.fullmatch(r"ADR[0-9A-F]{32}", c.id) for c in data.contacts)
    viewings = [v for e in data.estates for v in e.viewings]
    assert all(re.fullmatch(r"VIS\d{5}_\d{10}", v.id) for v in viewings)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{1,40}", s.id) for v in viewings for s in v.slots)
    assert all(a.id.startswith("HAN") for a in data.agents)
    every = estate_ids + [c.id for c in data.contacts] + [v.id for v in viewings]
    assert len(every) == len(set(every))


def test_data_is_swedish_and_varied(data: SampleData) -> None:
    estates = data.estates_of(known.SODERMALM)
    statuses = Counter(e.status for e in estates)
    assert statuses[EstateStatus.FOR_SALE] > statuses[EstateStatus.SOLD]
    assert statuses[EstateStatus.COMING] > 0
    assert any("lgh" in e.street_address for e in estates)
    assert {e.area for e in data.estates_of(known.GOTEBORG)} >= {"Linné", "Majorna"}
    assert all(re.fullmatch(r"\d{3} \d{2}", e.zip_code) for e in data.estates)
    assert all(re.fullmatch(r"\d{4}-\d{4}", e.reference_id) for e in data.estates)
    contacts = data.contacts_of(known.SODERMALM)
    assert any(ch in c.full_name for c in contacts for ch in "åäöÅÄÖ")
    assert all(re.fullmatch(r"07\d-\d{3} \d{2} \d{2}", c.cell) for c in contacts if c.cell)
    viewings = [v for e in estates for v in e.viewings]
    assert any(len(v.slots) > 1 for v in viewings)
    assert any(v.capacity is None for v in viewings)


def test_reference_ids_are_unique_per_office(data: SampleData) -> None:
    refs = [e.reference_id for e in data.estates_of(known.SODERMALM)]
    assert len(refs) == len(set(refs))


def test_lead_sources_cover_every_type_with_and_without_workflow(data: SampleData) -> None:
    sources = data.lead_sources_of(known.SODERMALM)
    for lead_type in ("AcceptObjectFlow", "ContactContactFlow", "ProspectiveLogFlow"):
        of_type = [s for s in sources if s.lead_type == lead_type]
        assert len(of_type) >= 3
        assert any(s.has_workflow for s in of_type)
        assert not all(s.has_workflow for s in of_type)
    source = data.lead_source(known.SODERMALM, known.LEAD_SOURCE_ID)
    workflow = data.lead_source(known.SODERMALM, known.WORKFLOW_LEAD_SOURCE_ID)
    assert source is not None
    assert not source.has_workflow
    assert workflow is not None
    assert workflow.has_workflow


def test_lookups_ignore_case(data: SampleData) -> None:
    assert data.estate(known.SODERMALM, known.ESTATE_ID.lower()) is not None
    assert data.contact(known.SODERMALM, known.ASA_OBERG.lower()) is not None
    assert data.office("m30011") is not None
    assert data.estate(known.GOTEBORG, known.ESTATE_ID) is None

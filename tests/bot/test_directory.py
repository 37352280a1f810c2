from datetime import timedelta

import pytest

from bot.cache import TtlCache
from bot.directory import Directory, phone_forms
from bot.domain import EstateEntry
from bot.estate_search import CommandMatch
from bot.vitec.client import VitecClient
from devtools.simulator import Faults, Hold, Simulator, known
from tests.conftest import FIXED_NOW


@pytest.fixture
async def directory(vitec: VitecClient) -> Directory:
    found = Directory(
        vitec, customer_id=known.SODERMALM, clock=lambda: FIXED_NOW, options_timeout=1.0
    )
    await found.refresh_estates()
    return found


async def test_estates_for_sale_or_coming_are_cached_with_their_addresses(
    directory: Directory,
) -> None:
    assert directory.estates_loaded
    estate = directory.estate(known.ESTATE_ID)
    assert estate is not None
    assert (estate.street_address, estate.reference_id) == (
        known.ESTATE_STREET,
        known.ESTATE_REFERENCE,
    )


@pytest.mark.parametrize(
    "query", ["götgatan", "GOTGATAN 14", "gotg", "2468-1134", "södermalm götg"]
)
async def test_estate_search_ignores_case_and_diacritics(directory: Directory, query: str) -> None:
    found = await directory.search_estates(query)
    assert known.ESTATE_ID in [e.id for e in found.estates]


async def test_estate_search_with_no_match_is_empty_not_an_error(directory: Directory) -> None:
    assert (await directory.search_estates("Storgatan 999 Kiruna")).estates == ()


async def test_estate_search_before_the_first_refresh_says_not_loaded(vitec: VitecClient) -> None:
    cold = Directory(
        vitec, customer_id=known.SODERMALM, clock=lambda: FIXED_NOW, options_timeout=0.01
    )
    found = await cold.search_estates("götgatan")
    assert not found.loaded


async def test_a_refresh_costs_one_call_where_the_office_list_is_offered(
    directory: Directory, simulator: Simulator
) -> None:
    before = len(simulator.state.requests)
    await directory.refresh_estates()
    new = list(simulator.state.requests)[: len(simulator.state.requests) - before]
    assert [(r.method, r.path) for r in new] == [("POST", "/Estate/GetEstateList")]


async def test_without_the_office_list_a_refresh_reads_only_estates_that_changed(
    vitec: VitecClient, simulator: Simulator
) -> None:
    simulator.state.configure(estate_list="forbidden")
    directory = Directory(
        vitec, customer_id=known.SODERMALM, clock=lambda: FIXED_NOW, options_timeout=1.0
    )
    await directory.refresh_estates()
    assert directory.estate(known.ESTATE_ID) is not None
    before = len(simulator.state.requests)
    await directory.refresh_estates()
    new = list(simulator.state.requests)[: len(simulator.state.requests) - before]
    single_estate_reads = [
        r for r in new if r.path.count("/") == 4 and r.path.startswith("/Advertising/Estate/")
    ]
    assert single_estate_reads == []
    assert any(r.path == "/Advertising/Estate/M30011" for r in new)


async def test_estate_search_puts_the_typed_address_first(directory: Directory) -> None:
    for typed, wanted in (
        ("Katarina Bangata 26", known.KATARINA_26_ID),
        ("Katarina Bangata 126", known.KATARINA_126_ID),
        ("Hornsgatan 12", known.HORNSGATAN_12_ID),
        ("Hornsgatan 112", known.HORNSGATAN_112_ID),
        ("Hornsgatan 102", known.FULL_ESTATE_ID),
        ("Swedenborgsgatan 8", known.MULTI_ESTATE_ID),
        ("Götgatan 14", known.ESTATE_ID),
        ("2468-1134", known.ESTATE_ID),
    ):
        assert (await directory.search_estates(typed)).estates[0].id == wanted


async def test_the_command_cannot_match_before_the_list_is_loaded(vitec: VitecClient) -> None:
    cold = Directory(
        vitec, customer_id=known.SODERMALM, clock=lambda: FIXED_NOW, options_timeout=0.01
    )
    assert cold.match_command("Götgatan 14") == CommandMatch("not_loaded")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Götgatan 14", known.ESTATE_ID), ("2468-1134", known.ESTATE_ID), ("", None), ("gatan", None)],
)
async def test_command_text_finds_one_estate_or_none(
    directory: Directory, text: str, expected: str | None
) -> None:
    found = directory.match_command(text).estate
    assert (found.id if found else None) == expected


async def test_slots_are_upcoming_only_with_capacity(directory: Directory) -> None:
    slots = await directory.slots(known.ESTATE_ID)
    assert [(s.viewing_id, s.time_slot_id) for s in slots] == [(known.VIEWING_ID, known.SLOT_ID)]
    assert slots[0].places_left == known.SLOT_CAPACITY - known.SLOT_BOOKED
    assert known.PAST_VIEWING_ID not in [s.viewing_id for s in slots]
    assert directory.known_slot(known.ESTATE_ID, known.VIEWING_ID, known.SLOT_ID) == slots[0]
    assert directory.known_slot(known.FULL_ESTATE_ID, known.VIEWING_ID, known.SLOT_ID) is None


async def test_a_full_slot_shows_no_places_left(directory: Directory) -> None:
    slots = await directory.slots(known.FULL_ESTATE_ID)
    assert [s.places_left for s in slots] == [0]


async def test_a_first_name_and_a_short_surname_find_the_contact(
    directory: Directory, simulator: Simulator
) -> None:
    found = await directory.search_contacts("Åsa Öb")
    assert [c.id for c in found.contacts] == [known.ASA_OBERG]
    search = next(r for r in reversed(simulator.state.requests) if r.path.endswith("/Search"))
    # Vitec searches the whole text (it needs five characters); the narrowing is local.
    assert search.query.startswith("Term=%C3%85sa+%C3%96b&")


async def test_a_first_name_and_surname_keep_only_contacts_named_so(directory: Directory) -> None:
    found = await directory.search_contacts("erik johansson")
    assert {c.id for c in found.contacts} == {known.ERIK_JOHANSSON_1, known.ERIK_JOHANSSON_2}


@pytest.mark.parametrize(
    ("query", "kind", "missing"),
    [
        ("Å", "type_more", 4),
        ("Lind", "type_more", 1),
        ("Ek", "type_more", 3),
        ("Bo Ek", "found", 0),
        ("070", "type_phone", 0),
        ("07012", "type_phone", 0),
    ],
)
async def test_short_contact_input_says_what_to_type(
    directory: Directory, query: str, kind: str, missing: int, simulator: Simulator
) -> None:
    before = len(simulator.state.requests)
    found = await directory.search_contacts(query)
    assert (found.kind, found.missing) == (kind, missing)
    if kind != "found":
        assert len(simulator.state.requests) == before, (
            "no Vitec call for input that cannot be searched"
        )


async def test_name_search_hydrates_names(directory: Directory) -> None:
    found = await directory.search_contacts("lindström")
    assert found.kind == "found"
    assert found.contacts
    assert all("Lindström" in c.name for c in found.contacts)


async def test_a_pasted_contact_id_is_looked_up_directly(directory: Directory) -> None:
    found = await directory.search_contacts(known.ASA_OBERG.lower())
    assert [(c.id, c.name) for c in found.contacts] == [(known.ASA_OBERG, "Åsa Öberg")]


async def test_phone_and_email_lookups(directory: Directory) -> None:
    by_phone = await directory.search_contacts(known.ASA_PHONE)
    by_mail = await directory.search_contacts(known.ASA_EMAIL.upper())
    assert [c.id for c in by_phone.contacts] == [known.ASA_OBERG]
    assert [c.id for c in by_mail.contacts] == [known.ASA_OBERG]


async def test_a_slow_vitec_gives_a_failed_search_within_the_deadline(
    vitec: VitecClient, simulator: Simulator
) -> None:
    slow = Directory(
        vitec, customer_id=known.SODERMALM, clock=lambda: FIXED_NOW, options_timeout=0.05
    )
    simulator.state.faults = Faults(hold=Hold())
    try:
        found = await slow.search_contacts("lindström")
    finally:
        simulator.state.release()
    assert found.kind == "failed"


async def test_contact_results_are_cached_briefly(
    directory: Directory, simulator: Simulator
) -> None:
    await directory.search_contacts("lindström")
    before = len(simulator.state.requests)
    await directory.search_contacts("Lindström")
    assert len(simulator.state.requests) == before


async def test_lead_sources_can_be_pinned(vitec: VitecClient) -> None:
    everything = await Directory(
        vitec, customer_id=known.SODERMALM, clock=lambda: FIXED_NOW, options_timeout=1
    ).lead_sources()
    pinned_id = everything[0].id
    pinned = await Directory(
        vitec,
        customer_id=known.SODERMALM,
        clock=lambda: FIXED_NOW,
        options_timeout=1,
        allowed_lead_sources=frozenset({pinned_id}),
    ).lead_sources()
    assert [s.id for s in pinned] == [pinned_id]


async def test_only_informational_lead_sources_are_offered_unless_pinned(
    vitec: VitecClient,
) -> None:
    sources = await Directory(
        vitec, customer_id=known.SODERMALM, clock=lambda: FIXED_NOW, options_timeout=1
    ).lead_sources()
    assert sources
    assert {s.lead_type for s in sources} == {"ProspectiveLogFlow"}
    assert known.WORKFLOW_LEAD_SOURCE_ID not in [s.id for s in sources]
    pinned = await Directory(
        vitec,
        customer_id=known.SODERMALM,
        clock=lambda: FIXED_NOW,
        options_timeout=1,
        allowed_lead_sources=frozenset({known.LEAD_SOURCE_ID}),
    ).lead_sources()
    assert [s.id for s in pinned] == [known.LEAD_SOURCE_ID]


async def test_a_lead_source_vitec_refused_is_not_offered_again(directory: Directory) -> None:
    first, *rest = await directory.lead_sources()
    directory.lead_source_refused(first.id.lower())
    assert await directory.lead_sources() == tuple(rest)


def test_ttl_cache_expires_by_the_injected_clock() -> None:
    now = [FIXED_NOW]
    cache: TtlCache[int] = TtlCache(timedelta(seconds=10), lambda: now[0], max_entries=3)
    cache.put("a", 1)
    assert cache.get("a") == 1
    now[0] += timedelta(seconds=11)
    assert cache.get("a") is None
    for key in "bcde":
        cache.put(key, 2)
    assert cache.get("e") == 2


def test_estate_entries_label_address_area_and_objektnummer() -> None:
    entry = EstateEntry.build(
        estate_id="OBJ1_1",
        customer_id="M30011",
        street_address="Åsögatan 1",
        area="Söder",
        postal_town=None,
        reference_id="1-2",
        status=None,
    )
    assert entry.label == "Åsögatan 1, Söder · 1-2"


@pytest.mark.parametrize(
    ("typed", "forms"),
    [
        ("070-123 45 67", ("0701234567", "070-123 45 67", "+46701234567")),
        ("+46 70 123 45 67", ("+46701234567", "+46 70 123 45 67", "0701234567")),
        ("0046701234567", ("0046701234567", "0701234567")),
    ],
)
def test_a_phone_number_is_asked_in_the_ways_vitec_may_have_it(
    typed: str, forms: tuple[str, ...]
) -> None:
    assert phone_forms(typed) == forms


async def test_a_number_written_with_the_country_code_finds_the_contact(
    directory: Directory, simulator: Simulator
) -> None:
    international = "+46" + known.ASA_PHONE.replace("-", "").replace(" ", "")[1:]
    found = await directory.search_contacts(international)
    assert [c.id for c in found.contacts] == [known.ASA_OBERG]

"""The directory's answers to "is this really so?" for what a submission echoes back."""

from __future__ import annotations

import pytest

from bot.directory import Directory, contact_query_kind
from bot.vitec.client import VitecClient
from bot.vitec.errors import VitecError
from devtools.simulator import Faults, Hold, Simulator, known
from tests.conftest import FIXED_NOW


def directory_for(vitec: VitecClient, **changes: object) -> Directory:
    return Directory(
        vitec,
        customer_id=known.SODERMALM,
        clock=lambda: FIXED_NOW,
        options_timeout=changes.pop("options_timeout", 1.0),  # type: ignore[arg-type]
        **changes,  # type: ignore[arg-type]
    )


def requests(simulator: Simulator) -> int:
    return len(simulator.state.requests)


async def test_a_slot_shown_in_a_form_is_checked_without_asking_vitec_again(
    vitec: VitecClient, simulator: Simulator
) -> None:
    directory = directory_for(vitec)
    [shown] = await directory.slots(known.ESTATE_ID)
    before = requests(simulator)
    found = await directory.slot_of_estate(known.ESTATE_ID, known.VIEWING_ID, known.SLOT_ID)
    assert found == shown
    assert requests(simulator) == before


async def test_a_slot_not_in_the_cache_is_looked_up_among_the_estates_viewings(
    vitec: VitecClient, simulator: Simulator
) -> None:
    directory = directory_for(vitec)
    found = await directory.slot_of_estate(known.ESTATE_ID, known.VIEWING_ID.lower(), known.SLOT_ID)
    assert found is not None
    assert (found.viewing_id, found.time_slot_id) == (known.VIEWING_ID, known.SLOT_ID)
    [read] = simulator.state.requests
    assert read.path == f"/Viewing/{known.SODERMALM}/{known.ESTATE_ID}"


@pytest.mark.parametrize(
    ("estate_id", "viewing_id", "slot_id"),
    [
        # Another estate's slot: booking it would report one address and book another.
        (known.ESTATE_ID, known.FULL_VIEWING_ID, known.FULL_SLOT_ID),
        # The right viewing with a slot of another viewing.
        (known.ESTATE_ID, known.VIEWING_ID, known.FULL_SLOT_ID),
        # A past slot of the estate: never offered.
        (known.ESTATE_ID, known.PAST_VIEWING_ID, known.PAST_SLOT_ID),
    ],
)
async def test_a_slot_that_is_not_one_of_the_estates_upcoming_slots_is_none(
    vitec: VitecClient, estate_id: str, viewing_id: str, slot_id: str
) -> None:
    directory = directory_for(vitec)
    await directory.slots(known.FULL_ESTATE_ID)  # the other estate's slot is in the cache
    assert await directory.slot_of_estate(estate_id, viewing_id, slot_id) is None


async def test_a_slot_vitec_cannot_confirm_in_time_raises(
    vitec: VitecClient, simulator: Simulator
) -> None:
    directory = directory_for(vitec)
    simulator.state.faults = Faults(hold=Hold())
    try:
        with pytest.raises((VitecError, TimeoutError)):
            await directory.slot_of_estate(
                known.ESTATE_ID, known.VIEWING_ID, known.SLOT_ID, timeout=0.05
            )
    finally:
        simulator.state.release()


async def test_a_contact_shown_in_the_picker_is_named_without_asking_vitec_again(
    vitec: VitecClient, simulator: Simulator
) -> None:
    directory = directory_for(vitec)
    await directory.search_contacts(known.ASA_PHONE)
    before = requests(simulator)
    contact = await directory.contact(known.ASA_OBERG.lower())
    assert contact is not None
    assert contact.name == "Åsa Öberg"
    assert requests(simulator) == before


async def test_a_contact_not_in_the_cache_is_read_from_vitec_by_id(
    vitec: VitecClient, simulator: Simulator
) -> None:
    directory = directory_for(vitec)
    contact = await directory.contact(known.BJORN_LINDSTROM)
    assert contact is not None
    assert contact.name == "Björn Lindström"
    assert requests(simulator) == 1


async def test_a_contact_of_another_office_or_none_at_all_is_none(vitec: VitecClient) -> None:
    directory = directory_for(vitec)
    assert await directory.contact(known.GBG_CONTACT_ID) is None
    assert await directory.contact("ADR" + "0" * 32) is None


async def test_lead_sources_are_checked_against_vitecs_active_ones_and_the_allow_list(
    vitec: VitecClient,
) -> None:
    everything = directory_for(vitec)
    # Unpinned, the informational sources (ProspectiveLogFlow) are the ones offered.
    assert await everything.lead_source_allowed("LK30011P01")
    assert not await everything.lead_source_allowed(known.LEAD_SOURCE_ID)
    assert not await everything.lead_source_allowed("LK30011Z99")
    pinned = directory_for(vitec, allowed_lead_sources=frozenset({known.LEAD_SOURCE_ID}))
    assert await pinned.lead_source_allowed(known.LEAD_SOURCE_ID)
    assert not await pinned.lead_source_allowed(known.WORKFLOW_LEAD_SOURCE_ID)


async def test_without_vitec_the_allow_list_still_answers_and_without_one_vitec_decides(
    vitec: VitecClient, simulator: Simulator
) -> None:
    pinned = directory_for(
        vitec, allowed_lead_sources=frozenset({known.LEAD_SOURCE_ID}), options_timeout=0.05
    )
    unpinned = directory_for(vitec, options_timeout=0.05)
    simulator.state.faults = Faults(hold=Hold())
    try:
        assert await pinned.lead_source_allowed(known.LEAD_SOURCE_ID)
        assert not await pinned.lead_source_allowed(known.WORKFLOW_LEAD_SOURCE_ID)
        assert await unpinned.lead_source_allowed(known.WORKFLOW_LEAD_SOURCE_ID)
    finally:
        simulator.state.release()


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        (known.ASA_OBERG, "id"),
        ("asa.oberg@example.com", "email"),
        ("19800101-1234", "personnummer"),
        ("198001011234", "personnummer"),
        ("+46 70-123 45 67", "phone"),
        ("08-123 456", "phone"),
        ("Åsa Öberg", "name"),
        ("  Åsa   Öberg ", "name"),
    ],
)
def test_the_audit_names_the_kind_of_look_up_never_the_query(query: str, kind: str) -> None:
    assert contact_query_kind(query) == kind

"""``visningsbot check --deep``: each read once, a verdict each, and no personal data printed."""

from __future__ import annotations

import re

import pytest

from bot.probe import probe_vitec
from bot.vitec.client import VitecClient
from devtools.simulator import Shape, Simulator, known
from tests.conftest import vitec_for

READS = [
    "POST Estate/GetEstateList",
    "GET Advertising/Estate/{customerId}",
    "GET Advertising/Estate/{customerId}/{estateId}",
    "GET Viewing/{customerId}/{estateId}",
    "GET CRM/Lead/{customerId}/LeadSources",
    "GET CRM/Contact/{customerId}/Search",
    "GET CRM/Contact/{customerId}/{contactIds}",
    "POST Contacts/GetContacts",
    "GET Contacts/GetContactsWithPhonenumber",
]
LOOK_UPS = {"contact_term": "Lindström", "email": "asa.oberg@example.se", "phone": "0701234567"}


async def test_the_published_shape_is_ok_everywhere(vitec: VitecClient) -> None:
    probe = await probe_vitec(vitec, known.SODERMALM, **LOOK_UPS)
    assert [(s.name, s.verdict) for s in probe.steps] == [(name, "ok") for name in READS]
    assert probe.works


async def test_a_shape_variant_is_tolerated_and_names_the_field_paths(
    vitec: VitecClient, simulator: Simulator
) -> None:
    simulator.state.configure(shape=Shape(numbers=True, nested_address=True))
    probe = await probe_vitec(vitec, known.SODERMALM, **LOOK_UPS)
    [estate] = [s for s in probe.steps if s.name == READS[2]]
    assert estate.verdict == "tolerated"
    assert estate.tolerated == ("status.id (number read as text)",)
    assert probe.works


async def test_writes_nothing_and_prints_no_personal_data(
    vitec: VitecClient, simulator: Simulator
) -> None:
    probe = await probe_vitec(vitec, known.SODERMALM, **LOOK_UPS)
    assert {r.method for r in simulator.state.requests} <= {"GET", "POST"}
    posts = {r.path for r in simulator.state.requests if r.method == "POST"}
    assert posts == {"/Estate/GetEstateList", "/Contacts/GetContacts"}, "reads only"
    printed = "\n".join(line for s in probe.steps for line in s.lines())
    assert "Lindström" not in printed
    assert "@" not in printed
    assert not re.search(r"ADR[0-9A-F]{8}|\d{3}[- ]?\d{2}[- ]?\d{2}", printed)


async def test_an_office_without_the_estate_list_falls_back_and_still_works(
    vitec: VitecClient, simulator: Simulator
) -> None:
    simulator.state.configure(estate_list="forbidden")
    probe = await probe_vitec(vitec, known.SODERMALM)
    assert probe.steps[0].verdict == "fallback"
    assert probe.steps[1].verdict == "ok"
    assert probe.works


async def test_a_wrong_password_fails_with_what_to_do(simulator: Simulator) -> None:
    async with vitec_for(simulator, password="fel-lösenord") as vitec:
        probe = await probe_vitec(vitec, known.SODERMALM)
    assert not probe.works
    [leads] = [s for s in probe.steps if s.name == READS[4]]
    assert leads.verdict == "failed"
    assert "VITEC_USERNAME and VITEC_PASSWORD" in leads.detail


@pytest.mark.parametrize("office", [known.CLOSED_OFFICE])
async def test_a_closed_office_cannot_work(simulator: Simulator, office: str) -> None:
    async with vitec_for(simulator, office=office) as vitec:
        probe = await probe_vitec(vitec, office)
    assert not probe.works
    assert any("403" in s.detail for s in probe.steps)

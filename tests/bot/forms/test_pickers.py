"""The pickers' answers: what an agent reads in each picker when Vitec answers, refuses or fails."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any, cast

import pytest

from bot.directory import Directory
from bot.forms.pickers import Pickers
from bot.vitec.client import VitecClient
from bot.vitec.errors import VitecAuthError
from devtools.simulator import Simulator, known
from tests.conftest import FIXED_NOW, vitec_for


def forms_on(directory: Directory) -> Pickers:
    # The pickers only read the directory; the ledger is touched only to audit found contacts.
    return Pickers(directory=directory, ledger=cast(Any, None))


def directory_on(vitec: VitecClient, office: str = known.SODERMALM) -> Directory:
    return Directory(vitec, customer_id=office, clock=lambda: FIXED_NOW, options_timeout=1.0)


def texts_of(answer: dict[str, Any]) -> list[str]:
    return [o["text"]["text"] for o in answer["options"]]


@pytest.fixture
async def wrong_password(simulator: Simulator) -> AsyncIterator[VitecClient]:
    client = vitec_for(simulator, password="rotated-elsewhere")
    yield client
    await client.aclose()


AUTH_SV = [
    "visningsbot kommer inte in i Vitec",
    "Be den som administrerar boten kontrollera inloggningen",
]
WHO = {"team_id": "T0VISNING", "user_id": "U0AGNETA"}
"""Who asks: the audit trail records every search."""
AUTH_EN = ["visningsbot cannot sign in to Vitec", "Ask whoever runs the bot to check its login"]


async def test_a_wrong_password_is_named_in_the_contact_picker(
    wrong_password: VitecClient, caplog: pytest.LogCaptureFixture
) -> None:
    forms = forms_on(directory_on(wrong_password))
    with caplog.at_level(logging.ERROR, logger="bot.directory"):
        answer = await forms.contact_options(
            "lindström", "sv", team_id="T0VISNING", user_id="U0AGNETA"
        )
    assert texts_of(answer) == AUTH_SV
    assert all(o["value"].startswith("~hint") for o in answer["options"])
    assert texts_of(await forms.contact_options("lindqvist", "en", **WHO)) == AUTH_EN
    # The agent is told to ask; the operator's log says what to fix.
    assert "VITEC_USERNAME and VITEC_PASSWORD" in caplog.text


async def test_a_wrong_password_is_named_in_the_estate_picker(
    wrong_password: VitecClient,
) -> None:
    directory = directory_on(wrong_password)
    with pytest.raises(VitecAuthError) as failed:
        await directory.refresh_estates()
    directory.estate_refresh_failed(failed.value)
    assert texts_of(await forms_on(directory).estate_options("götg", "sv")) == AUTH_SV


async def test_a_wrong_password_is_named_in_the_lead_source_picker(
    wrong_password: VitecClient,
) -> None:
    answer = await forms_on(directory_on(wrong_password)).lead_source_options("", "en")
    assert texts_of(answer) == ["The office's default source", *AUTH_EN]
    assert answer["options"][0]["value"] == "office_default"


async def test_a_closed_office_is_named_in_the_pickers(simulator: Simulator) -> None:
    client = vitec_for(simulator, office=known.CLOSED_OFFICE)
    try:
        forms = forms_on(directory_on(client, known.CLOSED_OFFICE))
        assert texts_of(await forms.contact_options("lindström", "sv", **WHO)) == [
            "Vitec nekar visningsbot åtkomst till kontoret M39999",
            "Be den som administrerar boten kontrollera det",
        ]
    finally:
        await client.aclose()


async def test_an_estate_list_still_loading_says_so(vitec: VitecClient) -> None:
    directory = Directory(
        vitec, customer_id=known.SODERMALM, clock=lambda: FIXED_NOW, options_timeout=0.01
    )
    assert texts_of(await forms_on(directory).estate_options("götg", "sv")) == [
        "Objektlistan hämtas från Vitec",
        "Försök igen om en stund",
    ]


async def test_no_match_says_what_can_be_searched(vitec: VitecClient) -> None:
    directory = directory_on(vitec)
    await directory.refresh_estates()
    forms = forms_on(directory)
    assert texts_of(await forms.estate_options("Kiruna", "sv")) == [
        "Inga träffar på ”Kiruna”",
        "Sök på gatuadress, område eller objektnummer",
    ]
    assert texts_of(await forms.contact_options("Zzzzzz Qqqq", "en", **WHO)) == [
        "No matches for “Zzzzzz Qqqq”",
        "Not in Vitec? Choose New contact below the list",
        "Search by name, phone number, e-mail or personal number",
    ]


async def test_the_wrong_property_cases_put_the_intended_estate_first(vitec: VitecClient) -> None:
    directory = directory_on(vitec)
    await directory.refresh_estates()
    answer = await forms_on(directory).estate_options("Hornsgatan 102", "sv")
    assert answer["options"][0]["value"] == known.FULL_ESTATE_ID
    answer = await forms_on(directory).estate_options("Swedenborgsgatan 8", "sv")
    assert answer["options"][0]["value"] == known.MULTI_ESTATE_ID

"""AddNewViewingParticipant against Vitec's published description, both ways.

The simulator's answer (a JSON string) validates; the body the bot sends validates against the
closed ``Viewing.Models.AddNewViewingParticipant``; and every answer the description allows (any
string) is read by the client as an id or as "outcome unknown", never as a crash.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.vitec.client import VitecClient, create_http_client
from bot.vitec.errors import VitecResponseError
from bot.vitec.models import AddNewViewingParticipant, PersonEmail, UpdatePerson
from devtools.simulator import create_simulator, known
from tests.contract.schema import Contract

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
TEMPLATE = "/Viewing/{customerId}/{viewingId}/{timeSlotId}/Participant"
BODY = AddNewViewingParticipant(
    update_person=UpdatePerson(
        first_name="Anna",
        last_name="Nyström",
        cell_phone="070-123 45 67",
        email=PersonEmail(email_address="anna.nystrom@example.se"),
    ),
    reminder_time=60,
    sms_reminder=True,
    mail_confirmation=True,
    contact_message="Vi kommer två.",
    lead_source_id=known.LEAD_SOURCE_ID,
)


async def _no_sleep(_: float) -> None:
    """Nothing waits."""


def test_the_bots_body_follows_the_published_description() -> None:
    contract = Contract()
    validator = contract.definition("Viewing.Models.AddNewViewingParticipant")
    assert contract.problems(validator, BODY.to_wire()) == []
    # No options: the published body has none, and a closed definition refuses them.
    assert "options" not in BODY.to_wire()


async def test_the_simulators_answer_follows_the_published_description() -> None:
    contract = Contract()
    schema = contract.answer_schema("POST", TEMPLATE)
    assert schema is not None
    sim = create_simulator(now=lambda: NOW, sleep=_no_sleep)
    transport = httpx.ASGITransport(app=sim.app)
    http = create_http_client(
        "http://127.0.0.1", known.USERNAME, known.PASSWORDS[known.SODERMALM], transport=transport
    )
    async with VitecClient(http) as client:
        contact_id = await client.book_new_participant(
            known.SODERMALM, known.VIEWING_ID, known.SLOT_ID, BODY
        )
    (record,) = sim.state.bookings
    assert record.contact_id == contact_id
    assert contract.problems(contract.validator(schema), contact_id) == []
    assert record.body == BODY.to_wire()


def _read(answer: object) -> str:
    async def run() -> str:
        transport = httpx.MockTransport(lambda request: httpx.Response(200, json=answer))
        http = create_http_client("https://connect.vitec.test", "u", "p", transport=transport)
        async with VitecClient(http) as client:
            return await client.book_new_participant("M30011", "VIS4B2E0C1D9A7F", "TID1", BODY)

    return asyncio.run(run())


@settings(max_examples=40)
@given(st.text(max_size=60))
@example("ADR0123456789ABCDEF0123456789ABCDEF")
@example(" ADR0123456789ABCDEF0123456789ABCDEF\n")
@example("../ADR1")
@example("")
def test_every_string_vitec_may_answer_is_an_id_or_unknown(answer: str) -> None:
    try:
        contact_id = _read(answer)
    except VitecResponseError:
        return
    assert contact_id == answer.strip()


@pytest.mark.parametrize("answer", [None, 7, {"id": "ADR1"}, ["ADR1"]])
def test_an_answer_that_is_no_string_leaves_the_outcome_unknown(answer: object) -> None:
    with pytest.raises(VitecResponseError):
        _read(answer)

"""The pickers' options loads: acked with the options, the contact search naming who searched."""

from __future__ import annotations

from typing import Any

from bot.ui.metadata import FormMetadata
from handlers.context import SIBLINGS_KEY
from handlers.options import contacts, estates, lead_sources
from tests.handlers.conftest import AGENT, TEAM, Asked, Calls, FakeService, context_with, services


class Forms:
    def __init__(self) -> None:
        self.asked: list[tuple[str, str, str, str]] = []

    async def contact_options(
        self, query: str, language: str, *, team_id: str, user_id: str
    ) -> dict[str, Any]:
        self.asked.append((query, language, team_id, user_id))
        return {"options": [{"text": {"type": "plain_text", "text": "Å"}, "value": "ADR1"}]}


async def test_a_contact_search_names_the_searcher_and_acks_the_options(calls: Calls) -> None:
    forms = Forms()
    meta = FormMetadata(user_id=AGENT, channel_id="C1", customer_id="M30011", language="en")
    body = {"value": "Åsa Öberg", "view": {"private_metadata": meta.dump()}}

    await contacts(calls.ack, body, context_with(services(pickers=forms)))

    assert forms.asked == [("Åsa Öberg", "en", TEAM, AGENT)]
    assert calls.acks == [
        {"options": [{"text": {"type": "plain_text", "text": "Å"}, "value": "ADR1"}]}
    ]


HINT = {"options": [{"text": {"type": "plain_text", "text": "Skriv mer"}, "value": "~hint"}]}


async def test_the_estate_picker_acks_the_options_for_what_was_typed(
    calls: Calls, asked: Asked
) -> None:
    meta = FormMetadata(user_id=AGENT, channel_id="C1", customer_id="M30011", language="en")
    body = {"value": "götg", "view": {"private_metadata": meta.dump()}}
    pickers = FakeService(asked, estate_options=HINT)

    await estates(calls.ack, body, context_with(services(pickers=pickers)))

    assert asked.calls == [("estate_options", ("götg", "en"), {})]
    assert calls.acks == [HINT]


async def test_the_lead_source_picker_acks_the_office_sources(calls: Calls, asked: Asked) -> None:
    meta = FormMetadata(user_id=AGENT, channel_id="C1", customer_id="M30011", language="sv")
    body = {"value": "", "view": {"private_metadata": meta.dump()}}
    pickers = FakeService(asked, lead_source_options=HINT)

    await lead_sources(calls.ack, body, context_with(services(pickers=pickers)))

    assert asked.calls == [("lead_source_options", ("", "sv"), {})]
    assert calls.acks == [HINT]


async def test_a_picker_outside_our_form_is_answered_in_swedish(calls: Calls, asked: Asked) -> None:
    pickers = FakeService(asked, estate_options=HINT)

    await estates(
        calls.ack,
        {"value": None, "view": {"private_metadata": "?"}},
        context_with(services(pickers=pickers)),
    )

    assert asked.calls == [("estate_options", ("", "sv"), {})]
    assert calls.acks == [HINT]


async def test_in_oauth_mode_the_estate_picker_asks_the_workspaces_other_offices_too(
    calls: Calls, asked: Asked
) -> None:
    other = services(pickers=FakeService(asked))
    context = context_with(services(pickers=FakeService(asked, estate_options=HINT)))
    context[SIBLINGS_KEY] = [other]
    body = {"type": "block_suggestion", "action_id": "estate_select", "value": "götg"}

    await estates(calls.ack, body, context)

    assert asked.calls == [("estate_options", ("götg", "sv"), {"also": [other.pickers]})]
    assert calls.acks == [HINT]

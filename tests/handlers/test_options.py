"""The pickers' options loads: the contact search says who searched, for the audit trail."""

from __future__ import annotations

from typing import Any

from bot.ui.metadata import FormMetadata
from handlers.options import contacts
from tests.handlers.conftest import AGENT, TEAM, Calls, context_with, services


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

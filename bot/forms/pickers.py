"""The form's pickers: estates, contacts and lead sources, answered inside Slack's three seconds."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.directory import Directory, contact_query_kind, log_problem
from bot.domain import ContactChoice, Problem
from bot.language import Language
from bot.store import AuditAction, Ledger, NewAuditEvent
from bot.ui.formatting import problem_options
from bot.ui.options import (
    MAX_OPTIONS,
    contact_options,
    estate_option_groups,
    estate_options,
    hint_payload,
    lead_source_options,
)
from bot.ui.texts import Catalogue, texts
from bot.vitec.errors import VitecError

log = logging.getLogger(__name__)

AUDIT_TIMEOUT = 1.0
"""Seconds a contact search waits for its audit record; an options load answers within 3 s."""


class Pickers:
    """Answers the form's options loads; a contact shown is a contact the audit trail names."""

    def __init__(self, *, directory: Directory, ledger: Ledger) -> None:
        self._directory = directory
        self._ledger = ledger

    @property
    def office(self) -> str:
        """The office (customerId) whose estates and contacts these pickers offer."""
        return self._directory.customer_id

    async def estate_options(
        self, query: str, language: Language, *, also: Sequence[Pickers] = ()
    ) -> dict[str, Any]:
        """Options for the estate picker; with ``also`` (the workspace's other offices, OAuth
        mode) the estates of every office, grouped under each office's customerId."""
        if also:
            return await self._across([self, *also], query, language)
        t = texts(language)
        found = await self._directory.search_estates(query)
        if not found.loaded:
            if found.problem is not None:
                return hint_payload(self._problem_options(found.problem, t))
            return hint_payload(t.option_list_loading)
        if not found.estates:
            return hint_payload(t.option_no_match.format(query=query[:40]), t.option_estate_help)
        return estate_options(found.estates)

    async def _across(
        self, pickers: Sequence[Pickers], query: str, language: Language
    ) -> dict[str, Any]:
        t = texts(language)
        searches = await asyncio.gather(*(p._directory.search_estates(query) for p in pickers))
        groups = [(p.office, s.estates) for p, s in zip(pickers, searches, strict=True)]
        if any(estates for _, estates in groups):
            return estate_option_groups(groups)
        if not any(s.loaded for s in searches):
            problem = next((s.problem for s in searches if s.problem is not None), None)
            if problem is not None:
                return hint_payload(self._problem_options(problem, t))
            return hint_payload(t.option_list_loading)
        return hint_payload(t.option_no_match.format(query=query[:40]), t.option_estate_help)

    async def contact_options(
        self, query: str, language: Language, *, team_id: str, user_id: str
    ) -> dict[str, Any]:
        """Options for the contact picker; contacts are shown only once the audit trail has them."""
        t = texts(language)
        found = await self._directory.search_contacts(query)
        if found.kind == "type_more":
            text = (
                t.option_type_more_one
                if found.missing == 1
                else t.option_type_more.format(n=found.missing)
            )
            return hint_payload(text, t.option_short_name)
        if found.kind == "type_phone":
            return hint_payload(t.option_type_phone)
        if found.kind == "failed":
            return hint_payload(self._problem_options(found.problem or "unavailable", t))
        if found.contacts and not await self.audit_shown(
            query, found.contacts[:MAX_OPTIONS], team_id=team_id, user_id=user_id
        ):
            return hint_payload(t.option_audit_failed)
        if not found.contacts:
            return hint_payload(
                t.option_no_match.format(query=query[:40]),
                t.option_contact_new,
                t.option_contact_help,
            )
        return contact_options(found.contacts)

    async def lead_source_options(self, query: str, language: Language) -> dict[str, Any]:
        """Options for the lead source picker (the office default is always offered)."""
        t = texts(language)
        try:
            sources = await self._directory.lead_sources()
        except (VitecError, TimeoutError) as exc:
            problem = log_problem("lead sources", exc, self._directory.customer_id)
            return lead_source_options((), t, query, problem=self._problem_options(problem, t))
        return lead_source_options(sources, t, query)

    async def audit_shown(
        self, query: str, shown: Sequence[ContactChoice], *, team_id: str, user_id: str
    ) -> bool:
        """Record who was shown which contacts: ids and the kind of look-up, never the query.

        False when the record could not be written: then the contacts must not be shown.
        """
        event = NewAuditEvent(
            team_id=team_id,
            user_id=user_id,
            action=AuditAction.SEARCH,
            detail=contact_query_kind(query),
            customer_id=self._directory.customer_id,
            result_count=len(shown),
            contact_ids=tuple(c.id for c in shown),
        )
        try:
            async with asyncio.timeout(AUDIT_TIMEOUT):
                await self._ledger.audit.record(event)
        except (SQLAlchemyError, OSError, TimeoutError) as exc:
            log.error("contact search not shown: its audit record failed (%s)", type(exc).__name__)
            return False
        return True

    def _problem_options(self, problem: Problem, t: Catalogue) -> str:
        return problem_options(problem, t, office=self._directory.customer_id)

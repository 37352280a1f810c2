"""Everything around the form except the booking: opening it, the pickers, history, App Home."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.directory import ContactSearch, Directory, contact_query_kind, log_problem
from bot.domain import EstateEntry, Problem
from bot.estate_search import CommandMatch
from bot.language import Language
from bot.notify import Reporter
from bot.people import People
from bot.slack_failures import SLACK_FAILURES, slack_error
from bot.store import AuditAction, Ledger, NewAuditEvent
from bot.ui.form import SlotPicker, signup_form
from bot.ui.formatting import escape_mrkdwn, problem_options, problem_text
from bot.ui.messages import Message, history_message, home_view, text_message
from bot.ui.metadata import FormMetadata
from bot.ui.options import (
    MAX_OPTIONS,
    contact_options,
    estate_options,
    hint_payload,
    lead_source_options,
)
from bot.ui.summary import summary_of
from bot.ui.texts import Catalogue, texts
from bot.vitec.errors import VitecError

log = logging.getLogger(__name__)

HELP_WORDS = {"help", "hjälp", "hjalp", "?"}
HISTORY_WORDS = {"historik", "history"}
AUDIT_TIMEOUT = 0.5
"""Seconds a contact search waits for its audit record; an options load answers within 3 s."""
SLOT_TIMEOUT = 5.0
"""Seconds to wait for an estate's viewings once chosen (the modal stays open meanwhile)."""


@dataclass(frozen=True)
class Prefill:
    """What the form opens with: an estate and perhaps one of its slots."""

    estate_id: str | None = None
    viewing_id: str | None = None
    time_slot_id: str | None = None
    note: str | None = None
    """Said under the estate picker (mrkdwn): what ``/visning <text>`` did not find."""


def command_note(match: CommandMatch, text: str, t: Catalogue) -> str | None:
    """What the form says about ``/visning <text>`` when it could not choose the estate."""
    typed = escape_mrkdwn(" ".join(text.split())[:60])
    if match.kind == "ambiguous":
        return t.estate_ambiguous.format(text=typed)
    if match.kind == "not_loaded":
        return t.estate_list_loading.format(text=typed)
    if match.kind == "none" and match.suggestion is not None:
        address = escape_mrkdwn(match.suggestion.street_address)
        return t.estate_suggestion.format(text=typed, address=address)
    if match.kind == "none":
        return t.estate_not_found.format(text=typed)
    return None


class Forms:
    """Opens and updates the sign-up form and answers its pickers."""

    def __init__(
        self,
        *,
        slack: AsyncWebClient,
        directory: Directory,
        ledger: Ledger,
        reporter: Reporter,
        people: People,
        clock: Callable[[], datetime],
    ) -> None:
        self.people = people
        self._slack = slack
        self._directory = directory
        self._ledger = ledger
        self._reporter = reporter
        self._clock = clock

    def metadata(self, user_id: str, channel_id: str | None, language: Language) -> FormMetadata:
        """The private_metadata of a new form."""
        return FormMetadata(
            user_id=user_id,
            channel_id=channel_id,
            customer_id=self._directory.customer_id,
            language=language,
        )

    async def command(
        self,
        *,
        text: str,
        trigger_id: str,
        user_id: str,
        team_id: str,
        channel_id: str | None,
        response_url: str | None,
    ) -> None:
        """Handle ``/visning [text]``: help, history, or the form (pre-filled from the text)."""
        language = await self.people.language(user_id)
        t = texts(language)
        word = text.strip().lower()
        if word in HELP_WORDS:
            await self._ephemeral(response_url, t.help_text, user_id, channel_id)
            return
        if word in HISTORY_WORDS:
            rows = await self._ledger.recent(
                team_id=team_id, user_id=user_id, channel_id=channel_id
            )
            message = history_message([summary_of(r) for r in rows], language)
            await self._ephemeral(response_url, message.text, user_id, channel_id, message.blocks)
            return
        prefill = Prefill()
        if word:
            match = self._directory.match_command(text)
            prefill = Prefill(
                estate_id=match.estate.id if match.estate else None,
                note=command_note(match, text, t),
            )
        await self.open(
            trigger_id, user_id, channel_id, language, prefill, response_url=response_url
        )

    async def open(
        self,
        trigger_id: str,
        user_id: str,
        channel_id: str | None,
        language: Language | None,
        prefill: Prefill,
        *,
        response_url: str | None = None,
    ) -> None:
        """Open the form; with a pre-filled estate its slots are read first (bounded wait)."""
        language = language or await self.people.language(user_id)
        meta = self.metadata(user_id, channel_id, language)
        estate, picker = None, None
        if prefill.estate_id:
            estate, picker = await self._estate_and_slots(prefill.estate_id, prefill, language)
        view = signup_form(meta, now=self._clock(), estate=estate, slots=picker, note=prefill.note)
        try:
            await self._slack.views_open(trigger_id=trigger_id, view=view)
        except SLACK_FAILURES as exc:
            error = slack_error(exc)
            log.warning("views.open failed: %s", error)
            await self._ephemeral(
                response_url, texts(language).open_failed.format(error=error), user_id, channel_id
            )

    async def _estate_and_slots(
        self, estate_id: str, prefill: Prefill, language: Language
    ) -> tuple[EstateEntry | None, SlotPicker]:
        try:
            estate = await self._directory.estate_by_id(estate_id)
        except (VitecError, TimeoutError):
            return None, SlotPicker(state="choose_estate")
        if estate is None:
            return None, SlotPicker(state="choose_estate")
        try:
            slots = await self._directory.slots(estate.id, timeout=SLOT_TIMEOUT)
        except (VitecError, TimeoutError) as exc:
            office = self._directory.customer_id
            problem = log_problem("slots of a chosen estate", exc, office)
            text = problem_text(problem, texts(language), office=office)
            return estate, SlotPicker(state="failed", problem=text)
        wanted = f"{prefill.viewing_id}/{prefill.time_slot_id}"
        selected = next((s.value for s in slots if s.key == wanted), None)
        return estate, SlotPicker(
            state="loaded" if slots else "none", slots=slots, selected=selected
        )

    async def estate_chosen(
        self, *, view_id: str, view_hash: str | None, estate_id: str | None, meta: FormMetadata
    ) -> None:
        """The agent chose an estate: show its time slots in the open form."""
        if estate_id is None:
            view = signup_form(meta, now=self._clock())
        else:
            estate, picker = await self._estate_and_slots(
                estate_id, Prefill(estate_id), meta.language
            )
            view = signup_form(meta, now=self._clock(), estate=estate, slots=picker)
        try:
            await self._slack.views_update(view_id=view_id, hash=view_hash, view=view)
        except SLACK_FAILURES as exc:
            # hash_conflict: the agent changed the form again meanwhile; that change wins.
            log.info("views.update after estate choice: %s", slack_error(exc))

    async def estate_options(self, query: str, language: Language) -> dict[str, Any]:
        """Options for the estate picker."""
        t = texts(language)
        found = await self._directory.search_estates(query)
        if not found.loaded:
            if found.problem is not None:
                return hint_payload(self._problem_options(found.problem, t))
            return hint_payload(t.option_list_loading)
        if not found.estates:
            return hint_payload(t.option_no_match.format(query=query[:40]), t.option_estate_help)
        return estate_options(found.estates)

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
        if found.contacts and not await self._audit_search(query, found, team_id, user_id):
            return hint_payload(t.option_audit_failed)
        if not found.contacts:
            return hint_payload(t.option_no_match.format(query=query[:40]), t.option_contact_help)
        return contact_options(found.contacts)

    async def _audit_search(
        self, query: str, found: ContactSearch, team_id: str, user_id: str
    ) -> bool:
        """Record who was shown which contacts: ids and the kind of look-up, never the query."""
        shown = found.contacts[:MAX_OPTIONS]
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

    async def lead_source_options(self, query: str, language: Language) -> dict[str, Any]:
        """Options for the lead source picker (the office default is always offered)."""
        t = texts(language)
        try:
            sources = await self._directory.lead_sources()
        except (VitecError, TimeoutError) as exc:
            problem = log_problem("lead sources", exc, self._directory.customer_id)
            return lead_source_options((), t, query, problem=self._problem_options(problem, t))
        return lead_source_options(sources, t, query)

    def _problem_options(self, problem: Problem, t: Catalogue) -> str:
        return problem_options(problem, t, office=self._directory.customer_id)

    async def show_dialog(self, trigger_id: str, view: dict[str, Any]) -> None:
        """Open a small modal (the undo confirmation) for the one who clicked."""
        try:
            await self._slack.views_open(trigger_id=trigger_id, view=view)
        except SLACK_FAILURES as exc:
            log.warning("views.open of a dialog failed: %s", slack_error(exc))

    async def publish_home(self, *, team_id: str, user_id: str) -> None:
        """Show the agent's upcoming bookings and recent failures in App Home."""
        language = await self.people.language(user_id)
        upcoming = await self._ledger.upcoming(team_id=team_id, user_id=user_id)
        failures = await self._ledger.recent_failures(team_id=team_id, user_id=user_id)
        view = home_view(
            [summary_of(s) for s in upcoming], [summary_of(s) for s in failures], language
        )
        try:
            await self._slack.views_publish(user_id=user_id, view=view)
        except SLACK_FAILURES as exc:
            log.warning("views.publish failed: %s", slack_error(exc))

    async def _ephemeral(
        self,
        response_url: str | None,
        text: str,
        user_id: str,
        channel_id: str | None,
        blocks: list[dict[str, Any]] | None = None,
    ) -> None:
        message = Message(text=text, blocks=blocks) if blocks else text_message(text)
        if response_url and await self._reporter.respond(
            response_url, {"response_type": "ephemeral", **message.as_payload()}
        ):
            return
        await self._reporter.to_user(message, user_id=user_id, channel_id=channel_id)

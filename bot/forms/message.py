"""The message shortcut "Anmäl till visning": the form pre-filled from a message, for its thread.

Reception or a colleague writes "Anna Svensson, 070-123 45 67, vill gå på Götgatan 14"; the
agent runs the shortcut on that message. The form opens with the estate and the contact the
message names (each only when exactly one fits), and the result is posted in the message's
thread. Slack's trigger expires three seconds after the click, so Vitec gets a bounded time.
"""

from __future__ import annotations

import asyncio
import logging

from bot.directory import Directory
from bot.domain import ContactChoice
from bot.estate_search import CommandMatch
from bot.forms.clues import MessageClues, find_clues
from bot.forms.command import command_note
from bot.forms.opening import FormOpener, Prefill
from bot.forms.pickers import Pickers
from bot.people import People
from bot.ui.texts import Catalogue, texts

log = logging.getLogger(__name__)

CONTACT_BUDGET = 1.0
"""Seconds the contact look-ups get together; the form opens without a contact after that."""


class MessageShortcut:
    """Opens the form pre-filled from a message, posting its result in the message's thread."""

    def __init__(
        self, *, opener: FormOpener, directory: Directory, pickers: Pickers, people: People
    ) -> None:
        self._opener = opener
        self._directory = directory
        self._pickers = pickers
        self._people = people

    async def run(
        self,
        *,
        text: str,
        trigger_id: str,
        user_id: str,
        team_id: str,
        channel_id: str,
        thread_ts: str,
        response_url: str | None,
    ) -> None:
        """Read the message, look up what it names, and open the form for its thread."""
        language = await self._people.language(user_id)
        t = texts(language)
        clues = find_clues(text)
        match, typed = self._estate(clues)
        contact, contact_note = await self._contact(clues, t, team_id=team_id, user_id=user_id)
        prefill = Prefill(
            estate_id=match.estate.id if match and match.estate else None,
            note=command_note(match, typed, t) if match else None,
            contact=contact,
            contact_note=contact_note,
        )
        await self._opener.open(
            trigger_id,
            user_id,
            channel_id,
            language,
            prefill,
            response_url=response_url,
            thread_ts=thread_ts,
        )

    def _estate(self, clues: MessageClues) -> tuple[CommandMatch | None, str]:
        """The estate the message names; else what to say about its first address-like text."""
        first: tuple[CommandMatch, str] | None = None
        for candidate in clues.estates:
            match = self._directory.match_command(candidate)
            if match.kind in ("found", "not_loaded"):
                return match, candidate
            if first is None or (first[0].kind == "none" and match.kind == "ambiguous"):
                first = (match, candidate)
        return first if first else (None, "")

    async def _contact(
        self, clues: MessageClues, t: Catalogue, *, team_id: str, user_id: str
    ) -> tuple[ContactChoice | None, str | None]:
        """The one contact the message's phones, e-mails and personnummer lead to, if one."""
        if not clues.contacts:
            return None, None
        searches = [self._directory.search_contacts(clue) for clue in clues.contacts]
        try:
            async with asyncio.timeout(CONTACT_BUDGET):
                results = await asyncio.gather(*searches)
        except TimeoutError:
            log.info("message shortcut: contact look-ups took longer than %ss", CONTACT_BUDGET)
            return None, t.contact_note_failed
        found: dict[str, tuple[str, ContactChoice]] = {}
        failed = False
        for clue, result in zip(clues.contacts, results, strict=True):
            failed = failed or result.kind == "failed"
            for contact in result.contacts:
                found.setdefault(contact.id.upper(), (clue, contact))
        if len(found) > 1:
            return None, t.contact_note_several.format(n=len(found))
        if not found:
            return None, t.contact_note_failed if failed else t.contact_note_none
        clue, contact = next(iter(found.values()))
        if not await self._pickers.audit_shown(clue, [contact], team_id=team_id, user_id=user_id):
            return None, t.option_audit_failed.replace("\n", ". ")
        return contact, None

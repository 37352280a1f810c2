"""Opening the sign-up form, pre-filled or empty, and showing an estate's slots once chosen."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import Clock
from bot.directory import Directory, log_problem
from bot.domain import EstateEntry
from bot.language import Language
from bot.notify import Reporter
from bot.people import People
from bot.slack_failures import SLACK_FAILURES, slack_error
from bot.ui.form import SlotPicker, signup_form
from bot.ui.formatting import problem_text
from bot.ui.messages import text_message
from bot.ui.metadata import FormMetadata
from bot.ui.texts import texts
from bot.vitec.errors import VitecError

log = logging.getLogger(__name__)

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


class FormOpener:
    """Opens the sign-up form and updates it as the agent chooses an estate."""

    def __init__(
        self,
        *,
        slack: AsyncWebClient,
        directory: Directory,
        reporter: Reporter,
        people: People,
        clock: Clock,
    ) -> None:
        self._slack = slack
        self._directory = directory
        self._reporter = reporter
        self._people = people
        self._clock = clock

    def metadata(self, user_id: str, channel_id: str | None, language: Language) -> FormMetadata:
        """The private_metadata of a new form."""
        return FormMetadata(
            user_id=user_id,
            channel_id=channel_id,
            customer_id=self._directory.customer_id,
            language=language,
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
        language = language or await self._people.language(user_id)
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
            text = texts(language).open_failed.format(error=error)
            await self._reporter.reply_privately(
                text_message(text),
                response_url=response_url,
                user_id=user_id,
                channel_id=channel_id,
            )

    async def estate_chosen(
        self, *, view_id: str, view_hash: str | None, estate_id: str | None, meta: FormMetadata
    ) -> None:
        """The agent chose an estate: show its time slots in the open form.

        The form books in this office from now on (in OAuth mode the estate picker lists every
        office of the workspace, and the estate's office answers its choice).
        """
        meta = meta.model_copy(update={"customer_id": self._directory.customer_id})
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

    async def show_dialog(self, trigger_id: str, view: dict[str, Any]) -> None:
        """Open a small modal (the undo confirmation) for the one who clicked."""
        try:
            await self._slack.views_open(trigger_id=trigger_id, view=view)
        except SLACK_FAILURES as exc:
            log.warning("views.open of a dialog failed: %s", slack_error(exc))

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

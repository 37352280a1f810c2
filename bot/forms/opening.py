"""Opening the sign-up form, pre-filled or empty, and showing an estate's slots once chosen."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import Clock
from bot.directory import Directory, log_problem
from bot.domain import ContactChoice, EstateEntry
from bot.forms.who import WhoIsComing
from bot.language import Language
from bot.notify import Reporter
from bot.people import People
from bot.slack_failures import SLACK_FAILURES, slack_error
from bot.store import Ledger, LedgerUnavailableError
from bot.ui.form import FormChoices, SlotPicker, choices_of_booking, signup_form
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
    contact: ContactChoice | None = None
    """The contact chosen for the agent (one a message named), already in the audit trail."""
    contact_note: str | None = None
    """Said under the contact picker (mrkdwn): why no contact was chosen from the message."""
    choices_of: int | None = None
    """A booking whose reminder, confirmation and other choices the form starts with."""


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
        ledger: Ledger | None = None,
        who: WhoIsComing | None = None,
    ) -> None:
        self._ledger = ledger
        self._who = who
        self._slack = slack
        self._directory = directory
        self._reporter = reporter
        self._people = people
        self._clock = clock

    def metadata(
        self,
        user_id: str,
        channel_id: str | None,
        language: Language,
        *,
        thread_ts: str | None = None,
        reply_url: str | None = None,
    ) -> FormMetadata:
        """The private_metadata of a new form (for a message's thread, given ``thread_ts``)."""
        return FormMetadata(
            user_id=user_id,
            channel_id=channel_id,
            customer_id=self._directory.customer_id,
            language=language,
            thread_ts=thread_ts,
            reply_url=reply_url,
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
        thread_ts: str | None = None,
    ) -> None:
        """Open the form; with a pre-filled estate its slots are read first (bounded wait).

        Given ``thread_ts`` the result goes to that message's thread in ``channel_id``, reached
        through ``response_url`` where the bot is not a member.
        """
        language = language or await self._people.language(user_id)
        meta = self.metadata(
            user_id,
            channel_id,
            language,
            thread_ts=thread_ts,
            reply_url=response_url if thread_ts else None,
        )
        estate, picker = None, None
        if prefill.estate_id:
            estate, picker = await self._estate_and_slots(prefill.estate_id, prefill, language)
        choices = await self._choices(prefill.choices_of, user_id)
        view = signup_form(
            meta,
            now=self._clock(),
            estate=estate,
            slots=picker,
            note=prefill.note,
            contact=prefill.contact,
            contact_note=prefill.contact_note,
            choices=choices,
        )
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
                estate_id, Prefill(estate_id), meta.language, with_booked=True
            )
            view = signup_form(meta, now=self._clock(), estate=estate, slots=picker)
        try:
            await self._slack.views_update(view_id=view_id, hash=view_hash, view=view)
        except SLACK_FAILURES as exc:
            # hash_conflict: the agent changed the form again meanwhile; that change wins.
            log.info("views.update after estate choice: %s", slack_error(exc))

    async def _choices(self, signup_id: int | None, user_id: str) -> FormChoices | None:
        """The choices of one of this agent's bookings ("Anmäl fler"), with the source's name."""
        if signup_id is None or self._ledger is None:
            return None
        try:
            signup = await self._ledger.get(signup_id)
        except LedgerUnavailableError:
            return None
        if signup is None or signup.user_id != user_id or signup.purged:
            return None
        choices = choices_of_booking(signup.booking)
        if choices.lead_source_id is None:
            return choices
        try:
            sources = await self._directory.lead_sources()
        except (VitecError, TimeoutError):
            return dataclasses.replace(choices, lead_source_id=None)
        name = next((s.name for s in sources if s.id == choices.lead_source_id), None)
        if name is None:
            return dataclasses.replace(choices, lead_source_id=None)
        return dataclasses.replace(choices, lead_source_name=name)

    async def show_dialog(self, trigger_id: str, view: dict[str, Any]) -> None:
        """Open a small modal (the undo confirmation) for the one who clicked."""
        try:
            await self._slack.views_open(trigger_id=trigger_id, view=view)
        except SLACK_FAILURES as exc:
            log.warning("views.open of a dialog failed: %s", slack_error(exc))

    async def _estate_and_slots(
        self, estate_id: str, prefill: Prefill, language: Language, *, with_booked: bool = False
    ) -> tuple[EstateEntry | None, SlotPicker]:
        """The estate and its slots; ``with_booked`` also names who is on the chosen slot.

        Not when the form is being opened: the trigger_id lasts three seconds, and the names
        are one more Vitec read.
        """
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
        chosen = next((s for s in slots if s.key == wanted), None)
        if chosen is None and len(slots) == 1:
            chosen = slots[0]
        line = ""
        if with_booked and chosen is not None and self._who is not None:
            line = await self._who.picker_line(
                estate.id, chosen.viewing_id, chosen.time_slot_id, texts(language)
            )
        return estate, SlotPicker(
            state="loaded" if slots else "none",
            slots=slots,
            selected=chosen.value if chosen is not None else None,
            booked_line=line,
        )

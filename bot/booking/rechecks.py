"""What Slack echoes back from the form, checked again at submission: never trusted.

The client sends the office, estate, slot, contact and lead source back, and a forged or
tampered payload could name anything; only ids are taken from it, and each is checked against
the configuration and Vitec before anything is booked.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from bot.access import AccessPolicy
from bot.directory import Directory
from bot.domain import ContactChoice, SignupForm, SlotChoice
from bot.outcome import failure_code
from bot.ui.answers import notice_answer
from bot.ui.form import slot_block_id
from bot.ui.ids import BlockId, CallbackId
from bot.ui.metadata import FormMetadata
from bot.ui.submission import FormErrors
from bot.ui.texts import Catalogue
from bot.vitec.errors import VitecError

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Confirmed:
    """The slot and contact a submission names, as Vitec has them."""

    slot: SlotChoice
    contact: ContactChoice


class Rechecks:
    """Checks a submission's office, channel, slot, contact and lead source before booking."""

    def __init__(self, *, directory: Directory, access: AccessPolicy, timeout: float) -> None:
        self._directory = directory
        self._access = access
        self._timeout = timeout
        """How long one Vitec read may take. Longer than the booking deadline: a submission
        whose reads outlast it is answered with "Bokar…" and checked on in the background."""

    async def confirm(
        self, form: SignupForm, meta: FormMetadata, t: Catalogue
    ) -> Confirmed | dict[str, Any]:
        """The slot and contact as Vitec has them; else the modal's answer (nothing is booked)."""
        if form.customer_id != self._directory.customer_id:
            log.warning("refused a submission whose form names another office")
            return notice_answer(
                meta, t.result_title, t.error_office_mismatch, CallbackId.SIGNUP_RESULT
            )
        errors: dict[str, str] = {}
        if not self._access.channel_allowed(form.channel_id):
            errors[BlockId.CHANNEL] = t.error_channel_not_allowed
        slot_block = slot_block_id(form.estate_id)
        slot, contact, lead_source_ok = await asyncio.gather(
            _checked(
                self._directory.slot_of_estate(
                    form.estate_id, form.viewing_id, form.time_slot_id, timeout=self._timeout
                )
            ),
            _checked(self._contact(form)),
            self._directory.lead_source_allowed(form.lead_source_id)
            if form.lead_source_id is not None
            else _true(),
        )
        if slot == "failed":
            errors[slot_block] = t.error_slot_unverified
        elif slot is None:
            errors[slot_block] = t.error_slot_not_of_estate
        if contact == "failed":
            errors[BlockId.CONTACT] = t.error_contact_unverified
        elif contact is None:
            errors[BlockId.CONTACT] = t.error_contact_unknown
        if not lead_source_ok:
            errors[BlockId.LEAD_SOURCE] = t.error_choose_lead_source
        if errors or not isinstance(slot, SlotChoice) or not isinstance(contact, ContactChoice):
            return FormErrors(errors).ack_payload()
        return Confirmed(slot, contact)

    async def _contact(self, form: SignupForm) -> ContactChoice | None:
        """The contact as Vitec has it; a new contact as typed (Vitec finds or creates them)."""
        person = form.new_contact
        if person is not None:
            return ContactChoice(id="", name=person.name, phone=person.mobile, email=person.email)
        return await self._directory.contact(form.contact_id, timeout=self._timeout)


async def _checked(read: Awaitable[T]) -> T | Literal["failed"]:
    """A read from the directory, or "failed" when Vitec could not answer in time."""
    try:
        return await read
    except (VitecError, TimeoutError) as exc:
        described = failure_code(exc) if isinstance(exc, VitecError) else type(exc).__name__
        log.info("a submission could not be checked in Vitec: %s", described)
        return "failed"


async def _true() -> bool:
    return True

""" "Vem kommer?": who is booked on a time slot, by name only.

Read from Vitec when asked (``GET Viewing`` lists each slot's participants by contact id, and
the names are read by id), so it shows bookings made anywhere, not only through the bot. Only
agents the access policy lets use the bot get this far: the gate refuses everyone else first.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.directory import Directory, log_problem
from bot.ui.formatting import escape_mrkdwn, format_slot
from bot.ui.texts import Catalogue
from bot.vitec.client import VitecClient
from bot.vitec.errors import VitecError

log = logging.getLogger(__name__)

MAX_NAMES = 20
"""Names read and shown at most; beyond them the line says how many more there are."""
WHO_TIMEOUT = 2.0
"""Seconds to wait for Vitec when an agent asks (the answer follows the click)."""


@dataclass(frozen=True)
class Booked:
    """Who is on a slot: the first names in Vitec's order, and how many there are in all."""

    names: tuple[str, ...]
    total: int
    starts_at: datetime
    ends_at: datetime

    def listing(self, t: Catalogue, *, separator: str = "\n") -> str:
        """The names safe in mrkdwn, one a line (or separated), with "och N till" if cut."""
        shown = [escape_mrkdwn(n) for n in self.names]
        if self.total > len(self.names):
            shown.append(t.who_more.format(n=self.total - len(self.names)))
        return separator.join(shown)


class WhoIsComing:
    """Names the contacts booked on a slot."""

    def __init__(self, *, vitec: VitecClient, directory: Directory) -> None:
        self._vitec = vitec
        self._directory = directory

    async def booked(
        self, estate_id: str, viewing_id: str, time_slot_id: str, *, limit: int = MAX_NAMES
    ) -> Booked | None:
        """Who is booked on the slot; None when Vitec cannot say (or knows no such slot)."""
        office = self._directory.customer_id
        try:
            viewings = await self._vitec.viewings(office, estate_id, timeout=WHO_TIMEOUT)
            slot = next(
                (
                    s
                    for v in viewings
                    if v.id.lower() == viewing_id.lower()
                    for s in v.time_slots
                    if s.id.lower() == time_slot_id.lower()
                ),
                None,
            )
            if slot is None:
                return None
            ids = [p.contact_id for p in slot.participants or () if p.contact_id]
            contacts = await self._vitec.contacts(office, ids[:limit]) if ids else ()
        except (VitecError, TimeoutError) as exc:
            log_problem("who is booked", exc, office)
            return None
        names = tuple(c.display_name for c in contacts)
        return Booked(
            names=names,
            total=max(len(ids), len(names)),
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
        )

    async def picker_line(
        self, estate_id: str, viewing_id: str, time_slot_id: str, t: Catalogue
    ) -> str:
        """The slot picker's line of who is booked on the chosen slot; empty when nobody is."""
        booked = await self.booked(estate_id, viewing_id, time_slot_id, limit=8)
        if booked is None or booked.total == 0:
            return ""
        when = format_slot(booked.starts_at, booked.ends_at, t)
        return t.who_in_picker.format(slot=when, names=booked.listing(t, separator=", "))

    async def answer(self, estate_id: str, viewing_id: str, time_slot_id: str, t: Catalogue) -> str:
        """The sentence for the agent who clicked "Vem kommer?"."""
        booked = await self.booked(estate_id, viewing_id, time_slot_id)
        if booked is None:
            return t.who_failed
        estate = self._directory.estate(estate_id)
        address = escape_mrkdwn(estate.street_address if estate else estate_id)
        when = format_slot(booked.starts_at, booked.ends_at, t)
        if booked.total == 0:
            return t.who_nobody.format(address=address, slot=when)
        return t.who_list.format(address=address, slot=when, names=booked.listing(t))

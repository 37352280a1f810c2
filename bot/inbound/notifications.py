"""Vitec's notifications, handled after Vitec has had its answer.

Vitec waits at most two seconds for a 2xx and does not retry by default, so the endpoint only
reads and hands over; everything here runs in the background:

- a booking on a viewing that the bot did not make is posted in every channel that follows the
  estate, once per booking however often Vitec delivers it;
- a changed estate refreshes its entry in the estate cache (a sold one leaves the picker);
- merged contacts are re-keyed in the ledger, so undo and history follow the contact kept.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from bot.directory import Directory
from bot.language import Language
from bot.notify import Reporter
from bot.store import Ledger, LedgerError, notification_key
from bot.tasks import BackgroundTasks
from bot.ui.formatting import escape_mrkdwn, format_upcoming
from bot.ui.messages import Message, text_message
from bot.ui.texts import texts
from bot.vitec.errors import VitecError
from bot.vitec.notifications import Notification
from bot.vitec.paths import InvalidIdError, check_id

log = logging.getLogger(__name__)

READ_TIMEOUT = 10.0
"""Seconds each Vitec read for a notification's message gets: nobody is waiting on it."""


class Notifications:
    """Acts on Vitec's notifications for one office, in one workspace's channels.

    ``team_id`` names the workspace of an OAuth bundle: only its channels hear of bookings, and
    each workspace that follows an office's estate hears of a booking once. Without it
    (single-workspace mode) every following channel is the one workspace's.
    """

    def __init__(
        self,
        *,
        ledger: Ledger,
        directory: Directory,
        reporter: Reporter,
        tasks: BackgroundTasks,
        clock: Callable[[], datetime],
        language: Language,
        team_id: str | None = None,
    ) -> None:
        self._team_id = team_id
        self._ledger = ledger
        self._directory = directory
        self._reporter = reporter
        self._tasks = tasks
        self._clock = clock
        self._language = language

    def received(self, notification: Notification) -> None:
        """Take a notification over; it is handled in the background."""
        self._tasks.spawn(self.handle(notification), name="vitec-notification")

    async def handle(self, notification: Notification) -> None:
        """Act on one notification; other offices' and unknown kinds are passed over."""
        office = self._directory.customer_id
        if (notification.customer_id or "").casefold() != office.casefold():
            log.warning("a notification for another office than %s was passed over", office)
            return
        try:
            if notification.is_viewing_participant and not notification.is_removal:
                await self._booked(notification)
            elif notification.is_estate:
                await self._estate_changed(notification)
            elif notification.is_merge:
                await self._merged(notification)
        except (LedgerError, VitecError, TimeoutError) as exc:
            log.warning(
                "a %s notification could not be handled: %s",
                notification.type or "?",
                type(exc).__name__,
            )

    async def _booked(self, notification: Notification) -> None:
        ids = _ids(notification.rel_id1, notification.rel_id2, notification.rel_id3)
        if ids is None:
            log.info("a ViewingParticipant notification without its estate, contact or viewing")
            return
        estate_id, contact_id, viewing_id = ids
        office = self._directory.customer_id
        if await self._ledger.inbound.bot_booked(viewing_id, contact_id):
            return
        followers = [
            follow
            for follow in await self._ledger.inbound.followers(office, estate_id)
            if self._team_id is None or follow.team_id == self._team_id
        ]
        if not followers:
            return
        booking = notification.id or f"{viewing_id}/{contact_id}"
        # Once per workspace: two workspaces that connect the same office each hear of it.
        scope = (office,) if self._team_id is None else (office, self._team_id)
        key = notification_key(*scope, "ViewingParticipant", booking.upper())
        if not await self._ledger.inbound.first_delivery(key):
            return
        message = await self._describe(estate_id, contact_id, viewing_id)
        for follow in followers:
            posted = await self._reporter.post(message, channel_id=follow.channel_id)
            if not posted.reached:
                log.warning("a booking made elsewhere could not be posted in a following channel")

    async def _describe(self, estate_id: str, contact_id: str, viewing_id: str) -> Message:
        t = texts(self._language)
        contact, estate, starts_at = await asyncio.gather(
            self._directory.contact(contact_id, timeout=READ_TIMEOUT),
            self._directory.estate_by_id(estate_id),
            self._directory.booked_time(estate_id, viewing_id, contact_id, timeout=READ_TIMEOUT),
            return_exceptions=True,
        )
        name = contact.name if not isinstance(contact, BaseException) and contact else t.someone
        address = (
            estate.street_address if not isinstance(estate, BaseException) and estate else estate_id
        )
        values = {"name": escape_mrkdwn(name), "address": escape_mrkdwn(address)}
        if isinstance(starts_at, datetime):
            when = format_upcoming(starts_at, self._clock(), t)
            return text_message(t.web_booking.format(when=when, **values))
        return text_message(t.web_booking_no_time.format(**values))

    async def _estate_changed(self, notification: Notification) -> None:
        ids = _ids(notification.id)
        if ids is None:
            return
        [estate_id] = ids
        entry = await self._directory.refresh_estate(estate_id)
        log.info("estate notification: the cache entry %s", "refreshed" if entry else "dropped")

    async def _merged(self, notification: Notification) -> None:
        merged = notification.merged_contacts()
        if merged is None:
            log.info("a Merge notification without the contacts merged")
            return
        destination, sources = merged
        checked = _ids(destination, *sources)
        if checked is None:
            return
        changed = await self._ledger.inbound.merge_contacts(checked[1:], checked[0])
        log.info("merge notification: %d sign-up(s) re-keyed to the contact kept", changed)


def _ids(*values: str | None) -> tuple[str, ...] | None:
    """The ids, each checked as safe to use; None when one is missing or not an id."""
    try:
        return tuple(check_id(v) for v in values if v is not None) if all(values) else None
    except InvalidIdError:
        return None

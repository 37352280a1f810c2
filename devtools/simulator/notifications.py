"""Vitec's notifications, sent the way Vitec sends them: a JSON ``POST`` per change, with the same
parameters repeated in the URL's query, to one subscriber URL.

The simulator notifies every booking and removal on a viewing, the bot's own included (as Vitec
does), and a booking made "on the web" through the admin API. Turned off, or without a URL,
nothing is sent. The URL must be on this machine: the simulator talks to nothing else.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from devtools.simulator.loopback import is_loopback_host
from devtools.simulator.records import Registration

log = logging.getLogger(__name__)

TIMEOUT = 2.0
"""Vitec gives a receiver two seconds, and does not retry by default."""

Post = Callable[[str, dict[str, str], dict[str, Any]], Awaitable[int]]
"""Sends one notification: URL, query, JSON body; answers the HTTP status (0: no answer)."""


@dataclass(frozen=True)
class SentNotification:
    """A notification the simulator delivered, and the status the subscriber answered."""

    body: dict[str, Any]
    status: int

    def to_json(self) -> dict[str, Any]:
        """The admin API's view of it."""
        return {"body": self.body, "status": self.status}


async def _http_post(url: str, query: dict[str, str], body: dict[str, Any]) -> int:
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT) as client:
            answer = await client.post(url, params=query, json=body)
    except httpx.HTTPError as exc:
        log.info("notification not delivered: %s", type(exc).__name__)
        return 0
    return answer.status_code


def check_url(url: str | None) -> str | None:
    """The subscriber URL, when it is an http(s) URL on this machine; else ValueError."""
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not is_loopback_host(parts.hostname or ""):
        raise ValueError("the notification URL must be an http(s) URL on this machine")
    return url


class Notifier:
    """Sends the simulator's notifications to the subscriber, in the background."""

    def __init__(self, *, url: str | None = None, enabled: bool = True, post: Post | None = None):
        self.url = check_url(url)
        self.enabled = enabled
        self.sent: list[SentNotification] = []
        self._post = post or _http_post
        self._tasks: set[asyncio.Task[None]] = set()
        self._numbers = itertools.count(1)

    def configure(self, *, url: str | None = None, enabled: bool | None = None) -> None:
        """Point the notifications at a subscriber, or turn them on or off."""
        if url is not None:
            self.url = check_url(url)
        if enabled is not None:
            self.enabled = enabled

    def viewing_participant(self, registration: Registration, estate_id: str, event: str) -> None:
        """A contact was booked on (``Update``) or removed from (``Remove``) a viewing."""
        r = registration
        seed = f"{r.customer_id}/{r.viewing_id}/{r.contact_id}/{next(self._numbers)}"
        booking_id = "VID" + hashlib.sha256(seed.encode()).hexdigest()[:32].upper()
        self.send(
            {
                "name": "ViewingParticipant",
                "type": "EstateContact",
                "event": event,
                "customerId": r.customer_id,
                "id": booking_id,
                "subtype": "ViewingParticipant",
                "relId1": estate_id,
                "relType1": "Estate",
                "relId2": r.contact_id,
                "relType2": "Contact",
                "relId3": r.viewing_id,
                "relType3": "Viewing",
            }
        )

    def send(self, body: dict[str, Any]) -> None:
        """Deliver a notification in the background (nothing when off or without a URL)."""
        if not (self.enabled and self.url):
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = loop.create_task(self._deliver(self.url, body))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def idle(self) -> None:
        """Wait until every notification under way was answered (or not)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def clear(self) -> None:
        """Forget what was sent (a reset)."""
        self.sent.clear()

    async def _deliver(self, url: str, body: dict[str, Any]) -> None:
        query = {key: str(value) for key, value in body.items() if key != "data"}
        status = await self._post(url, query, body)
        self.sent.append(SentNotification(body, status))

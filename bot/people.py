"""Who the agent is to Slack: their language and account kind (``users.info``), cached briefly."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.cache import TtlCache
from bot.language import Language, language_for_locale
from bot.slack_failures import SLACK_FAILURES, slack_error

log = logging.getLogger(__name__)

PROFILE_TTL = timedelta(minutes=5)
"""How long Slack's word on a user holds: a guest made of a member, or a deactivated account,
loses access within this time."""
LOOKUP_TIMEOUT = 1.0
"""Seconds a request waits for ``users.info``: an options load must still answer within 3 s."""


@dataclass(frozen=True)
class SlackUser:
    """What Slack says of one user: their language and what the access policy needs to know."""

    id: str
    teams: frozenset[str]
    """The workspaces the account belongs to: its own, and on Enterprise Grid every workspace
    of the organisation it was added to. A Slack Connect user's lie in another organisation."""
    language: Language
    is_bot: bool
    """A bot or an app user: never a person acting for the office."""
    deleted: bool
    """A deactivated account."""
    is_restricted: bool
    """A multi-channel guest."""
    is_ultra_restricted: bool
    """A single-channel guest."""
    is_stranger: bool
    """A user of another organisation that Slack shows through a shared channel."""

    @classmethod
    def from_api(cls, user: Mapping[str, Any], default: Language) -> SlackUser:
        """Read a ``users.info`` user object; a flag Slack leaves out counts as not set."""
        teams = {user.get("team_id")}
        grid = user.get("enterprise_user")
        if isinstance(grid, Mapping) and isinstance(grid.get("teams"), list):
            teams.update(grid["teams"])
        return cls(
            id=str(user.get("id") or ""),
            teams=frozenset(t for t in teams if isinstance(t, str) and t),
            language=language_for_locale(user.get("locale"), default),
            is_bot=user.get("is_bot") is True or user.get("is_app_user") is True,
            deleted=user.get("deleted") is True,
            is_restricted=user.get("is_restricted") is True,
            is_ultra_restricted=user.get("is_ultra_restricted") is True,
            is_stranger=user.get("is_stranger") is True,
        )


class People:
    """Looks Slack users up (``users.info``) and keeps the answer for ``PROFILE_TTL``."""

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        default: Language,
        clock: Callable[[], datetime],
        ttl: timedelta = PROFILE_TTL,
        timeout: float = LOOKUP_TIMEOUT,
    ) -> None:
        self._client = client
        self.default = default
        self._timeout = timeout
        self._profiles: TtlCache[SlackUser] = TtlCache(ttl, clock)
        self._asking: dict[str, asyncio.Future[SlackUser | None]] = {}
        """Look-ups in flight: requests of one user at once share a users.info call."""

    async def profile(self, user_id: str) -> SlackUser | None:
        """What Slack says of the user; None when Slack cannot say right now (nothing cached)."""
        cached = self._profiles.get(user_id)
        if cached is not None:
            return cached
        asking = self._asking.get(user_id)
        if asking is None:
            asking = asyncio.ensure_future(self._look_up(user_id))
            self._asking[user_id] = asking
            asking.add_done_callback(lambda _: self._asking.pop(user_id, None))
        # One caller giving up (its request cancelled) does not cancel the others' answer.
        return await asyncio.shield(asking)

    async def _look_up(self, user_id: str) -> SlackUser | None:
        try:
            async with asyncio.timeout(self._timeout):
                answer = await self._client.users_info(user=user_id, include_locale=True)
        except SLACK_FAILURES as exc:
            log.warning("users.info failed: %s", slack_error(exc))
            return None
        user = answer.get("user")
        if not isinstance(user, Mapping) or user.get("id") != user_id:
            log.warning("users.info answered without the user asked for")
            return None
        profile = SlackUser.from_api(user, self.default)
        self._profiles.put(user_id, profile)
        return profile

    async def language(self, user_id: str) -> Language:
        """The user's language; the configured default when Slack cannot tell."""
        profile = await self.profile(user_id)
        return profile.language if profile is not None else self.default

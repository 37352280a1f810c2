"""Who may use the bot: the installing workspace's full members, optionally narrowed further.

Guests, users of other organisations (Slack Connect), bots and deactivated accounts are refused
before anything reaches Vitec. When Slack cannot say who someone is, the answer is no.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.cache import TtlCache
from bot.people import People, SlackUser
from bot.settings import AccessSettings

log = logging.getLogger(__name__)

Refusal = Literal[
    "workspace", "external", "unverified", "deactivated", "bot", "guest", "channel", "group"
]
"""Why a request is refused, in the order the policy asks."""

MEMBERSHIP_TTL = timedelta(minutes=5)
"""How long a user group's member list holds before Slack is asked again."""
MEMBERSHIP_TIMEOUT = 1.0
"""Seconds a request waits for Slack's user group calls."""

_USERGROUP_ID = re.compile(r"S[A-Z0-9]+")


@dataclass(frozen=True)
class Installation:
    """The workspace (and Enterprise Grid organisation, if any) the bot is installed in."""

    team_id: str
    enterprise_id: str | None = None


@dataclass(frozen=True)
class Requester:
    """Who a request comes from, as the request itself states it."""

    user_id: str
    team_id: str | None
    """The workspace the request came from."""
    enterprise_id: str | None = None
    user_team_id: str | None = None
    """The user's own workspace, when the request says (``user.team_id``)."""
    channel_id: str | None = None
    """The conversation the request came from, when it came from one."""


@dataclass(frozen=True)
class Verdict:
    """The policy's answer: allowed, or refused and why; ``user`` when Slack said who it is."""

    refusal: Refusal | None
    user: SlackUser | None = None

    @property
    def allowed(self) -> bool:
        """Whether the request may go on."""
        return self.refusal is None


class UserGroups:
    """Members of Slack user groups named by handle or id, cached for ``MEMBERSHIP_TTL``."""

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        clock: Callable[[], datetime],
        ttl: timedelta = MEMBERSHIP_TTL,
        timeout: float = MEMBERSHIP_TIMEOUT,
    ) -> None:
        self._client = client
        self._timeout = timeout
        self._ids: TtlCache[dict[str, str]] = TtlCache(ttl, clock)
        self._members: TtlCache[frozenset[str]] = TtlCache(ttl, clock)

    async def members(self, groups: frozenset[str]) -> frozenset[str] | None:
        """Everyone in any of the groups; None when Slack cannot say right now."""
        try:
            async with asyncio.timeout(self._timeout):
                ids = await self._group_ids(groups)
                lists = await asyncio.gather(*(self._members_of(i) for i in sorted(ids)))
        except SlackApiError as exc:
            log.warning("user group look-up failed: %s", exc.response.get("error"))
            return None
        except (SlackClientError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("user group look-up failed: %s", type(exc).__name__)
            return None
        return frozenset().union(*lists)

    async def _group_ids(self, groups: frozenset[str]) -> set[str]:
        ids = {g for g in groups if _USERGROUP_ID.fullmatch(g)}
        handles = groups - ids
        if handles:
            by_handle = await self._handles()
            for handle in sorted(handles):
                group_id = by_handle.get(handle.lower())
                if group_id is None:
                    # A typo in the configuration narrows access to nobody through that group.
                    log.warning("no enabled Slack user group has the handle %r", handle)
                else:
                    ids.add(group_id)
        return ids

    async def _handles(self) -> dict[str, str]:
        cached = self._ids.get("handles")
        if cached is not None:
            return cached
        answer = await self._client.usergroups_list(include_disabled=False)
        groups: Any = answer.get("usergroups") or []
        by_handle = {
            str(g["handle"]).lower(): str(g["id"])
            for g in groups
            if isinstance(g, Mapping) and g.get("handle") and g.get("id")
        }
        self._ids.put("handles", by_handle)
        return by_handle

    async def _members_of(self, group_id: str) -> frozenset[str]:
        cached = self._members.get(group_id)
        if cached is not None:
            return cached
        try:
            answer = await self._client.usergroups_users_list(usergroup=group_id)
        except SlackApiError as exc:
            if exc.response.get("error") != "no_such_subteam":
                raise
            log.warning("the Slack user group %s does not exist", group_id)
            members: frozenset[str] = frozenset()
        else:
            users: Any = answer.get("users") or []
            members = frozenset(u for u in users if isinstance(u, str))
        self._members.put(group_id, members)
        return members


class AccessPolicy:
    """Decides, per request, whether its user may use the bot; and who may undo any booking."""

    def __init__(self, people: People, groups: UserGroups, settings: AccessSettings) -> None:
        self._people = people
        self._groups = groups
        self._settings = settings

    @property
    def channels(self) -> frozenset[str]:
        """The channels the bot may be used in; empty means every channel."""
        return self._settings.channels

    def channel_allowed(self, channel_id: str | None) -> bool:
        """Whether the bot may be used in (and post to) the channel."""
        return not self._settings.channels or channel_id in self._settings.channels

    async def check(self, requester: Requester, installation: Installation) -> Verdict:
        """Whether the requester may use the bot; Slack is asked only what the request can't say."""
        if requester.team_id != installation.team_id or (requester.enterprise_id or None) != (
            installation.enterprise_id or None
        ):
            return Verdict("workspace")
        if (
            installation.enterprise_id is None
            and requester.user_team_id is not None
            and requester.user_team_id != installation.team_id
        ):
            # Outside Enterprise Grid an account has one workspace: no need to ask Slack. (On
            # Grid, `user.team_id` is the home workspace of a member added to several.)
            return Verdict("external")
        user = await self._people.profile(requester.user_id)
        if user is None:
            return Verdict("unverified")
        refusal = self._account_refusal(user, installation)
        if refusal is not None:
            return Verdict(refusal, user)
        if requester.channel_id is not None and not self.channel_allowed(requester.channel_id):
            return Verdict("channel", user)
        if self._settings.usergroups:
            members = await self._groups.members(self._settings.usergroups)
            if members is None:
                return Verdict("unverified", user)
            if user.id not in members:
                return Verdict("group", user)
        return Verdict(None, user)

    @staticmethod
    def _account_refusal(user: SlackUser, installation: Installation) -> Refusal | None:
        if user.deleted:
            return "deactivated"
        if user.is_bot:
            return "bot"
        if user.is_restricted or user.is_ultra_restricted:
            return "guest"
        if user.is_stranger or installation.team_id not in user.teams:
            return "external"
        return None

    async def is_manager(self, user_id: str) -> bool:
        """Whether the user may undo bookings others made; False when Slack cannot say."""
        if not self._settings.managers:
            return False
        members = await self._groups.members(self._settings.managers)
        return members is not None and user_id in members

"""A workspace's Vitec connection (OAuth mode): its admin connects offices, channels pick one.

The password is tried with Vitec before it is saved (sealed), and never shown again. Only the
workspace's admins and owners, or members of the user group they name, see or change it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Mapping
from typing import TYPE_CHECKING, Any

from bot.access import UserGroups
from bot.people import People
from bot.services import vitec_http
from bot.slack_failures import SLACK_FAILURES, slack_error
from bot.ui.formatting import escape_mrkdwn
from bot.ui.ids import BlockId
from bot.ui.messages import refusal_modal
from bot.ui.setup import (
    ConnectedOffice,
    ConnectRequest,
    connect_modal,
    not_connected_home,
    read_channel_office,
    read_connect,
    setup_blocks,
)
from bot.ui.texts import Catalogue, texts
from bot.vitec.client import VitecClient
from bot.vitec.errors import (
    VitecAuthError,
    VitecError,
    VitecForbiddenError,
    VitecNoResponseError,
    VitecNotFoundError,
)

if TYPE_CHECKING:
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.forms.history import History
    from bot.tenants import Tenants

log = logging.getLogger(__name__)

VERIFY_TIMEOUT = 2.0
"""Seconds the check with Vitec may take: the modal's answer must reach Slack within 3 s."""

_ADMIN_FLAGS = ("is_admin", "is_owner", "is_primary_owner")


class Connections:
    """Connecting Vitec offices and choosing a channel's office, for one process's workspaces."""

    def __init__(
        self,
        tenants: Tenants,
        *,
        verify_timeout: float = VERIFY_TIMEOUT,
    ) -> None:
        self._tenants = tenants
        self._workspaces = tenants.workspaces
        self._process = tenants.process
        self._vitec_transport = tenants.vitec_transport
        self._verify_timeout = verify_timeout

    def _people(self, slack: AsyncWebClient) -> People:
        settings = self._process.settings
        return People(slack, default=settings.visningsbot_language, clock=self._process.clock)

    async def may_manage(self, slack: AsyncWebClient, *, team_id: str, user_id: str) -> bool:
        """Whether the user is an admin or owner of the workspace, or in the group it named."""
        try:
            answer = await slack.users_info(user=user_id)
        except SLACK_FAILURES as exc:
            log.warning("users.info failed: %s", slack_error(exc))
            return False
        user = answer.get("user")
        if not isinstance(user, Mapping) or user.get("id") != user_id:
            return False
        if (
            user.get("team_id") != team_id
            or user.get("deleted") is True
            or user.get("is_bot") is True
            or user.get("is_restricted") is True
            or user.get("is_ultra_restricted") is True
        ):
            return False
        if any(user.get(flag) is True for flag in _ADMIN_FLAGS):
            return True
        group = await self._workspaces.settings_usergroup(team_id)
        if group is None:
            return False
        members = await UserGroups(slack, clock=self._process.clock).members(frozenset({group}))
        return members is not None and user_id in members

    def spawn(self, work: Coroutine[Any, Any, None], *, name: str) -> None:
        """Run work after the request has been answered (tracked, drained at shutdown)."""
        self._process.tasks.spawn(work, name=name)

    def spawn_home(self, slack: AsyncWebClient, *, team_id: str, user_id: str) -> None:
        """Publish the user's App Home after the request has been answered."""
        self._process.tasks.spawn(
            self.publish_home(slack, team_id=team_id, user_id=user_id), name="home"
        )

    async def publish_home(self, slack: AsyncWebClient, *, team_id: str, user_id: str) -> None:
        """App Home: the agent's bookings when connected, and the settings for those who may."""
        history = await self._history(slack, team_id)
        language = await self._people(slack).language(user_id)
        appendix: list[dict[str, Any]] = []
        if await self.may_manage(slack, team_id=team_id, user_id=user_id):
            offices = [
                ConnectedOffice(o.customer_id, o.username, o.updated_at)
                for o in await self._workspaces.offices(team_id)
            ]
            group = await self._workspaces.settings_usergroup(team_id)
            channels = await self._workspaces.channel_offices(team_id)
            appendix = setup_blocks(offices, group, language, channels)
        if history is not None:
            await history.publish_home(team_id=team_id, user_id=user_id, appendix=appendix)
            return
        view = not_connected_home(language)
        view["blocks"] = [*view["blocks"], *appendix]
        try:
            await slack.views_publish(user_id=user_id, view=view)
        except SLACK_FAILURES as exc:
            log.warning("views.publish failed: %s", slack_error(exc))

    async def _history(self, slack: AsyncWebClient, team_id: str) -> History | None:
        office = await self._tenants.choose_office(team_id, named=None, channel_id=None)
        if office is None or not slack.token:
            return None
        bundle = await self._tenants.bundle(team_id, office, token=slack.token)
        return bundle.history if bundle is not None else None

    async def open_connect(
        self, slack: AsyncWebClient, *, team_id: str, user_id: str, trigger_id: str
    ) -> None:
        """Open "Koppla Vitec" for those who may; a refusal for anyone else."""
        language = await self._people(slack).language(user_id)
        if await self.may_manage(slack, team_id=team_id, user_id=user_id):
            group = await self._workspaces.settings_usergroup(team_id)
            view = connect_modal(language, group)
        else:
            view = refusal_modal(texts(language).setup_not_admin, language)
        try:
            await slack.views_open(trigger_id=trigger_id, view=view)
        except SLACK_FAILURES as exc:
            log.warning("views.open failed: %s", slack_error(exc))

    async def submit_connect(
        self,
        slack: AsyncWebClient,
        *,
        team_id: str,
        user_id: str,
        values: Mapping[str, Any],
        language: str,
    ) -> dict[str, Any] | None:
        """Check the account with Vitec and save it; the inline errors to answer with, if any."""
        t = texts(language)
        if not await self.may_manage(slack, team_id=team_id, user_id=user_id):
            return _errors({BlockId.VITEC_USERNAME: t.setup_not_admin})
        request = read_connect(values, language)
        if not isinstance(request, ConnectRequest):
            return _errors(request)
        problem = await self._verify(request, t)
        if problem is not None:
            return _errors(problem)
        await self._workspaces.connect(
            team_id=team_id,
            username=request.username,
            password=request.password,
            offices=request.offices,
            by=user_id,
        )
        await self._workspaces.set_settings_usergroup(team_id, request.settings_usergroup)
        await self._tenants.refresh(team_id)
        log.info("a workspace connected %d Vitec office(s)", len(request.offices))
        return None

    async def _verify(self, request: ConnectRequest, t: Catalogue) -> dict[str, str] | None:
        """One cheap read per office (its lead sources) with the account; what failed, if any."""
        http = vitec_http(
            self._process.settings,
            request.username,
            request.password,
            transport=self._vitec_transport,
        )
        async with VitecClient(http) as vitec:
            try:
                async with asyncio.timeout(self._verify_timeout):
                    await asyncio.gather(
                        *(self._try_office(vitec, office, t) for office in request.offices)
                    )
            except _OfficeProblem as problem:
                return {problem.block: problem.text}
            except TimeoutError:
                return {BlockId.VITEC_OFFICES: t.setup_error_unreachable}
        return None

    async def _try_office(self, vitec: VitecClient, office: str, t: Catalogue) -> None:
        try:
            await vitec.lead_sources(office, timeout=self._verify_timeout)
        except VitecAuthError:
            raise _OfficeProblem(BlockId.VITEC_PASSWORD, t.setup_error_refused) from None
        except (VitecForbiddenError, VitecNotFoundError):
            raise _OfficeProblem(
                BlockId.VITEC_OFFICES, t.setup_error_office_denied.format(office=office)
            ) from None
        except VitecNoResponseError:
            raise _OfficeProblem(BlockId.VITEC_OFFICES, t.setup_error_unreachable) from None
        except VitecError as exc:
            log.warning("checking a Vitec office failed: %s", type(exc).__name__)
            raise _OfficeProblem(BlockId.VITEC_OFFICES, t.setup_error_odd_answer) from None

    async def choose_channel_office(
        self,
        slack: AsyncWebClient,
        *,
        team_id: str,
        user_id: str,
        values: Mapping[str, Any],
    ) -> None:
        """App Home's channel and office selects: once both are chosen, set and show it."""
        chosen = read_channel_office(values)
        if chosen is None:
            return
        channel_id, customer_id = chosen
        if customer_id not in await self._tenants.offices(team_id):
            return
        if not await self.may_manage(slack, team_id=team_id, user_id=user_id):
            return
        await self._workspaces.set_channel_office(team_id, channel_id, customer_id)
        await self.publish_home(slack, team_id=team_id, user_id=user_id)

    async def office_command(
        self,
        slack: AsyncWebClient,
        *,
        team_id: str,
        user_id: str,
        channel_id: str | None,
        argument: str,
    ) -> str:
        """``/visning kontor [kundnummer]``: the channel's office, or set it (admins)."""
        t = texts(await self._people(slack).language(user_id))
        offices = await self._tenants.offices(team_id)
        if not offices:
            return t.office_none
        listed = ", ".join(offices)
        words = argument.split()
        wanted = words[0].upper()[:30] if words else ""
        if not wanted or not channel_id:
            current = await self._tenants.choose_office(team_id, named=None, channel_id=channel_id)
            return t.office_current.format(office=current, offices=listed)
        if not await self.may_manage(slack, team_id=team_id, user_id=user_id):
            return t.setup_not_admin
        if wanted not in offices:
            return t.office_unknown.format(office=escape_mrkdwn(wanted), offices=listed)
        await self._workspaces.set_channel_office(team_id, channel_id, wanted)
        return t.office_set.format(office=wanted)


class _OfficeProblem(Exception):
    def __init__(self, block: str, text: str) -> None:
        super().__init__(text)
        self.block = block
        self.text = text


def _errors(errors: Mapping[str, str]) -> dict[str, Any]:
    return {"response_action": "errors", "errors": dict(errors)}

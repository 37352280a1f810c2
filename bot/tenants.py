"""OAuth mode: the use cases of each workspace's office, built when first needed and kept.

Every workspace that installs the app gets its own bundle per Vitec office: its own Slack
client (the workspace's token), Vitec connection pool (the office's password), estate cache,
user caches and reconciliation loop, over the process's one ledger and task set. A bundle is
rebuilt when its office's credentials change and dropped when the workspace uninstalls.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackTokenRotationError

from bot.clock import utc_now
from bot.services import (
    PURGE_INTERVAL,
    Process,
    Services,
    assemble,
    purge_past_retention,
    slack_client,
    vitec_http,
)
from bot.settings import AccessSettings, Settings
from bot.store.sealing import Sealer
from bot.store.workspaces import Workspaces

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    import httpx
    from slack_sdk.oauth.installation_store.async_installation_store import (
        AsyncInstallationStore,
    )
    from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.store.ledger import Office
    from bot.store.workspaces import OfficeConnection

log = logging.getLogger(__name__)

OFFICE_CONNECTIONS = 10
"""Vitec requests in flight at once per office: a busy office waits its turn in its own pool
instead of taking connections another office needs."""

ROTATION_CHECK = timedelta(minutes=30)
"""How often rotating tokens are looked at; Slack's last twelve hours."""
ROTATE_BEFORE_MINUTES = 120
"""A token that expires within this many minutes is renewed (Bolt's own margin)."""

EVERY_MEMBER = AccessSettings(usergroups=frozenset(), channels=frozenset(), managers=frozenset())
"""OAuth mode's access policy: every full member of the installing workspace."""


@dataclass
class _Bundle:
    services: Services
    credentials: tuple[str, datetime]
    """The user name and save time of the connection it was built with."""


class Tenants:
    """Bundles by (workspace, office), built lazily, rebuilt when credentials change."""

    def __init__(
        self,
        process: Process,
        workspaces: Workspaces,
        *,
        vitec_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.process = process
        self.workspaces = workspaces
        self._vitec_transport = vitec_transport
        self._bundles: dict[Office, _Bundle] = {}
        self._slack: dict[str, AsyncWebClient] = {}
        self._retired: list[Services] = []
        self._lock = asyncio.Lock()
        self._purge: asyncio.Task[None] | None = None
        self._rotation: asyncio.Task[None] | None = None

    @property
    def vitec_transport(self) -> httpx.AsyncBaseTransport | None:
        """The transport Vitec clients use (tests put the simulator in process here)."""
        return self._vitec_transport

    @property
    def bundles(self) -> dict[Office, Services]:
        """The bundles built so far (for the health check)."""
        return {office: bundle.services for office, bundle in self._bundles.items()}

    async def offices(self, team_id: str) -> list[str]:
        """The customerIds the workspace has connected, [] before its admin connects one."""
        return [office.customer_id for office in await self.workspaces.offices(team_id)]

    async def choose_office(
        self, team_id: str, *, named: str | None, channel_id: str | None
    ) -> str | None:
        """The office a request works in: the one it names if the workspace has it, else the
        channel's default, else the workspace's first; None when it has none."""
        offices = await self.offices(team_id)
        if not offices:
            return None
        if named in offices:
            return named
        if channel_id:
            default = await self.workspaces.channel_office(team_id, channel_id)
            if default in offices:
                return default
        return offices[0]

    async def bundles_of(self, team_id: str, *, token: str) -> list[Services]:
        """Every connected office's bundle of the workspace, built as needed."""
        bundles = [await self.bundle(team_id, o, token=token) for o in await self.offices(team_id)]
        return [b for b in bundles if b is not None]

    async def office_of_estate(self, team_id: str, estate_id: str, *, token: str) -> str | None:
        """The workspace's office whose estate list holds the estate, if one does."""
        for services in await self.bundles_of(team_id, token=token):
            if services.directory.estate(estate_id) is not None:
                return services.directory.customer_id
        return None

    async def office_of_signup(self, team_id: str, signup_id: int) -> str | None:
        """The office a ledger row of this workspace was booked in, if the row is its own."""
        signup = await self.process.ledger.get(signup_id)
        if signup is None or signup.team_id != team_id:
            return None
        return signup.customer_id

    def slack_for(self, team_id: str, token: str) -> AsyncWebClient:
        """The workspace's Web API client, with the token Bolt found (rotated ones included)."""
        client = self._slack.get(team_id)
        if client is None:
            client = slack_client(self.process.settings, self.process.slack_session, token=token)
            self._slack[team_id] = client
        elif client.token != token:
            # Every part of the workspace's bundles holds this one client, so all of them
            # use the new token from here on.
            client.token = token
        return client

    async def bundle(self, team_id: str, customer_id: str, *, token: str) -> Services | None:
        """The office's bundle, built (and its loops started) on first use; None when the
        workspace has not connected that office."""
        connections = await self.workspaces.offices(team_id)
        connection = next((c for c in connections if c.customer_id == customer_id), None)
        if connection is None:
            return None
        slack = self.slack_for(team_id, token)
        key = (team_id, customer_id)
        credentials = (connection.username, connection.updated_at)
        async with self._lock:
            current = self._bundles.get(key)
            if current is not None and current.credentials == credentials:
                return current.services
            if current is not None:
                await self._retire(current.services)
            services = self._assemble(connection, slack)
            services.start()
            self._bundles[key] = _Bundle(services, credentials)
            log.info("serving an office of a workspace (%d bundles)", len(self._bundles))
            return services

    def _assemble(self, connection: OfficeConnection, slack: AsyncWebClient) -> Services:
        http = vitec_http(
            self.process.settings,
            connection.username,
            connection.password,
            transport=self._vitec_transport,
            max_connections=OFFICE_CONNECTIONS,
        )
        return assemble(
            self.process,
            http=http,
            slack=slack,
            customer_id=connection.customer_id,
            access=EVERY_MEMBER,
            office=(connection.team_id, connection.customer_id),
        )

    async def refresh(self, team_id: str) -> None:
        """Drop the workspace's bundles after its connections changed; the next request builds
        them again with the new credentials."""
        async with self._lock:
            for key in [key for key in self._bundles if key[0] == team_id]:
                await self._retire(self._bundles.pop(key).services)

    async def forget(self, team_id: str) -> None:
        """The workspace uninstalled or revoked its tokens: its credentials and bundles go."""
        await self.workspaces.forget(team_id)
        await self.refresh(team_id)
        self._slack.pop(team_id, None)
        log.info("forgot a workspace's Vitec connections and Slack client")

    async def _retire(self, services: Services) -> None:
        # Bookings running on it finish first; its connections are closed at shutdown.
        await services.stop()
        self._retired.append(services)

    async def start(
        self, installations: AsyncInstallationStore, rotator: AsyncTokenRotator | None = None
    ) -> None:
        """Start every connected office's loops (estate cache, reconciliation), the purge and,
        with a ``rotator``, the renewal of rotating tokens."""
        self._purge = asyncio.create_task(self._purge_forever(), name="purge")
        if rotator is not None:
            await self.rotate_tokens(installations, rotator)
            self._rotation = asyncio.create_task(
                self._rotate_forever(installations, rotator), name="token-rotation"
            )
        for team_id in await self.workspaces.connected_teams():
            bot = await installations.async_find_bot(enterprise_id=None, team_id=team_id)
            if bot is None or not bot.bot_token:
                continue
            for customer_id in await self.offices(team_id):
                await self.bundle(team_id, customer_id, token=bot.bot_token)

    async def rotate_tokens(
        self, installations: AsyncInstallationStore, rotator: AsyncTokenRotator
    ) -> int:
        """Renew the bot tokens that expire within the next two hours (token rotation), so the
        background loops keep working between requests; returns how many were renewed.

        Bolt renews a token itself when a request needs it; this covers the hours without one.
        """
        renewed = 0
        for team_id in await self.workspaces.connected_teams():
            installation = await installations.async_find_installation(
                enterprise_id=None, team_id=team_id
            )
            if installation is None or installation.bot_refresh_token is None:
                continue
            try:
                rotated = await rotator.perform_token_rotation(
                    installation=installation,
                    minutes_before_expiration=ROTATE_BEFORE_MINUTES,
                )
            except SlackTokenRotationError as exc:
                log.warning("renewing a workspace's token failed: %s", type(exc).__name__)
                continue
            if rotated is None or rotated.bot_token is None:
                continue
            await installations.async_save(rotated)
            if team_id in self._slack:
                self.slack_for(team_id, rotated.bot_token)
            renewed += 1
        return renewed

    async def _rotate_forever(
        self, installations: AsyncInstallationStore, rotator: AsyncTokenRotator
    ) -> None:
        while True:
            await asyncio.sleep(ROTATION_CHECK.total_seconds())
            try:
                await self.rotate_tokens(installations, rotator)
            except Exception:
                log.exception("renewing tokens failed")

    async def _purge_forever(self) -> None:
        while True:
            try:
                await purge_past_retention(self.process.ledger, self.process.settings)
            except Exception:
                log.exception("purging past retention failed")
            await asyncio.sleep(PURGE_INTERVAL.total_seconds())

    async def aclose(self) -> None:
        """Stop every loop, let running bookings finish, then close every connection."""
        for loop in (self._purge, self._rotation):
            if loop is not None:
                loop.cancel()
                await asyncio.gather(loop, return_exceptions=True)
        bundles = [bundle.services for bundle in self._bundles.values()]
        for services in bundles:
            await services.stop()
        await self.process.aclose()
        for services in [*bundles, *self._retired]:
            await services.aclose()
        await self.workspaces.close()


async def open_tenants(
    settings: Settings,
    *,
    vitec_transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], datetime] = utc_now,
    worker: str | None = None,
) -> Tenants:
    """OAuth mode's process: the ledger, the workspaces' store (sealed with the settings' keys)
    and no bundle yet."""
    if settings.visningsbot_secret_key is None:
        raise ValueError("OAuth mode needs VISNINGSBOT_SECRET_KEY")
    sealer = Sealer(settings.visningsbot_secret_key.get_secret_value())
    process = await Process.open(settings, clock=clock, worker=worker)
    try:
        workspaces = await Workspaces.open(settings.database_url, sealer, clock=clock)
    except BaseException:
        await process.aclose()
        raise
    return Tenants(process, workspaces, vitec_transport=vitec_transport)

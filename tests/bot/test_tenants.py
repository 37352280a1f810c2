"""Each workspace's offices: bundles built once, rebuilt with new credentials, tokens renewed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import respx
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator

from bot.services import vitec_http
from bot.settings import load_settings
from bot.tenants import OFFICE_CONNECTIONS, Tenants, open_tenants
from tests.bot.slack_stub import StubSlack
from tests.bot.vitec.support import BASE_URL

TEAM = "T0VISNING"


@pytest.fixture
async def tenants(tmp_path: Path) -> AsyncIterator[Tenants]:
    router = respx.MockRouter(base_url=BASE_URL, assert_all_called=False)
    router.post("/Estate/GetEstateList").respond(json=[])
    settings = load_settings(
        None,
        slack_client_id="1.2",
        slack_client_secret="client-secret-for-tests",
        slack_signing_secret="signing-secret-for-tests",
        visningsbot_secret_key=Fernet.generate_key().decode(),
        vitec_base_url=BASE_URL,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'ledger.sqlite3'}",
    )
    opened = await open_tenants(settings, vitec_transport=httpx.MockTransport(router.async_handler))
    yield opened
    await opened.aclose()


async def connect(tenants: Tenants, *offices: str, password: str = "pw") -> None:  # noqa: S107
    await tenants.workspaces.connect(
        team_id=TEAM, username="visningsbot", password=password, offices=offices, by="U0ADMIN"
    )


async def test_an_office_gets_one_bundle_until_its_credentials_change(tenants: Tenants) -> None:
    await connect(tenants, "M30011", "M30012")

    first = await tenants.bundle(TEAM, "M30011", token="xoxb-1")
    again = await tenants.bundle(TEAM, "M30011", token="xoxb-1")
    other = await tenants.bundle(TEAM, "M30012", token="xoxb-1")
    assert first is again
    assert first is not None
    assert other is not None
    assert other is not first
    assert (first.office, first.directory.customer_id) == ((TEAM, "M30011"), "M30011")
    assert first.slack is other.slack, "one Slack client per workspace"

    await connect(tenants, "M30011", password="new")
    await tenants.refresh(TEAM)
    rebuilt = await tenants.bundle(TEAM, "M30011", token="xoxb-1")
    assert rebuilt is not first
    assert await tenants.bundle(TEAM, "M39999", token="xoxb-1") is None
    assert await tenants.bundle("T0OTHER", "M30011", token="xoxb-1") is None


async def test_a_rotated_token_reaches_every_bundle_of_the_workspace(tenants: Tenants) -> None:
    await connect(tenants, "M30011")
    bundle = await tenants.bundle(TEAM, "M30011", token="xoxb-old")
    assert bundle is not None

    await tenants.bundle(TEAM, "M30011", token="xoxb-new")

    assert bundle.slack.token == "xoxb-new"
    assert bundle.reporter is not None


async def test_tokens_about_to_expire_are_renewed_and_saved(tenants: Tenants) -> None:
    await connect(tenants, "M30011")
    assert tenants.process.settings.slack_client_id is not None
    installations, _ = tenants.workspaces.slack_stores(tenants.process.settings.slack_client_id)
    await installations.async_save(
        Installation(
            app_id="A0APP",
            team_id=TEAM,
            user_id="U0ADMIN",
            bot_token="xoxe.xoxb-old",
            bot_id="B0",
            bot_user_id="U0BOT",
            bot_refresh_token="xoxe-1-old",
            bot_token_expires_at=int(time.time()) + 60,
        )
    )
    bundle = await tenants.bundle(TEAM, "M30011", token="xoxe.xoxb-old")
    slack = StubSlack(
        {
            "oauth.v2.access": {
                "access_token": "xoxe.xoxb-new",
                "refresh_token": "xoxe-1-new",
                "expires_in": 43200,
                "token_type": "bot",
            }
        }
    )
    rotator = AsyncTokenRotator(client_id="1.2", client_secret="s", client=slack)

    assert await tenants.rotate_tokens(installations, rotator) == 1

    saved = await installations.async_find_bot(enterprise_id=None, team_id=TEAM)
    assert saved is not None
    assert (saved.bot_token, saved.bot_refresh_token) == ("xoxe.xoxb-new", "xoxe-1-new")
    assert bundle is not None
    assert bundle.slack.token == "xoxe.xoxb-new"
    assert await tenants.rotate_tokens(installations, rotator) == 0, "not due again yet"


async def test_forgetting_a_workspace_drops_its_bundles_and_passwords(tenants: Tenants) -> None:
    await connect(tenants, "M30011")
    await tenants.bundle(TEAM, "M30011", token="xoxb-1")

    await tenants.forget(TEAM)

    assert tenants.bundles == {}
    assert await tenants.workspaces.offices(TEAM) == []


class HoldingServer:
    """A loopback HTTP server that holds every request until released, counting connections."""

    def __init__(self) -> None:
        self.connections = 0
        self.release = asyncio.Event()
        self.changed = asyncio.Event()
        self.url = ""
        self._server: asyncio.Server | None = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.changed.set()
        try:
            while await reader.readuntil(b"\r\n\r\n"):
                await self.release.wait()
                body = b"[]"
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def until(self, connections: int) -> None:
        async with asyncio.timeout(5):
            while self.connections < connections:
                self.changed.clear()
                await self.changed.wait()

    async def __aenter__(self) -> HoldingServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"
        return self

    async def __aexit__(self, *_: object) -> None:
        self.release.set()
        if self._server is not None:
            self._server.close()


async def test_a_busy_office_waits_in_its_own_pool_and_leaves_another_office_its_connections(
    tenants: Tenants,
) -> None:
    settings = tenants.process.settings
    async with HoldingServer() as vitec:
        busy = vitec_http(settings, "visningsbot", "a", max_connections=OFFICE_CONNECTIONS)
        quiet = vitec_http(settings, "visningsbot", "b", max_connections=OFFICE_CONNECTIONS)
        busy_calls = [
            asyncio.create_task(busy.get(f"{vitec.url}/CRM/Lead/M30011/LeadSources"))
            for _ in range(OFFICE_CONNECTIONS + 5)
        ]
        await vitec.until(OFFICE_CONNECTIONS)
        quiet_call = asyncio.create_task(quiet.get(f"{vitec.url}/CRM/Lead/M30012/LeadSources"))
        await vitec.until(OFFICE_CONNECTIONS + 1)

        assert vitec.connections == OFFICE_CONNECTIONS + 1
        vitec.release.set()
        answers = await asyncio.gather(*busy_calls, quiet_call)
        assert {a.status_code for a in answers} == {200}
        assert vitec.connections <= OFFICE_CONNECTIONS + 1
        await busy.aclose()
        await quiet.aclose()

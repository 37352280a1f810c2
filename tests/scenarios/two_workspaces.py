"""Two Slack workspaces installing one distributed app, on loopback, against the simulator.

Each workspace is a fake Slack of its own. Slack's Web API is one URL for every workspace, so a
small router in front of them hands each call to the workspace whose token (or install code)
it carries; the install page sends the browser to whichever workspace ``installing`` names.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
from cryptography.fernet import Fernet
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from bot.server import create_web_app
from bot.settings import Settings, load_settings
from bot.tenants import Tenants, open_tenants
from devtools.playground.serving import RunningServer, serve_in_background
from devtools.playground.slack.fake import FakeSlack
from devtools.playground.slack.oauth import OAuthApp
from devtools.playground.slack.records import OpenView
from devtools.playground.slack.workspace import BOT, Channel, User, Workspace
from devtools.simulator import Simulator, create_simulator, known

SIGNING_SECRET = "scenario-signing-secret"
CLIENT_ID = "1111.2222"
CLIENT_SECRET = "scenario-client-secret"

ADMIN_A = "U0AGNETA"
AGENT_A = "U0ERIK"
CHANNEL_A = "C0VISNING"

ADMIN_B = "U0BRITT"
AGENT_B = "U0GUSTAV"
CHANNEL_B = "C0VAST"

VAST = Workspace(
    team_id="T0VAST",
    team_name="Mäklarhuset Väst",
    domain="maklarhuset-vast",
    bot_user=BOT,
    users=(
        User(ADMIN_B, "britt.holm", "Britt Holm", is_admin=True),
        User(AGENT_B, "gustav.ek", "Gustav Ek", locale="en-US"),
    ),
    channels=(Channel(CHANNEL_B, "visningar-väst", (ADMIN_B, AGENT_B)),),
)


@dataclass
class TwoWorkspaces:
    """The bot in OAuth mode, Mäklarhuset (A) and Mäklarhuset Väst (B), and the simulator."""

    a: FakeSlack
    b: FakeSlack
    simulator: Simulator
    tenants: Tenants
    settings: Settings
    bot_url: str
    router: _Router

    async def settle(self) -> None:
        """Wait until the bot has finished the work it does after acknowledging."""
        await self.tenants.process.tasks.idle()

    async def install(self, slack: FakeSlack) -> httpx.Response:
        """An admin of ``slack``'s workspace clicks through the install: the bot's install
        page, Slack's consent (Allow), and back to the bot's redirect."""
        self.router.installing = slack
        async with httpx.AsyncClient(trust_env=False) as browser:
            page = await browser.get(f"{self.bot_url}/slack/install")
            assert page.status_code == 200, page.text
            link = re.search(r'href="([^"]*oauth/v2/authorize[^"]*)"', page.text)
            assert link is not None, page.text
            # Bolt's state cookie is Secure: a browser keeps it for the bot's https address,
            # and, on loopback, for http too; httpx does not, so the test carries it itself.
            cookie = page.headers["set-cookie"].split(";", 1)[0]
            allowed = await browser.get(link.group(1).replace("&amp;", "&"))
            assert allowed.status_code == 302, allowed.text
            return await browser.get(allowed.headers["location"], headers={"cookie": cookie})

    async def connect(
        self, slack: FakeSlack, admin: str, *, offices: str, password: str
    ) -> OpenView:
        """The admin opens App Home, presses "Koppla Vitec", fills the modal in and submits;
        the modal as it stands afterwards (or the home when it closed)."""
        await slack.open_app_home(admin)
        await self.settle()
        home = slack.home_view(admin)
        assert home is not None
        await slack.press(home.id, "connect_vitec")
        await self.settle()
        modal = slack.open_views(admin)[-1]
        slack.set_value(modal.id, "vitec_username_input", known.USERNAME)
        slack.set_value(modal.id, "vitec_password_input", password)
        slack.set_value(modal.id, "vitec_offices_input", offices)
        await slack.submit(modal.id)
        await self.settle()
        views = slack.open_views(admin)
        return views[-1] if views else modal


@dataclass
class _Router:
    """Slack's one Web API URL in front of the two fake workspaces."""

    a: FakeSlack
    b: FakeSlack
    installing: FakeSlack | None = None
    clients: dict[int, httpx.AsyncClient] = field(default_factory=dict)

    def _client(self, slack: FakeSlack) -> httpx.AsyncClient:
        client = self.clients.get(id(slack))
        if client is None:
            transport = httpx.ASGITransport(app=slack.app)
            client = httpx.AsyncClient(transport=transport, base_url="http://slack")
            self.clients[id(slack)] = client
        return client

    async def api(self, request: Request) -> Response:
        body = await request.body()
        slack = self._owner(request, body)
        answer = await self._client(slack).request(
            request.method,
            request.url.path,
            params=request.query_params,
            content=body,
            headers={k: v for k, v in request.headers.items() if k.lower() != "host"},
        )
        return Response(answer.content, answer.status_code, headers=dict(answer.headers))

    async def authorize(self, request: Request) -> Response:
        assert self.installing is not None, "nobody is installing"
        answer = await self._client(self.installing).get(
            "/oauth/v2/authorize", params=request.query_params
        )
        return Response(answer.content, answer.status_code, headers=dict(answer.headers))

    def _owner(self, request: Request, body: bytes) -> FakeSlack:
        form = dict(parse_qsl(body.decode(errors="replace")))
        code = form.get("code", "")
        if code:
            return self.b if code.startswith(VAST.team_id) else self.a
        token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        token = token or form.get("token", "")
        return self.b if token == _token(VAST) else self.a

    async def aclose(self) -> None:
        for client in self.clients.values():
            await client.aclose()


def _token(workspace: Workspace) -> str:
    return f"xoxb-{workspace.team_id.lower()}"


@contextlib.asynccontextmanager
async def two_workspaces(tmp_path: Path, **overrides: Any) -> AsyncIterator[TwoWorkspaces]:
    """The whole deployment, torn down afterwards."""
    simulator = create_simulator()
    vitec = await serve_in_background(simulator.app)
    bot: RunningServer | None = None
    slack_server: RunningServer | None = None
    router: _Router | None = None
    slacks: list[FakeSlack] = []
    try:
        for workspace in (Workspace(), VAST):
            slacks.append(
                FakeSlack(
                    bot_url="",
                    signing_secret=SIGNING_SECRET,
                    bot_token=_token(workspace),
                    workspace=workspace,
                    oauth_app=OAuthApp(CLIENT_ID, CLIENT_SECRET),
                )
            )
        a, b = slacks
        router = _Router(a, b)
        slack_server = await serve_in_background(
            Starlette(
                routes=[
                    Route("/api/{method}", router.api, methods=["GET", "POST"]),
                    Route("/oauth/v2/authorize", router.authorize, methods=["GET"]),
                    Mount("/a", app=a.app),
                    Mount("/b", app=b.app),
                ]
            )
        )
        a.public_url, b.public_url = f"{slack_server.url}/a", f"{slack_server.url}/b"
        values: dict[str, Any] = {
            "slack_client_id": CLIENT_ID,
            "slack_client_secret": CLIENT_SECRET,
            "slack_signing_secret": SIGNING_SECRET,
            "visningsbot_secret_key": Fernet.generate_key().decode(),
            "slack_api_url": f"{slack_server.url}/api",
            "vitec_base_url": vitec.url,
            "database_url": f"sqlite+aiosqlite:///{tmp_path / 'ledger.sqlite3'}",
            "vitec_booking_deadline": 2.0,
            "vitec_timeout": 10.0,
        }
        built: list[Tenants] = []

        async def tenants_factory(settings: Settings) -> Tenants:
            built.append(await open_tenants(settings))
            return built[-1]

        settings = load_settings(None, **{**values, **overrides})
        bot = await serve_in_background(create_web_app(settings, tenants_factory=tenants_factory))
        bot_url = bot.url
        for slack in slacks:
            # The app's settings at Slack: its redirect URL and where events and actions go.
            assert slack.oauth is not None
            slack.oauth.app = OAuthApp(CLIENT_ID, CLIENT_SECRET, f"{bot_url}/slack/oauth_redirect")
            slack.bot_url = f"{bot_url}/slack/events"
        yield TwoWorkspaces(
            a=a,
            b=b,
            simulator=simulator,
            tenants=built[0],
            settings=settings,
            bot_url=bot_url,
            router=router,
        )
        simulator.state.release()
    finally:
        if bot is not None:
            await bot.stop()
        for slack in slacks:
            await slack.aclose()
        if router is not None:
            await router.aclose()
        if slack_server is not None:
            await slack_server.stop()
        await vitec.stop()

"""The playground with two workspaces (``visningsbot playground --workspaces``): OAuth mode.

The bot runs as a distributed app (``SLACK_CLIENT_ID``): Mäklarhuset has installed it and
connected Vitec office Södermalm when the playground starts; Mäklarhuset Väst has not. The page
switches between the two, and Väst's admin installs the app by clicking through Slack's
install round trip: the bot's install page, Slack's consent, the bot's redirect (which trades
the code through ``oauth.v2.access``) and back into the workspace with the bot installed.

Slack's Web API is one URL for every workspace: calls go to the workspace whose token (or
install code) they carry. Response URLs name their workspace; the page's client API
(``/slack/_client``) is the workspace the page shows.
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode

import httpx
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from bot.app import BOT_SCOPES
from devtools.playground.slack.fake import FakeSlack
from devtools.playground.slack.oauth import OAuthApp
from devtools.playground.slack.workspace import AGNETA, BOT, Channel, User, Workspace
from devtools.simulator import known

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

    from bot.tenants import Tenants

CLIENT_ID = "1000.2000"
"""The playground app's OAuth client id (public in a real app too)."""
INSTALL_PATH = "/bot/slack/install"
REDIRECT_PATH = "/bot/slack/oauth_redirect"

BRITT = User("U0BRITT", "britt.holm", "Britt Holm", locale="sv-SE", is_admin=True)
GUSTAV = User("U0GUSTAV", "gustav.ek", "Gustav Ek", locale="en-US")
VAST = Workspace(
    team_id="T0VAST",
    team_name="Mäklarhuset Väst",
    domain="maklarhuset-vast",
    bot_user=BOT,
    users=(BRITT, GUSTAV),
    channels=(Channel("C0VAST", "visningar-väst", (BRITT.id, GUSTAV.id)),),
)
"""The second workspace: not installed at start; its office is Göteborg (M30012)."""

_CONSENT_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
        "form-action 'none'; "
        "frame-ancestors 'none'"
    ),
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
}


def bot_token_of(workspace: Workspace) -> str:
    """The bot token Slack issues to the app in ``workspace``."""
    return f"xoxb-playground-{workspace.team_id.lower()}"


def oauth_settings(base_url: str, client_secret: str) -> dict[str, object]:
    """The bot's settings in OAuth mode, on top of the playground's own."""
    return {
        "slack_bot_token": None,
        "vitec_username": None,
        "vitec_password": None,
        "vitec_customer_id": None,
        "slack_client_id": CLIENT_ID,
        "slack_client_secret": client_secret,
        "slack_redirect_uri": f"{base_url}{REDIRECT_PATH}",
        "visningsbot_secret_key": Fernet.generate_key().decode(),
    }


@dataclass
class Workspaces:
    """The playground's workspaces, which one the page shows, and who is installing."""

    slacks: dict[str, FakeSlack]
    current: str
    tenants: Tenants | None = None
    """The bot's tenants, once it has started."""

    @classmethod
    def create(
        cls, base_url: str, signing_secret: str, client_secret: str, first: Workspace
    ) -> Workspaces:
        """One fake Slack per workspace, each serving its response URLs under its team id."""
        app = OAuthApp(CLIENT_ID, client_secret, f"{base_url}{REDIRECT_PATH}")
        slacks = {
            workspace.team_id: FakeSlack(
                bot_url=f"{base_url}/bot/slack/events",
                signing_secret=signing_secret,
                bot_token=bot_token_of(workspace),
                public_url=f"{base_url}/slack/w/{workspace.team_id}",
                workspace=workspace,
                oauth_app=app,
            )
            for workspace in (first, VAST)
        }
        return cls(slacks=slacks, current=first.team_id)

    @property
    def shown(self) -> FakeSlack:
        """The workspace the page shows."""
        return self.slacks[self.current]

    async def installed(self, team_id: str) -> bool:
        """Whether the bot holds an installation of the workspace."""
        if self.tenants is None or self.tenants.process.settings.slack_client_id is None:
            return False
        installations, _ = self.tenants.workspaces.slack_stores(
            self.tenants.process.settings.slack_client_id
        )
        return await installations.async_find_bot(enterprise_id=None, team_id=team_id) is not None

    async def preinstall(self, tenants: Tenants, team_id: str) -> None:
        """The workspace as a ready deployment: installed, with Södermalm connected."""
        self.tenants = tenants
        client_id = tenants.process.settings.slack_client_id or CLIENT_ID
        workspace = self.slacks[team_id].workspace
        installations, _ = tenants.workspaces.slack_stores(client_id)
        installer = next((u.id for u in workspace.users if u.is_admin), AGNETA.id)
        await installations.async_save(
            Installation(
                app_id=workspace.app_id,
                team_id=workspace.team_id,
                team_name=workspace.team_name,
                bot_token=bot_token_of(workspace),
                bot_id=workspace.bot_id,
                bot_user_id=workspace.bot_user.id,
                bot_scopes=list(BOT_SCOPES),
                user_id=installer,
                installed_at=time.time(),
            )
        )
        await tenants.workspaces.connect(
            team_id=team_id,
            username=known.USERNAME,
            password=known.PASSWORDS[known.SODERMALM],
            offices=(known.SODERMALM,),
            by=installer,
        )

    def _owner(self, headers: dict[str, str], body: bytes) -> FakeSlack:
        """The workspace a Web API call belongs to: by its install code or its token."""
        form = dict(parse_qsl(body.decode(errors="replace")))
        code = form.get("code", "")
        if code:
            team_id = code.partition(".")[0]
            return self.slacks.get(team_id, self.shown)
        token = headers.get("authorization", "").removeprefix("Bearer ").strip()
        token = token or form.get("token", "")
        for slack in self.slacks.values():
            if token == bot_token_of(slack.workspace):
                return slack
        return self.shown

    # --- routes ----------------------------------------------------------------------------

    def slack_app(self) -> Starlette:
        """Slack's side for every workspace, mounted at ``/slack``."""
        return Starlette(
            routes=[
                Route("/api/{method}", _WebApiRouter(self)),
                Route("/_client/{action:path}", _ShownClient(self)),
                Route("/oauth/v2/authorize", self._consent, methods=["GET"]),
                *(Mount(f"/w/{team}", app=slack.app) for team, slack in self.slacks.items()),
            ]
        )

    def page_routes(self, bot: ASGIApp, base_url: str) -> list[BaseRoute]:
        """The page's workspace switch and the install's return into the playground."""

        async def workspaces(request: Request) -> Response:
            if request.method == "PUT":
                try:
                    change = await request.json()
                    team_id = change.get("team_id") if isinstance(change, dict) else None
                except ValueError:
                    team_id = None
                if team_id not in self.slacks:
                    return JSONResponse({"error": "no such workspace"}, status_code=400)
                self.current = str(team_id)
            listed = [
                {
                    "id": team,
                    "name": slack.workspace.team_name,
                    "installed": await self.installed(team),
                }
                for team, slack in self.slacks.items()
            ]
            return JSONResponse(
                {"current": self.current, "workspaces": listed, "install_url": INSTALL_PATH}
            )

        async def install(request: Request) -> Response:
            # Bolt serves its install page at the bot's own /slack/install; mounted under /bot
            # here, the request reaches it by that path.
            answer = await _bot_get(bot, base_url, "/slack/install", request)
            link = _AUTHORIZE_LINK.search(answer.text) if answer.status_code == 200 else None
            if link is None:
                return _passed_on(answer)
            # Bolt's page shows Slack's button image from slack-edge.com: the playground stays
            # on this machine, so the same link (and the same state cookie) on a page of its own.
            page = _page(
                f"Installera visningsbot i {self.shown.workspace.team_name}",
                f'<p><a class="button" data-testid="add-to-slack" href="{link.group(1)}">'
                "Lägg till i Slack</a></p><p>Så här ser appens installationssida ut: knappen "
                "leder till Slacks godkännande och sedan tillbaka till boten.</p>",
            )
            installed = HTMLResponse(page, headers=_CONSENT_HEADERS)
            for cookie in answer.headers.get_list("set-cookie"):
                installed.headers.append("set-cookie", cookie)
            return installed

        async def redirect(request: Request) -> Response:
            # The bot's own redirect handler; on success, back to the page in that workspace
            # instead of Bolt's "open Slack" page (slack://, which a browser here cannot open).
            answer = await _bot_get(bot, base_url, "/slack/oauth_redirect", request)
            if answer.status_code != 200:
                return _passed_on(answer)
            team_id = request.query_params.get("code", "").partition(".")[0]
            if team_id in self.slacks:
                self.current = team_id
            back = RedirectResponse("/", status_code=303)
            for cookie in answer.headers.get_list("set-cookie"):
                back.headers.append("set-cookie", cookie)
            return back

        return [
            Route("/api/workspaces", workspaces, methods=["GET", "PUT"]),
            Route(INSTALL_PATH, install, methods=["GET"]),
            Route(REDIRECT_PATH, redirect, methods=["GET"]),
        ]

    async def _consent(self, request: Request) -> Response:
        """Slack's consent page for the workspace the page shows; "Tillåt" lets the fake
        Slack send the browser back to the app with a code."""
        slack = self.shown
        if slack.oauth is None:
            return Response("no app to install", status_code=404)
        if request.query_params.get("allow") == "1":
            return await slack.oauth.authorize(request)
        allow = f"?{urlencode({**request.query_params, 'allow': '1'})}"
        ws = slack.workspace
        installer = next((u for u in ws.users if u.is_admin or u.is_owner), None)
        scopes = request.query_params.get("scope", "").split(",")
        items = "".join(f"<li>{html.escape(s)}</li>" for s in scopes if s)
        who = html.escape(installer.real_name if installer else "admin")
        page = _page(
            f"visningsbot begär behörighet till {ws.team_name}",
            f"<p>Du installerar som {who}. Appen kommer att få:</p>"
            f'<ul data-testid="scopes">{items}</ul>'
            f'<p><a class="button" data-testid="allow" href="{html.escape(allow)}">Tillåt</a> '
            '<a href="/">Avbryt</a></p>',
        )
        return HTMLResponse(page, headers=_CONSENT_HEADERS)


_AUTHORIZE_LINK = re.compile(r'<a href="([^"]*oauth/v2/authorize[^"]*)"')
"""The "Add to Slack" link of Bolt's install page (its URL already HTML-escaped)."""


def _page(title: str, body: str) -> str:
    """A plain page of Slack's install round trip: no scripts, no outside resources."""
    return (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
        '<link rel="icon" href="data:,">'
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;color:#1d1c1d}"
        "a.button{display:inline-block;background:#007a5a;color:#fff;padding:.6rem 1.2rem;"
        "border-radius:4px;text-decoration:none;font-weight:700}"
        f"</style></head><body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )


async def _bot_get(bot: ASGIApp, base_url: str, path: str, request: Request) -> httpx.Response:
    """GET the bot's own ``path`` in process, with the browser's query and cookie."""
    transport = httpx.ASGITransport(app=bot)
    async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
        return await client.get(
            path,
            params=request.query_params,
            headers={"cookie": request.headers.get("cookie", "")},
        )


def _passed_on(answer: httpx.Response) -> Response:
    passed = Response(
        answer.content, answer.status_code, media_type=answer.headers.get("content-type")
    )
    for name in ("set-cookie", "location", "cache-control"):
        for value in answer.headers.get_list(name):
            passed.headers.append(name, value)
    return passed


class _WebApiRouter:
    """``/api/{method}``: the call goes to the workspace whose token or code it carries."""

    def __init__(self, workspaces: Workspaces) -> None:
        self._workspaces = workspaces

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        slack = self._workspaces._owner(headers, body)

        async def replay() -> dict[str, object]:
            return {"type": "http.request", "body": body, "more_body": False}

        await slack.app(scope, replay, send)


class _ShownClient:
    """``/_client/…``: the page's actions, in the workspace it shows."""

    def __init__(self, workspaces: Workspaces) -> None:
        self._workspaces = workspaces

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._workspaces.shown.app(scope, receive, send)

"""``visningsbot playground``: the real bot, a local Vitec and a local Slack, on one port.

Everything runs in one process on loopback: the page at ``/``, the fake Slack under ``/slack``,
the Vitec simulator under ``/vitec`` and the bot itself under ``/bot`` (its ``/slack/events``),
wired together exactly as a deployment is: signed requests, Web API calls, Vitec over HTTP.
"""

from __future__ import annotations

import contextlib
import secrets
import socket
import sys
import tempfile
import webbrowser
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount

from bot.server import create_web_app
from bot.services import Services, build_services
from bot.settings import Settings, load_settings
from bot.tenants import Tenants, open_tenants
from devtools.playground.page import page_routes
from devtools.playground.parts import Playground
from devtools.playground.slack.fake import FakeSlack
from devtools.playground.slack.workspace import ERIK, VISNINGAR, Workspace
from devtools.playground.vitec_calls import RecordingTransport
from devtools.playground.workspaces import Workspaces, oauth_settings
from devtools.simulator import create_simulator, known
from devtools.simulator.loopback import LoopbackOnly, require_loopback


def playground_settings(base_url: str, database_url: str, **overrides: Any) -> Settings:
    """Settings of the bot inside the playground: generated secrets, local Slack and Vitec."""
    values: dict[str, Any] = {
        "slack_bot_token": f"xoxb-playground-{secrets.token_hex(8)}",
        "slack_signing_secret": secrets.token_hex(16),
        "slack_api_url": f"{base_url}/slack/api",
        "vitec_base_url": f"{base_url}/vitec",
        "vitec_username": known.USERNAME,
        "vitec_password": known.PASSWORDS[known.SODERMALM],
        "vitec_customer_id": known.SODERMALM,
        "database_url": database_url,
        "vitec_notification_secret": secrets.token_urlsafe(32),
    }
    return load_settings(None, **{**values, **overrides})


def create_playground_app(
    base_url: str, database_url: str, *, workspace: Workspace | None = None, **overrides: Any
) -> tuple[Starlette, Playground]:
    """The playground as one ASGI app served at ``base_url``; `workspace` replaces Mäklarhuset."""
    settings = playground_settings(base_url, database_url, **overrides)
    simulator = create_simulator()
    slack = FakeSlack(
        bot_url=f"{base_url}/bot/slack/events",
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        bot_token=settings.single_workspace.bot_token.get_secret_value(),
        public_url=f"{base_url}/slack",
        workspace=workspace,
    )
    playground = Playground(slack=slack, simulator=simulator, settings=settings)
    notification_secret = settings.vitec_notification_secret
    if notification_secret is not None:
        # Vitec's notifications of bookings reach the bot, as an office's subscription would.
        simulator.state.notifier.configure(
            url=f"{base_url}/bot/vitec/notifications/{notification_secret.get_secret_value()}"
        )
    if workspace is None:
        _greet(slack)

    async def services_factory(s: Settings) -> Services:
        transport = RecordingTransport(
            playground.vitec_calls, base_path=urlsplit(s.vitec_base_url).path
        )
        playground.services = await build_services(s, vitec_transport=transport)
        return playground.services

    bot = create_web_app(settings, services_factory)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        # Mounted apps get no lifespan of their own: the bot's (services) and the fake Slack's
        # (its HTTP client) run inside this one.
        async with bot.router.lifespan_context(bot), slack.app.router.lifespan_context(slack.app):
            yield

    app = Starlette(
        routes=[
            Mount("/slack", app=slack.app),
            Mount("/vitec", app=simulator.app),
            Mount("/bot", app=bot),
            *page_routes(playground),
        ],
        lifespan=lifespan,
        # No logins anywhere: only this machine, and pages served from it, may use it.
        middleware=[Middleware(LoopbackOnly)],
    )
    return app, playground


SAMPLE_REQUEST = (
    "Från receptionen: Åsa Öberg (070-123 45 67, asa.oberg@example.com) vill gå på visningen "
    "på Götgatan 14. Kan någon anmäla henne?"
)
"""A colleague's message in #visningar, for the message shortcut (its ⋮ menu) to be tried on."""


def _greet(slack: FakeSlack) -> None:
    channel = slack.world.channels[VISNINGAR.id]
    slack.world.post(channel, text=SAMPLE_REQUEST, blocks=[], user=ERIK.id, via="person")


def create_workspaces_playground_app(
    base_url: str, database_url: str, *, workspace: Workspace | None = None, **overrides: Any
) -> tuple[Starlette, Playground]:
    """The playground in OAuth mode with two workspaces: the first (Mäklarhuset, or
    `workspace`) installed and connected to Södermalm, Mäklarhuset Väst still to install."""
    client_secret = secrets.token_hex(16)
    settings = playground_settings(
        base_url, database_url, **{**oauth_settings(base_url, client_secret), **overrides}
    )
    simulator = create_simulator()
    workspaces = Workspaces.create(
        base_url,
        settings.slack_signing_secret.get_secret_value(),
        client_secret,
        workspace or Workspace(),
    )
    playground = Playground(
        slack=workspaces.shown, simulator=simulator, settings=settings, workspaces=workspaces
    )

    async def tenants_factory(s: Settings) -> Tenants:
        transport = RecordingTransport(
            playground.vitec_calls, base_path=urlsplit(s.vitec_base_url).path
        )
        tenants = await open_tenants(s, vitec_transport=transport)
        await workspaces.preinstall(tenants, workspaces.current)
        return tenants

    bot = create_web_app(settings, tenants_factory=tenants_factory)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with bot.router.lifespan_context(bot):
            try:
                yield
            finally:
                for slack in workspaces.slacks.values():
                    await slack.aclose()

    app = Starlette(
        routes=[
            Mount("/slack", app=workspaces.slack_app()),
            Mount("/vitec", app=simulator.app),
            *workspaces.page_routes(bot, base_url),
            Mount("/bot", app=bot),
            *page_routes(playground),
        ],
        lifespan=lifespan,
        middleware=[Middleware(LoopbackOnly)],
    )
    return app, playground


def run_playground(
    *,
    port: int = 3000,
    host: str = "127.0.0.1",
    open_browser: bool = True,
    workspaces: bool = False,
) -> int:
    """Serve the playground until interrupted (Ctrl+C); everything it held is gone after."""
    base_url = f"http://{require_loopback(host)}:{port}"
    # Listen before startup: the bot reads its estate list from the simulator on this very port
    # while the app starts.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with contextlib.closing(sock):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            print(
                f"Port {port} is taken ({exc.strerror}). Choose another: "
                f"visningsbot playground --port {port + 1}, or make playground PORT={port + 1}.",
                file=sys.stderr,
            )
            return 1
        # Listening before startup: the bot reads its estate list from the simulator on this
        # very port while the app starts, and a browser opened now waits instead of failing.
        sock.listen(128)
        with tempfile.TemporaryDirectory(prefix="visningsbot-playground-") as data:
            database_url = f"sqlite+aiosqlite:///{Path(data) / 'ledger.sqlite3'}"
            create = create_workspaces_playground_app if workspaces else create_playground_app
            app, _ = create(base_url, database_url)
            print(
                f"\n  visningsbot playground: {base_url}\n"
                "  Stop it with Ctrl+C; its data starts afresh the next time.\n",
                flush=True,
            )
            if open_browser:
                webbrowser.open(base_url)
            config = uvicorn.Config(app, log_level="warning", access_log=False)
            # uvicorn shuts down cleanly on Ctrl+C, then hands the interrupt back to the
            # process: it ends the playground, and is no error worth a traceback.
            with contextlib.suppress(KeyboardInterrupt):
                uvicorn.Server(config).run(sockets=[sock])
    print("  visningsbot playground stopped.", flush=True)
    return 0

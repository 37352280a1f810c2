"""A whole deployment on loopback: the real bot over HTTP, the fake Slack and the Vitec simulator.

Requests reach the bot exactly as Slack sends them (signed, form-encoded), the bot calls the
fake Slack's Web API and the simulator over real sockets, and tests assert on what Slack and
Vitec recorded.

Every test gets a new simulator, a new fake Slack and a new bot with its own database. Only the
sockets the simulator and the fake Slack listen on are kept for a whole module (starting and
stopping a server costs a few tenths of a second): each test's own simulator and Slack answer
there. So tests that use ``stack`` run on the module's event loop, where those servers run.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.clock import utc_now
from bot.server import create_web_app
from bot.services import Services, build_services
from bot.settings import Settings, load_settings
from devtools.playground.serving import RunningServer, serve_in_background
from devtools.playground.slack.fake import FakeSlack
from devtools.playground.slack.records import Message, OpenView
from devtools.playground.slack.workspace import Workspace
from devtools.simulator import Simulator, create_simulator, known

SIGNING_SECRET = "scenario-signing-secret"
BOT_TOKEN = "xoxb-scenario-token"
AGENT = "U0AGNETA"
CHANNEL = "C0VISNING"


@dataclass
class Stack:
    """The running pieces of one scenario."""

    slack: FakeSlack
    simulator: Simulator
    services: Services
    settings: Settings

    async def settle(self) -> None:
        """Wait until the bot has finished the work it does after acknowledging."""
        await self.services.tasks.idle()

    def bookings(self) -> list[Any]:
        """Bookings Vitec holds that the bot made (the sample data's own are left out)."""
        return [b for b in self.simulator.state.bookings if b.body is not None]

    def vitec_requests(self, method: str | None = None, prefix: str = "") -> list[Any]:
        """Requests Vitec received, oldest first."""
        return [
            r
            for r in reversed(self.simulator.state.requests)
            if (method is None or r.method == method) and r.path.startswith(prefix)
        ]

    def channel(self, channel_id: str = CHANNEL, *, visible_to: str | None = None) -> list[Message]:
        """Messages in a channel, oldest first."""
        return self.slack.messages(channel_id, visible_to=visible_to)

    def modal(self, user_id: str = AGENT) -> OpenView | None:
        """The top view of the user's modal stack."""
        views = self.slack.open_views(user_id)
        return views[-1] if views else None

    async def open_form(
        self, text: str = "", channel_id: str = CHANNEL, *, user_id: str = AGENT
    ) -> OpenView:
        """Type /visning and wait for the form."""
        delivery = await self.slack.slash_command(user_id, channel_id, text=text)
        assert delivery.status == 200, delivery
        await self.settle()
        view = self.modal(user_id)
        assert view is not None, "the form did not open"
        return view


def scenario_settings(tmp_path: Path, slack_url: str, vitec_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": f"{slack_url}/api",
        "vitec_base_url": vitec_url,
        "vitec_username": known.USERNAME,
        "vitec_password": known.PASSWORDS[known.SODERMALM],
        "vitec_customer_id": known.SODERMALM,
        "database_url": f"sqlite+aiosqlite:///{tmp_path / 'ledger.sqlite3'}",
        # The longest deadline allowed and a patient client: outcomes in these scenarios must not
        # depend on how busy the machine is. Slow-Vitec scenarios set their own, short ones.
        "vitec_booking_deadline": 2.0,
        "vitec_timeout": 10.0,
    }
    return load_settings(None, **{**values, **overrides})


@pytest.fixture
def stack_clock() -> Callable[[], datetime]:
    """The bot's clock; a module may move it on (caches that expire)."""
    return utc_now


@pytest.fixture
def stack_overrides() -> dict[str, Any]:
    """Settings a scenario module wants different (override this fixture)."""
    return {}


@pytest.fixture
def web_app_options() -> dict[str, Any]:
    """Keyword arguments of `create_web_app` a scenario module wants different (override this)."""
    return {}


@pytest.fixture
def stack_workspace() -> Workspace | None:
    """The Slack workspace a scenario module wants instead of the default (override this)."""
    return None


class _Current:
    """Hands each request to the app the running test put in place."""

    def __init__(self) -> None:
        self.app: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None, "a request arrived between two tests"
        await self.app(scope, receive, send)


@dataclass
class _Listening:
    """A server kept for a module, serving whatever app the running test gives it."""

    server: RunningServer
    current: _Current

    @property
    def url(self) -> str:
        return self.server.url


async def _listening() -> _Listening:
    current = _Current()
    # Starlette answers the server's lifespan; the apps behind it have none that matters here.
    server = await serve_in_background(Starlette(routes=[Mount("", app=current)]))
    return _Listening(server, current)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def _sockets() -> AsyncIterator[tuple[_Listening, _Listening]]:
    """Where Vitec and Slack listen, for every test of the module."""
    vitec, slack = await _listening(), await _listening()
    yield vitec, slack
    await slack.server.stop()
    await vitec.server.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests on the whole stack run on their module's loop, where its servers listen."""
    on_module_loop = pytest.mark.asyncio(loop_scope="module")
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here) and "stack" in getattr(item, "fixturenames", ()):
            item.add_marker(on_module_loop, append=False)


@pytest_asyncio.fixture(loop_scope="module")
async def stack(
    _sockets: tuple[_Listening, _Listening],
    tmp_path: Path,
    stack_overrides: dict[str, Any],
    web_app_options: dict[str, Any],
    stack_workspace: Workspace | None,
    stack_clock: Callable[[], datetime],
) -> AsyncIterator[Stack]:
    vitec, slack_socket = _sockets
    simulator = create_simulator()
    slack = FakeSlack(
        bot_url="",
        signing_secret=SIGNING_SECRET,
        bot_token=BOT_TOKEN,
        workspace=stack_workspace,
        public_url=slack_socket.url,
    )
    vitec.current.app, slack_socket.current.app = simulator.app, slack.app
    bot: RunningServer | None = None
    try:
        settings = scenario_settings(tmp_path, slack.public_url, vitec.url, **stack_overrides)
        built: list[Services] = []

        async def services_factory(s: Settings) -> Services:
            built.append(await build_services(s, clock=stack_clock))
            return built[-1]

        bot = await serve_in_background(
            create_web_app(settings, services_factory, **web_app_options)
        )
        slack.bot_url = f"{bot.url}/slack/events"
        services = built[0]
        await services.directory.refresh_estates()
        yield Stack(slack=slack, simulator=simulator, services=services, settings=settings)
        simulator.state.release()
    finally:
        if bot is not None:
            await bot.stop()
        await slack.aclose()
        vitec.current.app = slack_socket.current.app = None

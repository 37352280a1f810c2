"""Fixtures: a fake Slack and a tiny Bolt bot, both served on loopback.

Starting and stopping uvicorn costs a fifth of a second, so the two servers live for the whole
session and each test installs a fresh fake Slack and a fresh bot behind them.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from starlette.types import ASGIApp, Receive, Scope, Send

from devtools.playground.serving import RunningServer, serve_in_background
from devtools.playground.slack import FakeSlack
from tests.devtools.playground.kit import SECRET, TOKEN, Harness, ManualClock

_HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The session's servers belong to the session's event loop; so must these tests.
    for item in items:
        if item.path.is_relative_to(_HERE) and pytest_asyncio.is_async_test(item):
            item.add_marker(pytest.mark.asyncio(loop_scope="session"), append=False)


class Switchboard:
    """An ASGI app handing each request to whatever app the current test plugged in."""

    def __init__(self) -> None:
        self.app: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _accept_lifespan(receive, send)
        elif self.app is not None:
            await self.app(scope, receive, send)
        else:
            await send({"type": "http.response.start", "status": 503, "headers": []})
            await send({"type": "http.response.body", "body": b""})


async def _accept_lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


@dataclass
class _Line:
    board: Switchboard
    server: RunningServer


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def lines() -> AsyncIterator[tuple[_Line, _Line]]:
    slack_board, bot_board = Switchboard(), Switchboard()
    slack_line = _Line(slack_board, await serve_in_background(slack_board))
    bot_line = _Line(bot_board, await serve_in_background(bot_board))
    yield slack_line, bot_line
    await slack_line.server.stop()
    await bot_line.server.stop()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(float(int(time.time())))


@pytest_asyncio.fixture(loop_scope="session")
async def slack(clock: ManualClock, lines: tuple[_Line, _Line]) -> AsyncIterator[Harness]:
    slack_line, bot_line = lines
    fake = FakeSlack(
        bot_url=bot_line.server.url + "/slack/events",
        signing_secret=SECRET,
        bot_token=TOKEN,
        clock=clock,
        public_url=slack_line.server.url,
    )
    web = AsyncWebClient(token=TOKEN, base_url=slack_line.server.url + "/api/")
    # process_before_response: a listener finishes before the fake records the answer, so a
    # test can assert on what the listener did right after the user-side action returns.
    bolt = AsyncApp(client=web, signing_secret=SECRET, process_before_response=True)
    harness = Harness(fake=fake, bolt=bolt, web=web, clock=clock, fake_url=slack_line.server.url)
    slack_line.board.app = fake.app
    bot_line.board.app = harness.bot_app()
    yield harness
    slack_line.board.app = bot_line.board.app = None
    await fake.aclose()

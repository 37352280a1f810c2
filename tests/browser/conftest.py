"""The playground in real headless Chromium: one browser per module, a fresh playground per test.

Each test gets the whole playground (`create_playground_app`: page, fake Slack, simulator and the
real bot) served by uvicorn in a background thread on a free loopback port, and a new browser page
on it. The tests use Playwright's sync API, so they are plain functions: no event loop runs in the
test thread, and the server's loop runs in its own.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Page,
    ViewportSize,
    sync_playwright,
)

from devtools.playground.parts import Playground
from devtools.playground.run import create_playground_app
from devtools.playground.slack import Workspace

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT: ViewportSize = {"width": 1440, "height": 900}
DOCS = Path(__file__).resolve().parents[2] / "docs"
STARTUP_TIMEOUT = 15.0


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Per module, not per session: the sync API keeps an event loop running in this thread
    # while Playwright is started, which the async tests of other modules cannot share.
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("VISNINGSBOT_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@dataclass
class Served:
    """A running playground: its address and its parts."""

    url: str
    playground: Playground


def _listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    # Listening before uvicorn starts: the bot's first Vitec call, made while the app is still
    # starting up, waits in the backlog instead of being refused.
    sock.listen(128)
    return sock


@contextlib.contextmanager
def serve_playground(
    tmp_path: Path,
    workspace: Workspace | None = None,
    create: Callable[..., tuple[Any, Playground]] = create_playground_app,
) -> Iterator[Served]:
    """A whole playground on a free loopback port, stopped again on leaving; `create` may be
    `create_workspaces_playground_app` (two workspaces, OAuth mode)."""
    sock = _listening_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    app, playground = create(
        url, f"sqlite+aiosqlite:///{tmp_path / 'ledger.sqlite3'}", workspace=workspace
    )
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            pytest.fail("the playground did not start; its log says why")
        time.sleep(0.01)
    yield Served(url, playground)
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
    assert not thread.is_alive(), "the playground did not stop within 10 s"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serve_playground(tmp_path) as running:
        yield running


@dataclass
class Problems:
    """What the page's JavaScript complained about."""

    messages: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.messages.append(f"console.{message.type}: {message.text}")

    def error(self, error: Error) -> None:
        self.messages.append(f"uncaught: {error.message}")


_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    # Lets the page fixture see, while tearing down, whether the test itself failed.
    item.stash.setdefault(_FAILED, False)
    if report.when == "call" and report.failed:
        item.stash[_FAILED] = True
    return report


@pytest.fixture
def page(
    browser: Browser, served: Served, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, locale="sv-SE", timezone_id="Europe/Stockholm")
    context.set_default_timeout(10_000)
    opened = context.new_page()
    problems = Problems()
    opened.on("console", problems.console)
    opened.on("pageerror", problems.error)
    opened.goto(served.url)
    yield opened
    if request.node.stash.get(_FAILED, False):
        shot = tmp_path / "failure.png"
        opened.screenshot(path=shot)
        print(f"the page when the test failed: {shot}")
    # Closed before the server stops, so polling never meets a refused connection.
    context.close()
    assert problems.messages == [], "the page logged errors"


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """docs/ when VISNINGSBOT_SCREENSHOTS=1 (to refresh the committed PNGs), else a temp folder."""
    if os.environ.get("VISNINGSBOT_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        return DOCS
    return tmp_path

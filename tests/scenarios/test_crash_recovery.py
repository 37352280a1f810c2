"""A bot process killed mid-booking loses nothing: the next one reconciles and tells the agent."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from bot.store import Ledger
from bot.ui.form import slot_block_id
from bot.ui.ids import ActionId
from devtools.playground.serving import RunningServer, serve_in_background
from devtools.playground.slack.fake import FakeSlack
from devtools.simulator import Faults, Hold, Simulator, create_simulator, known
from tests.scenarios.conftest import AGENT, BOT_TOKEN, CHANNEL, SIGNING_SECRET

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class BotProcess:
    """``visningsbot run`` as deployed, in a process of its own."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self._env = env
        self._log = log
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, **settings: str) -> None:
        with self._log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                env={**self._env, **settings},
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{self._env['PORT']}/healthz"
        async with httpx.AsyncClient() as client:
            for _ in range(200):
                if self.process.returncode is not None:
                    raise AssertionError(f"the bot exited at start:\n{self._log.read_text()}")
                try:
                    if (await client.get(url)).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.05)
        raise AssertionError(f"the bot did not start:\n{self._log.read_text()}")

    async def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.terminate()
        try:
            await asyncio.wait_for(self.process.wait(), timeout=15)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[tuple[Simulator, FakeSlack, BotProcess, str]]:
    simulator = create_simulator()
    port = free_port()
    slack = FakeSlack(
        bot_url=f"http://127.0.0.1:{port}/slack/events",
        signing_secret=SIGNING_SECRET,
        bot_token=BOT_TOKEN,
    )
    servers: list[RunningServer] = [await serve_in_background(simulator.app), await slack.serve()]
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'ledger.sqlite3'}"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": f"{slack.public_url}/api",
        "VITEC_BASE_URL": servers[0].url,
        "VITEC_USERNAME": known.USERNAME,
        "VITEC_PASSWORD": known.PASSWORDS[known.SODERMALM],
        "VITEC_CUSTOMER_ID": known.SODERMALM,
        "DATABASE_URL": database_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "VITEC_BOOKING_DEADLINE": "0.3",
        "VITEC_TIMEOUT": "60",
        "SIGNUP_CLAIM_LEASE": "2",
    }
    bot = BotProcess(env, tmp_path / "bot.log")
    try:
        yield simulator, slack, bot, database_url
    finally:
        await bot.stop()
        simulator.state.clear_faults()
        simulator.state.release()
        for server in reversed(servers):
            await server.stop()


async def until(slack: FakeSlack, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    await slack.wait_until(condition, timeout=timeout)


async def test_a_bot_killed_mid_booking_is_reconciled_on_restart_and_the_agent_told(
    world: tuple[Simulator, FakeSlack, BotProcess, str],
) -> None:
    simulator, slack, bot, database_url = world
    # The first process never looks for stale attempts again after starting.
    await bot.start(RECONCILE_INTERVAL="600")

    await slack.slash_command(AGENT, CHANNEL)
    await until(slack, lambda: bool(slack.open_views(AGENT)))
    view_id = slack.open_views(AGENT)[-1].id
    await slack.suggest(view_id, ActionId.ESTATE, "götgatan")
    await slack.select(view_id, ActionId.ESTATE, known.ESTATE_ID)
    slot_block = slot_block_id(known.ESTATE_ID)
    await until(
        slack, lambda: any(b.get("block_id") == slot_block for b in slack.view(view_id).blocks)
    )
    await slack.suggest(view_id, ActionId.CONTACT, "Åsa Öberg")
    slack.set_value(view_id, ActionId.CONTACT, known.ASA_OBERG)

    # Vitec stores the booking but the answer never comes back before the process dies.
    simulator.state.faults = Faults(hold=Hold(stage="after", method="POST"))
    delivery = await slack.submit(view_id)
    assert delivery.outcome == "updated", "the modal says Bokar… while Vitec is silent"
    await simulator.state.wait_held(1)
    await bot.kill()
    simulator.state.clear_faults()
    simulator.state.release()
    assert slack.messages(CHANNEL) == [], "nobody has been told anything yet"

    await bot.start(RECONCILE_INTERVAL="0.2")
    await until(slack, lambda: bool(slack.messages(CHANNEL)), timeout=20)

    [message] = slack.messages(CHANNEL)
    assert message.text.startswith("Åsa Öberg är anmäld till visningen av Götgatan 14")
    assert len([b for b in simulator.state.bookings if b.body is not None]) == 1
    posts = [
        r for r in simulator.state.requests if r.method == "POST" and r.path.startswith("/Viewing")
    ]
    assert len(posts) == 1, "the restarted process asked Vitec, it did not book again"
    await bot.stop()
    ledger = await Ledger.open(database_url)
    try:
        [row] = await ledger.recent(team_id="T0VISNING", user_id=AGENT)
    finally:
        await ledger.close()
    assert (row.status, row.notified) == ("booked", True)

"""``visningsbot run --workers 2`` on PostgreSQL, as deployed: two processes behind one port."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from devtools.playground.serving import RunningServer, serve_in_background
from devtools.playground.slack.fake import FakeSlack
from devtools.simulator import Simulator, create_simulator, known
from tests.scenarios.conftest import AGENT, BOT_TOKEN, CHANNEL, SIGNING_SECRET
from tests.scenarios.test_crash_recovery import free_port

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

WORKERS = 2


class Workers:
    """The bot in ``WORKERS`` processes, started as an operator would."""

    def __init__(self, simulator: Simulator, slack: FakeSlack, env: dict[str, str], log: Path):
        self.simulator = simulator
        self.slack = slack
        self.url = f"http://127.0.0.1:{env['PORT']}"
        self._env = env
        self._log = log
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self._log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                *(sys.executable, "-m", "bot", "run", "--workers", str(WORKERS)),
                env=self._env,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
            )
        # Which process answers is the kernel's choice: every one must have the estate list
        # before the answers are all "ok", so enough answers in a row are asked for.
        in_a_row = 0
        async with httpx.AsyncClient() as client:
            for _ in range(400):
                if self.process.returncode is not None:
                    raise AssertionError(f"the bot exited at start:\n{self._log.read_text()}")
                try:
                    health = (await client.get(f"{self.url}/healthz")).json()
                except httpx.TransportError:
                    health = {}
                in_a_row = in_a_row + 1 if health.get("status") == "ok" else 0
                if in_a_row >= 10 * WORKERS:
                    return
                await asyncio.sleep(0.05)
        raise AssertionError(f"the workers did not all load the estates:\n{self._log.read_text()}")

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.terminate()
        try:
            await asyncio.wait_for(self.process.wait(), timeout=20)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()

    def log(self) -> str:
        return self._log.read_text()


@pytest.fixture
async def workers(postgres_url: str, tmp_path: Path) -> AsyncIterator[Workers]:
    simulator = create_simulator()
    port = free_port()
    slack = FakeSlack(
        bot_url=f"http://127.0.0.1:{port}/slack/events",
        signing_secret=SIGNING_SECRET,
        bot_token=BOT_TOKEN,
    )
    servers: list[RunningServer] = [await serve_in_background(simulator.app), await slack.serve()]
    env = {
        "PATH": os.environ.get("PATH", ""),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": f"{slack.public_url}/api",
        "VITEC_BASE_URL": servers[0].url,
        "VITEC_USERNAME": known.USERNAME,
        "VITEC_PASSWORD": known.PASSWORDS[known.SODERMALM],
        "VITEC_CUSTOMER_ID": known.SODERMALM,
        "DATABASE_URL": postgres_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    bot = Workers(simulator, slack, env, tmp_path / "bot.log")
    try:
        await bot.start()
        yield bot
    finally:
        await bot.stop()
        for server in reversed(servers):
            await server.stop()


def forms_opened(slack: FakeSlack) -> int:
    return sum(1 for call in slack.api_calls if call.method == "views.open" and call.ok)


def estate_list_reads(simulator: Simulator) -> int:
    return sum(1 for r in simulator.state.requests if r.path == "/Estate/GetEstateList")


async def commands_acknowledged(url: str) -> float:
    async with httpx.AsyncClient() as client:
        text = (await client.get(f"{url}/metrics")).text
    return sum(
        s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "visningsbot_ack_seconds_count" and s.labels == {"kind": "command"}
    )


async def test_two_workers_read_vitec_once_serve_any_request_and_count_together(
    workers: Workers,
) -> None:
    assert workers.log().count("Started server process") == WORKERS
    # One process read the estate list from Vitec; the other loaded it from the database.
    assert estate_list_reads(workers.simulator) == 1
    assert "estate list loaded from the shared cache" in workers.log()

    commands = 6
    for _ in range(commands):
        delivery = await workers.slack.slash_command(AGENT, CHANNEL)
        assert delivery.status == 200
    # Each process opened the forms of the commands it was given.
    await workers.slack.wait_until(lambda: forms_opened(workers.slack) == commands, timeout=20)

    # Whichever process answers /metrics adds up what both acknowledged.
    for _ in range(4 * WORKERS):
        assert await commands_acknowledged(workers.url) == commands
    assert estate_list_reads(workers.simulator) == 1

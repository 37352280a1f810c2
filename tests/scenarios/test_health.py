"""``GET /healthz``: what a load balancer and an operator see of the estate cache."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.server import create_web_app
from devtools.playground.serving import serve_in_background
from devtools.playground.slack.fake import FakeSlack
from devtools.simulator import create_simulator
from tests.scenarios.conftest import BOT_TOKEN, SIGNING_SECRET, Stack, scenario_settings


async def test_a_loaded_cache_reports_its_size_and_age(stack: Stack) -> None:
    async with httpx.AsyncClient() as client:
        health = (await client.get(f"{bot_url(stack)}/healthz")).json()
    assert health["status"] == "ok"
    estates = health["estates"]
    assert estates["loaded"] == len((await stack.services.directory.search_estates("")).estates)
    assert estates["loaded"] > 0
    assert estates["failed"] == 0
    assert isinstance(estates["age_s"], int)


def bot_url(stack: Stack) -> str:
    return stack.slack.bot_url.removesuffix("/slack/events")


@pytest.fixture
async def cold_bot(tmp_path: Path) -> AsyncIterator[str]:
    """A bot whose Vitec refuses its password, so the estate list never loads."""
    simulator = create_simulator()
    slack = FakeSlack(bot_url="", signing_secret=SIGNING_SECRET, bot_token=BOT_TOKEN)
    vitec = await serve_in_background(simulator.app)
    fake_slack = await slack.serve()
    settings = scenario_settings(
        tmp_path, slack.public_url, vitec.url, vitec_password="inte-rätt-lösenord"
    )
    bot = await serve_in_background(create_web_app(settings))
    try:
        yield bot.url
    finally:
        for server in (bot, fake_slack, vitec):
            await server.stop()


async def test_a_cache_that_never_loaded_is_degraded_not_down(cold_bot: str) -> None:
    async with httpx.AsyncClient() as client:
        answer = await client.get(f"{cold_bot}/healthz")
    assert answer.status_code == 200
    health = answer.json()
    assert health["status"] == "degraded"
    assert health["estates"] == {"loaded": 0, "failed": 0, "age_s": None}

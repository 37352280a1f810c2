import asyncio
from collections.abc import AsyncIterator

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.authorization import single_workspace
from bot.playground.slack.fake import FakeSlack

TOKEN = "xoxb-authorization-test"


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack(bot_url="http://127.0.0.1:9/unused", signing_secret="s", bot_token=TOKEN)
    server = await fake.serve()
    yield fake
    await server.stop()


async def test_a_burst_of_first_requests_asks_slack_once(slack: FakeSlack) -> None:
    authorize = single_workspace(AsyncWebClient(token=TOKEN, base_url=f"{slack.public_url}/api/"))
    results = await asyncio.gather(*(authorize() for _ in range(20)))
    assert [c.method for c in slack.api_calls] == ["auth.test"]
    assert {r.bot_token for r in results} == {TOKEN}
    assert results[0].bot_user_id == "U0BOT"

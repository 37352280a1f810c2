import asyncio
from collections.abc import AsyncIterator

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.authorization import single_workspace
from devtools.playground.slack.fake import FakeSlack

TOKEN = "xoxb-authorization-test"
TEAM = "T0VISNING"


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack(bot_url="http://127.0.0.1:9/unused", signing_secret="s", bot_token=TOKEN)
    server = await fake.serve()
    yield fake
    await server.stop()


def client(slack: FakeSlack) -> AsyncWebClient:
    return AsyncWebClient(token=TOKEN, base_url=f"{slack.public_url}/api/")


async def test_a_burst_of_first_requests_asks_slack_once(slack: FakeSlack) -> None:
    authorize = single_workspace(client(slack))
    results = await asyncio.gather(*(authorize(None, TEAM) for _ in range(20)))
    assert [c.method for c in slack.api_calls] == ["auth.test"]
    assert {r.bot_token if r else None for r in results} == {TOKEN}
    assert results[0] is not None
    assert results[0].bot_user_id == "U0BOT"


@pytest.mark.parametrize(
    ("enterprise_id", "team_id"),
    [(None, "T0OTHER"), (None, None), ("E0ORG", TEAM), ("E0ORG", "T0OTHER")],
)
async def test_a_request_from_another_workspace_or_organisation_is_refused(
    slack: FakeSlack, enterprise_id: str | None, team_id: str | None
) -> None:
    authorize = single_workspace(client(slack))
    assert await authorize(None, TEAM) is not None
    assert await authorize(enterprise_id, team_id) is None

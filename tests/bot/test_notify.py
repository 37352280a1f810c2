"""The route a result takes: response_url, then the channel, then the agent alone."""

from collections.abc import AsyncIterator

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.notify import Reporter
from bot.services import slack_retry_handlers
from bot.ui.messages import text_message
from devtools.playground.slack.fake import FakeSlack

AGENT = "U0AGNETA"
TOKEN = "xoxb-notify-test"


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack(bot_url="http://127.0.0.1:9/unused", signing_secret="s", bot_token=TOKEN)
    server = await fake.serve()
    yield fake
    await server.stop()


@pytest.fixture
def reporter(slack: FakeSlack) -> Reporter:
    client = AsyncWebClient(token=TOKEN, base_url=f"{slack.public_url}/api/")
    return Reporter(client, retry_handlers=slack_retry_handlers())


MESSAGE = text_message("Åsa Öberg är anmäld")


async def test_a_dead_response_url_falls_back_to_a_bot_message(
    slack: FakeSlack, reporter: Reporter
) -> None:
    delivered = await reporter.to_channel(
        MESSAGE,
        channel_id="C0VISNING",
        user_id=AGENT,
        response_url=f"{slack.public_url}/response/expired",
    )
    assert delivered.route == "channel"
    assert [m.text for m in slack.messages("C0VISNING")] == ["Åsa Öberg är anmäld"]


async def test_a_channel_the_bot_is_not_in_gets_an_ephemeral_note_to_the_agent(
    slack: FakeSlack, reporter: Reporter
) -> None:
    delivered = await reporter.to_channel(
        MESSAGE,
        channel_id="C0ALLMAN",
        user_id=AGENT,
        response_url=None,
        private_note="(Jag kunde inte posta i <#C0ALLMAN>.)",
    )
    assert delivered.route == "ephemeral"
    [note] = slack.messages("C0ALLMAN", visible_to=AGENT)
    assert note.ephemeral_to == AGENT
    assert "Jag kunde inte posta" in str(note.blocks)


async def test_with_no_channel_at_all_the_agent_gets_a_dm(
    slack: FakeSlack, reporter: Reporter
) -> None:
    delivered = await reporter.to_channel(
        MESSAGE, channel_id="C0GONE", user_id=AGENT, response_url=None
    )
    assert delivered.route == "dm"
    assert delivered.channel_id is not None
    assert [m.text for m in slack.messages(delivered.channel_id)] == ["Åsa Öberg är anmäld"]


async def test_a_closed_modal_is_not_an_error(reporter: Reporter) -> None:
    assert await reporter.update_view("V0GONE", {"type": "modal"}) is False

"""ALLOWED_CHANNELS: the bot is used, and posts, only where the office says."""

from __future__ import annotations

from typing import Any

import pytest

from bot.ui.ids import ActionId, BlockId
from tests.scenarios.conftest import AGENT, CHANNEL, Stack
from tests.scenarios.test_booking import fill_form

ELSEWHERE = "C0ALLMAN"


@pytest.fixture
def stack_overrides() -> dict[str, Any]:
    return {"allowed_channels": f"{CHANNEL},C0SALJ"}


async def test_the_command_in_another_channel_is_refused_and_names_the_channels_to_use(
    stack: Stack,
) -> None:
    await stack.slack.slash_command(AGENT, ELSEWHERE)
    await stack.settle()
    [reply] = stack.channel(ELSEWHERE, visible_to=AGENT)
    assert reply.ephemeral_to == AGENT
    assert reply.text == (
        f"visningsbot används inte i den här kanalen. Använd `/visning` i <#C0SALJ>, <#{CHANNEL}>."
    )
    assert stack.modal() is None


async def test_a_result_channel_off_the_list_is_refused_on_the_channel_field(stack: Stack) -> None:
    view_id = await fill_form(stack)
    stack.slack.set_value(view_id, ActionId.CHANNEL, ELSEWHERE)
    delivery = await stack.slack.submit(view_id)
    await stack.settle()

    assert delivery.outcome == "errors"
    assert stack.slack.view(view_id).errors == {
        BlockId.CHANNEL: "visningsbot får inte posta där. Välj en kanal där den används."
    }
    assert stack.bookings() == []
    assert stack.channel(ELSEWHERE) == []

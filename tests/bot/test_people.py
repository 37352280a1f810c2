"""What Slack says of a user: language and account kind, read tolerantly, cached briefly."""

from __future__ import annotations

import asyncio

from bot.people import People, SlackUser
from tests.bot.slack_stub import StubSlack
from tests.conftest import FIXED_NOW


def test_a_user_object_is_read_with_missing_flags_as_not_set() -> None:
    user = SlackUser.from_api({"id": "U1", "team_id": "T1", "locale": "en-GB"}, "sv")
    assert user == SlackUser(
        id="U1",
        teams=frozenset({"T1"}),
        language="en",
        is_bot=False,
        deleted=False,
        is_restricted=False,
        is_ultra_restricted=False,
        is_stranger=False,
    )
    odd = SlackUser.from_api({"id": "U1", "is_restricted": "yes", "team_id": None}, "sv")
    assert (odd.is_restricted, odd.teams, odd.language) == (False, frozenset(), "sv")


async def test_the_language_falls_back_to_the_default_when_slack_cannot_say() -> None:
    slack = StubSlack({"users.info": {"ok": False, "error": "user_not_found"}})
    people = People(slack, default="en", clock=lambda: FIXED_NOW)
    assert await people.language("U1") == "en"
    assert await people.profile("U1") is None
    assert slack.methods() == ["users.info", "users.info"], "a failure is not remembered"


async def test_an_answer_about_someone_else_is_not_believed() -> None:
    slack = StubSlack({"users.info": {"user": {"id": "U2", "team_id": "T1"}}})
    people = People(slack, default="sv", clock=lambda: FIXED_NOW)
    assert await people.profile("U1") is None


async def test_requests_of_one_user_at_once_share_one_look_up() -> None:
    slack = StubSlack({"users.info": {"user": {"id": "U1", "team_id": "T1", "locale": "en-US"}}})
    people = People(slack, default="sv", clock=lambda: FIXED_NOW)
    first, second = await asyncio.gather(people.profile("U1"), people.profile("U1"))
    assert first is not None
    assert first == second
    assert await people.language("U1") == "en"
    assert slack.methods() == ["users.info"]

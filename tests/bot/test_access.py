"""The access policy: who may use the bot, what Slack is asked, and that doubt means no."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.access import AccessPolicy, Installation, Requester, UserGroups
from bot.people import People
from bot.settings import AccessSettings
from tests.bot.slack_stub import StubSlack
from tests.conftest import FIXED_NOW

TEAM = "T0VISNING"
HERE = Installation(team_id=TEAM)
MEMBER = "U0AGNETA"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = FIXED_NOW

    def __call__(self) -> datetime:
        return self.now


def user(user_id: str = MEMBER, **flags: Any) -> dict[str, Any]:
    return {"id": user_id, "team_id": TEAM, "locale": "sv-SE", **flags}


def users_info(*people: dict[str, Any]) -> Any:
    by_id = {p["id"]: p for p in people}

    def answer(args: dict[str, Any]) -> dict[str, Any]:
        found = by_id.get(args["user"])
        return {"user": found} if found else {"ok": False, "error": "user_not_found"}

    return answer


def policy(
    slack: StubSlack,
    clock: Clock | None = None,
    *,
    usergroups: frozenset[str] = frozenset(),
    channels: frozenset[str] = frozenset(),
    managers: frozenset[str] = frozenset(),
) -> AccessPolicy:
    clock = clock or Clock()
    people = People(slack, default="sv", clock=clock, timeout=0.05)
    groups = UserGroups(slack, clock=clock, timeout=0.05)
    return AccessPolicy(people, groups, AccessSettings(usergroups, channels, managers))


def asks(user_id: str = MEMBER, **fields: Any) -> Requester:
    return Requester(user_id=user_id, team_id=fields.pop("team_id", TEAM), **fields)


async def test_a_full_member_of_the_installing_workspace_may_use_the_bot() -> None:
    slack = StubSlack({"users.info": users_info(user())})
    verdict = await policy(slack).check(asks(), HERE)
    assert verdict.allowed
    assert verdict.user is not None
    assert verdict.user.language == "sv"


@pytest.mark.parametrize(
    ("flags", "refusal"),
    [
        ({"is_restricted": True}, "guest"),
        ({"is_ultra_restricted": True}, "guest"),
        ({"is_restricted": True, "is_ultra_restricted": True}, "guest"),
        ({"is_bot": True}, "bot"),
        ({"is_app_user": True}, "bot"),
        ({"deleted": True}, "deactivated"),
        ({"deleted": True, "is_restricted": True}, "deactivated"),
        ({"team_id": "T0OTHER"}, "external"),
        ({"is_stranger": True}, "external"),
    ],
)
async def test_guests_bots_deactivated_and_external_accounts_are_refused(
    flags: dict[str, Any], refusal: str
) -> None:
    slack = StubSlack({"users.info": users_info(user(**flags))})
    verdict = await policy(slack).check(asks(), HERE)
    assert verdict.refusal == refusal


@pytest.mark.parametrize(
    "requester",
    [
        asks(team_id="T0OTHER"),
        asks(team_id=None),
        asks(enterprise_id="E0ORG"),
    ],
)
async def test_a_request_from_another_workspace_is_refused_without_asking_slack(
    requester: Requester,
) -> None:
    slack = StubSlack({"users.info": users_info(user())})
    verdict = await policy(slack).check(requester, HERE)
    assert verdict.refusal == "workspace"
    assert slack.calls == []


async def test_a_slack_connect_user_is_known_external_from_the_request_alone() -> None:
    slack = StubSlack({"users.info": users_info(user())})
    verdict = await policy(slack).check(asks(user_team_id="T0PARTNER"), HERE)
    assert verdict.refusal == "external"
    assert slack.calls == []


async def test_on_enterprise_grid_a_member_added_from_another_workspace_is_not_external() -> None:
    grid = Installation(team_id=TEAM, enterprise_id="E0ORG")
    member = user(team_id="T0HOME", enterprise_user={"enterprise_id": "E0ORG", "teams": [TEAM]})
    outsider = user("U0OUT", team_id="T0HOME", enterprise_user={"teams": ["T0HOME"]})
    slack = StubSlack({"users.info": users_info(member, outsider)})
    access = policy(slack)
    requested = {"enterprise_id": "E0ORG", "user_team_id": "T0HOME"}
    assert (await access.check(asks(**requested), grid)).allowed
    assert (await access.check(asks("U0OUT", **requested), grid)).refusal == "external"


async def test_slack_is_asked_once_per_user_until_the_answer_expires() -> None:
    clock = Clock()
    slack = StubSlack({"users.info": users_info(user())})
    access = policy(slack, clock)
    for _ in range(3):
        assert (await access.check(asks(), HERE)).allowed
    assert slack.methods() == ["users.info"]

    # The member is made a guest; within five minutes the change takes effect.
    slack.answers["users.info"] = users_info(user(is_restricted=True))
    clock.now += timedelta(minutes=5)
    assert (await access.check(asks(), HERE)).refusal == "guest"
    assert slack.methods() == ["users.info", "users.info"]


@pytest.mark.parametrize("failure", ["error", "hang"])
async def test_when_slack_cannot_say_who_it_is_the_answer_is_no_and_not_remembered(
    failure: str,
) -> None:
    slack = StubSlack({"users.info": {"ok": False, "error": "ratelimited"}})
    if failure == "hang":
        slack.hang.add("users.info")
    access = policy(slack)
    verdict = await access.check(asks(), HERE)
    assert verdict.refusal == "unverified"
    assert verdict.user is None

    slack.hang.clear()
    slack.answers["users.info"] = users_info(user())
    assert (await access.check(asks(), HERE)).allowed


def groups(*entries: tuple[str, str, list[str]]) -> dict[str, Any]:
    """Answers for usergroups.list and usergroups.users.list: (id, handle, members)."""
    members = {group_id: users for group_id, _, users in entries}

    def users_list(args: dict[str, Any]) -> dict[str, Any]:
        found = members.get(args["usergroup"])
        return {"users": found} if found is not None else {"ok": False, "error": "no_such_subteam"}

    return {
        "usergroups.list": {"usergroups": [{"id": i, "handle": h} for i, h, _ in entries]},
        "usergroups.users.list": users_list,
    }


async def test_allowed_usergroups_narrow_access_to_their_members_by_handle_or_id() -> None:
    slack = StubSlack(
        {
            "users.info": users_info(user(), user("U0ERIK"), user("U0JOHN")),
            **groups(("S0MAKLARE", "maklare", [MEMBER]), ("S0ADMIN", "admin", ["U0JOHN"])),
        }
    )
    access = policy(slack, usergroups=frozenset({"maklare", "S0ADMIN"}))
    assert (await access.check(asks(), HERE)).allowed
    assert (await access.check(asks("U0JOHN"), HERE)).allowed
    assert (await access.check(asks("U0ERIK"), HERE)).refusal == "group"
    # Member lists are cached: one look-up of handles and one per group for all three checks.
    assert sorted(m for m in slack.methods() if m.startswith("usergroups")) == [
        "usergroups.list",
        "usergroups.users.list",
        "usergroups.users.list",
    ]


async def test_a_usergroup_handle_slack_does_not_know_lets_nobody_in_through_it() -> None:
    slack = StubSlack({"users.info": users_info(user()), **groups(("S0X", "other", [MEMBER]))})
    access = policy(slack, usergroups=frozenset({"maklrae"}))
    assert (await access.check(asks(), HERE)).refusal == "group"


@pytest.mark.parametrize("failure", ["error", "hang"])
async def test_when_slack_cannot_list_a_usergroup_the_answer_is_no(failure: str) -> None:
    slack = StubSlack(
        {"users.info": users_info(user()), "usergroups.list": {"ok": False, "error": "fatal"}}
    )
    if failure == "hang":
        slack.hang.add("usergroups.list")
    access = policy(slack, usergroups=frozenset({"maklare"}))
    verdict = await access.check(asks(), HERE)
    assert verdict.refusal == "unverified"
    assert verdict.user is not None, "the refusal can still be told in the user's language"


async def test_allowed_channels_narrow_where_the_bot_is_used() -> None:
    slack = StubSlack({"users.info": users_info(user())})
    access = policy(slack, channels=frozenset({"C0VISNING"}))
    assert (await access.check(asks(channel_id="C0VISNING"), HERE)).allowed
    assert (await access.check(asks(channel_id="C0ALLMAN"), HERE)).refusal == "channel"
    # Requests from no channel (App Home, a form's picker) are not narrowed by it.
    assert (await access.check(asks(), HERE)).allowed
    assert access.channel_allowed("C0VISNING")
    assert not access.channel_allowed(None)
    assert policy(slack).channel_allowed(None)


async def test_managers_are_members_of_the_manager_usergroups_and_doubt_makes_nobody_one() -> None:
    slack = StubSlack(groups(("S0CHEF", "chefer", ["U0ERIK"])))
    access = policy(slack, managers=frozenset({"chefer"}))
    assert await access.is_manager("U0ERIK")
    assert not await access.is_manager(MEMBER)
    assert not await policy(slack).is_manager("U0ERIK"), "no manager groups, no managers"

    down = StubSlack({"usergroups.list": {"ok": False, "error": "fatal"}})
    assert not await policy(down, managers=frozenset({"chefer"})).is_manager("U0ERIK")

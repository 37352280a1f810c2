"""The gate in front of the listeners: who passes, and how each surface shows a refusal."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, cast

import pytest
from slack_bolt.async_app import AsyncBoltContext
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.response import BoltResponse

from bot.access import AccessPolicy, UserGroups
from bot.gate import access_gate, requester_of
from bot.people import People
from bot.services import Services
from bot.settings import AccessSettings
from bot.store import NewAuditEvent
from bot.tasks import BackgroundTasks
from tests.bot.slack_stub import StubSlack
from tests.conftest import FIXED_NOW

TEAM = "T0VISNING"
AGENT = "U0AGNETA"
GUEST = "U0GUEST"
JOHN = "U0JOHN"


@dataclass
class Recorder:
    """Stands in for the reporter and the audit trail."""

    responses: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    audited: list[NewAuditEvent] = field(default_factory=list)

    async def respond(self, response_url: str, body: dict[str, Any]) -> bool:
        self.responses.append((response_url, body))
        return True

    async def record(self, event: NewAuditEvent) -> None:
        self.audited.append(event)


@dataclass
class Gate:
    slack: StubSlack
    recorder: Recorder
    tasks: BackgroundTasks
    passed: list[bool]

    async def send(
        self, body: dict[str, Any], user_id: str | None = AGENT, team_id: str = TEAM
    ) -> BoltResponse | None:
        context = AsyncBoltContext(
            user_id=user_id,
            team_id=team_id,
            authorize_result=AuthorizeResult(enterprise_id=None, team_id=TEAM, bot_token="x"),
        )

        async def next_() -> None:
            self.passed.append(True)

        services = SimpleNamespace(
            access=self.access,
            people=self.people,
            tasks=self.tasks,
            reporter=self.recorder,
            slack=self.slack,
            ledger=SimpleNamespace(audit=self.recorder),
            office=None,
        )
        answer = await access_gate(cast(Services, services))(body, context, next_)
        await self.tasks.idle()
        return answer

    def __post_init__(self) -> None:
        self.people = People(self.slack, default="sv", clock=lambda: FIXED_NOW)
        groups = UserGroups(self.slack, clock=lambda: FIXED_NOW)
        settings = AccessSettings(frozenset(), frozenset({"C0VISNING", "C0SALJ"}), frozenset())
        self.access = AccessPolicy(self.people, groups, settings)


def users_info(args: dict[str, Any]) -> dict[str, Any]:
    people = {
        AGENT: {"id": AGENT, "team_id": TEAM, "locale": "sv-SE"},
        JOHN: {"id": JOHN, "team_id": TEAM, "locale": "en-US", "is_restricted": True},
        GUEST: {"id": GUEST, "team_id": TEAM, "locale": "sv-SE", "is_restricted": True},
    }
    return {"user": people[args["user"]]}


@pytest.fixture
def gate() -> Gate:
    slack = StubSlack(
        {
            "users.info": users_info,
            "views.open": {"view": {"id": "V1"}},
            "views.update": {"view": {"id": "V1"}},
            "views.publish": {"view": {"id": "V2"}},
        }
    )
    return Gate(slack, Recorder(), BackgroundTasks(), [])


def command(**fields: Any) -> dict[str, Any]:
    return {"command": "/visning", "team_id": TEAM, "channel_id": "C0VISNING", **fields}


def interaction(kind: str, user_id: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "team": {"id": TEAM}, "user": {"id": user_id, "team_id": TEAM}, **fields}


GUEST_SV = (
    "visningsbot är till för kontorets egna medarbetare; gäster i Slack kan inte använda den. "
    "Be en kollega anmäla kontakten."
)


async def test_an_agent_passes_to_the_listener(gate: Gate) -> None:
    assert await gate.send(command(user_id=AGENT)) is None
    assert gate.passed == [True]
    assert gate.recorder.audited == []


async def test_a_refused_command_gets_an_ephemeral_answer_and_an_audit_record(gate: Gate) -> None:
    answer = await gate.send(command(user_id=GUEST), GUEST)
    assert answer is not None
    assert (answer.status, json.loads(answer.body)) == (
        200,
        {"response_type": "ephemeral", "text": GUEST_SV},
    )
    assert gate.passed == []
    [event] = gate.recorder.audited
    assert (event.action, event.user_id, event.detail) == ("refused", GUEST, "guest")


async def test_a_refused_picker_shows_one_hint_option(gate: Gate) -> None:
    answer = await gate.send(interaction("block_suggestion", GUEST, value="Åsa"), GUEST)
    assert answer is not None
    assert json.loads(answer.body) == {
        "options": [
            {
                "text": {"type": "plain_text", "text": "Ingen åtkomst till Vitec via visningsbot"},
                "value": "~hint",
            }
        ]
    }


async def test_a_refused_submission_replaces_the_form_with_the_reason(gate: Gate) -> None:
    answer = await gate.send(interaction("view_submission", GUEST, view={"id": "V1"}), GUEST)
    assert answer is not None
    body = json.loads(answer.body)
    assert body["response_action"] == "update"
    assert body["view"]["title"]["text"] == "Ingen åtkomst"
    assert body["view"]["blocks"][0]["text"]["text"] == GUEST_SV


async def test_a_refused_button_in_a_message_answers_privately(gate: Gate) -> None:
    body = interaction(
        "block_actions",
        GUEST,
        channel={"id": "C0VISNING"},
        container={"type": "message"},
        response_url="https://hooks.slack.test/actions/1",
    )
    answer = await gate.send(body, GUEST)
    assert answer is not None
    assert (answer.status, answer.body) == (200, "")
    assert gate.recorder.responses == [
        (
            "https://hooks.slack.test/actions/1",
            {"response_type": "ephemeral", "replace_original": False, "text": GUEST_SV},
        )
    ]


async def test_a_refused_action_in_a_modal_replaces_the_modal(gate: Gate) -> None:
    body = interaction("block_actions", GUEST, container={"type": "view", "view_id": "V9"})
    await gate.send(body, GUEST)
    [(method, args)] = [c for c in gate.slack.calls if c[0] != "users.info"]
    assert method == "views.update"
    assert args["view_id"] == "V9"


async def test_a_refused_shortcut_opens_a_modal_with_the_reason_in_english_for_john(
    gate: Gate,
) -> None:
    await gate.send(interaction("shortcut", JOHN, trigger_id="1.2.3"), JOHN)
    [(method, args)] = [c for c in gate.slack.calls if c[0] != "users.info"]
    assert method == "views.open"
    view = json.loads(args["view"]) if isinstance(args["view"], str) else args["view"]
    assert view["title"]["text"] == "No access"
    assert "Slack guests cannot use it" in view["blocks"][0]["text"]["text"]


async def test_a_refused_app_home_shows_only_the_reason(gate: Gate) -> None:
    body = {
        "type": "event_callback",
        "team_id": TEAM,
        "event": {"type": "app_home_opened", "user": GUEST, "tab": "home"},
    }
    await gate.send(body, GUEST)
    [(method, args)] = [c for c in gate.slack.calls if c[0] != "users.info"]
    assert (method, args["user_id"]) == ("views.publish", GUEST)
    view = json.loads(args["view"]) if isinstance(args["view"], str) else args["view"]
    assert GUEST_SV in json.dumps(view, ensure_ascii=False)
    assert "Kommande" not in json.dumps(view, ensure_ascii=False)


async def test_a_command_in_a_channel_off_the_list_names_the_channels_to_use(gate: Gate) -> None:
    answer = await gate.send(command(user_id=AGENT, channel_id="C0ALLMAN"))
    assert answer is not None
    assert json.loads(answer.body)["text"] == (
        "visningsbot används inte i den här kanalen. Använd `/visning` i <#C0SALJ>, <#C0VISNING>."
    )


async def test_a_request_that_names_no_user_is_answered_and_goes_nowhere(gate: Gate) -> None:
    answer = await gate.send({"type": "event_callback", "team_id": TEAM}, None)
    assert answer is not None
    assert (answer.status, answer.body) == (200, "")
    assert gate.passed == []
    assert gate.slack.calls == []


def test_the_requester_is_read_from_what_each_surface_sends() -> None:
    context = AsyncBoltContext(user_id=AGENT, team_id=TEAM, enterprise_id=None)
    from_command = requester_of(command(user_id=AGENT), context)
    from_message = requester_of(
        interaction("block_actions", AGENT, channel={"id": "C0SALJ"}), context
    )
    partner = {"type": "block_suggestion", "user": {"id": AGENT, "team_id": "T0PARTNER"}}
    from_partner = requester_of(partner, context)
    assert from_command is not None
    assert from_message is not None
    assert from_partner is not None
    assert from_command.channel_id == "C0VISNING"
    assert from_message.channel_id == "C0SALJ"
    assert (from_partner.user_team_id, from_partner.channel_id) == ("T0PARTNER", None)
    assert requester_of({}, AsyncBoltContext()) is None


async def test_a_workflow_step_of_this_workspace_passes_though_it_names_no_person(
    gate: Gate,
) -> None:
    step = {
        "type": "event_callback",
        "team_id": TEAM,
        "event": {"type": "function_executed", "function_execution_id": "Fx1"},
    }
    assert await gate.send(step, None) is None
    assert gate.passed == [True]
    # Any other event that names nobody is still refused.
    other = {"type": "event_callback", "team_id": TEAM, "event": {"type": "reaction_added"}}
    answer = await gate.send(other, None)
    assert answer is not None
    assert gate.passed == [True]

"""Requests to the bot are signed and shaped like Slack's, and forged ones are refused."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import parse_qs, parse_qsl

from slack_sdk.signature import Clock, SignatureVerifier

from tests.devtools.playground.kit import (
    AGNETA,
    ALLMANT,
    JOHN,
    SECRET,
    VISNINGAR,
    Harness,
    ManualClock,
)

COMMAND_FIELDS = [
    "token",
    "team_id",
    "team_domain",
    "channel_id",
    "channel_name",
    "user_id",
    "user_name",
    "command",
    "text",
    "api_app_id",
    "is_enterprise_install",
    "response_url",
    "trigger_id",
]


class _Clock(Clock):
    def __init__(self, clock: ManualClock) -> None:
        self._clock = clock

    def now(self) -> float:
        return self._clock()


async def test_slash_command_is_signed_form_with_slacks_fields(slack: Harness) -> None:
    slack.bolt.command("/visning")(_ack)

    delivery = await slack.fake.slash_command(AGNETA, VISNINGAR, text="Storgatan 1 &  2")

    request = slack.received[-1]
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    verifier = SignatureVerifier(SECRET, clock=_Clock(slack.clock))
    assert verifier.is_valid_request(request.body, request.headers)
    assert request.headers["x-slack-request-timestamp"] == str(int(slack.clock()))
    fields = dict(parse_qsl(request.body, keep_blank_values=True))
    assert list(fields) == COMMAND_FIELDS
    assert fields["text"] == "Storgatan 1 &  2"
    assert fields["channel_name"] == "visningar"
    assert fields["user_name"] == "agneta.berg"
    assert fields["team_id"] == "T0VISNING"
    assert fields["api_app_id"] == "A0VISNING"
    assert fields["is_enterprise_install"] == "false"
    assert fields["response_url"].startswith(slack.fake_url + "/response/")
    assert delivery.status == 200
    assert delivery.outcome == "acknowledged"
    assert delivery.payload == fields


async def test_private_channel_is_named_privategroup(slack: Harness) -> None:
    slack.bolt.command("/visning")(_ack)

    await slack.fake.slash_command(JOHN, "G0PRIVAT")

    assert parse_qs(slack.received[-1].body)["channel_name"] == ["privategroup"]


async def test_interactions_are_signed_payload_forms(slack: Harness) -> None:
    slack.bolt.command("/visning")(_ack)
    await slack.fake.slash_command(AGNETA, VISNINGAR)
    posted = await slack.web.chat_postMessage(
        channel=VISNINGAR, text="x", blocks=[_actions_with_button()]
    )
    slack.bolt.action("undo")(_ack)

    await slack.fake.click(VISNINGAR, posted["ts"], "undo", AGNETA)

    request = slack.received[-1]
    verifier = SignatureVerifier(SECRET, clock=_Clock(slack.clock))
    assert verifier.is_valid_request(request.body, request.headers)
    (name, value), *rest = parse_qsl(request.body)
    assert (name, rest) == ("payload", [])
    assert json.loads(value)["type"] == "block_actions"


async def test_bolt_refuses_a_forged_signature(slack: Harness) -> None:
    slack.bolt.command("/visning")(_ack)
    slack.fake.forge_next_signature(signature="v0=" + "0" * 64)

    forged = await slack.fake.slash_command(AGNETA, VISNINGAR)
    honest = await slack.fake.slash_command(AGNETA, VISNINGAR)

    assert forged.status == 401
    assert forged.outcome == "failed"
    assert forged.error == '/visning failed with the error "dispatch_failed"'
    assert forged.signature == "v0=" + "0" * 64
    assert honest.status == 200
    shown = slack.fake.messages(VISNINGAR, visible_to=AGNETA)
    assert [m.text for m in shown] == ['/visning failed with the error "dispatch_failed"']
    assert shown[0].user == "USLACKBOT"
    assert slack.fake.messages(VISNINGAR, visible_to=JOHN) == []


async def test_bolt_refuses_a_stale_timestamp_even_when_correctly_signed(
    slack: Harness,
) -> None:
    slack.bolt.command("/visning")(_ack)
    slack.fake.forge_next_signature(skew=-301)

    stale = await slack.fake.slash_command(AGNETA, VISNINGAR)

    assert stale.timestamp == str(int(slack.clock() - 301))
    assert (
        SignatureVerifier(SECRET).generate_signature(
            timestamp=stale.timestamp, body=slack.received[-1].body
        )
        == stale.signature
    )
    assert stale.status == 401


async def test_an_unreachable_bot_is_a_dispatch_failure(slack: Harness) -> None:
    slack.fake.bot_url = "http://127.0.0.1:9/slack/events"

    delivery = await slack.fake.slash_command(AGNETA, ALLMANT)

    assert delivery.status == 0
    assert delivery.reason == "dispatch_failed"
    assert delivery.outcome == "failed"


async def test_a_bot_slower_than_the_ack_timeout_is_an_operation_timeout(slack: Harness) -> None:
    release = asyncio.Event()

    async def slow(ack: Any) -> None:
        await release.wait()
        await ack()

    slack.bolt.command("/visning")(slow)
    slack.fake.ack_timeout = 0.05

    delivery = await slack.fake.slash_command(AGNETA, VISNINGAR)
    release.set()

    assert (delivery.status, delivery.outcome) == (0, "failed")
    assert delivery.error == '/visning failed with the error "operation_timeout"'
    assert [m.text for m in slack.fake.messages(VISNINGAR, visible_to=AGNETA)] == [delivery.error]


async def test_timeline_shows_the_signature_truncated(slack: Harness) -> None:
    slack.bolt.command("/visning")(_ack)

    delivery = await slack.fake.slash_command(AGNETA, VISNINGAR)

    entry = slack.fake.timeline()[0]
    assert entry.kind == "delivery"
    assert entry.signature == delivery.signature[:11] + "…"
    assert entry.status == 200


async def _ack(ack: Any) -> None:
    await ack()


def _actions_with_button() -> dict[str, Any]:
    return {
        "type": "actions",
        "block_id": "result",
        "elements": [
            {
                "type": "button",
                "action_id": "undo",
                "text": {"type": "plain_text", "text": "Ångra"},
                "value": "42",
            }
        ],
    }

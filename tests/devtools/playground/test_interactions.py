"""block_actions, block_suggestion, view_submission and view_closed, and how answers apply."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

import pytest
from starlette.responses import Response

from devtools.playground.slack import TROUBLE_CONNECTING, ClientActionError
from tests.devtools.playground.kit import (
    AGNETA,
    ALLMANT,
    JOHN,
    VISNINGAR,
    Harness,
    Json,
    button,
    input_block,
    modal,
    option,
    plain,
    section,
    text_input,
)

INTERACTION_FIELDS = {"type", "team", "user", "api_app_id", "token", "enterprise"}
USER = {"id": AGNETA, "username": "agneta.berg", "name": "agneta.berg", "team_id": "T0VISNING"}
VIEW_FIELDS = {
    "id",
    "team_id",
    "type",
    "blocks",
    "private_metadata",
    "callback_id",
    "state",
    "hash",
    "title",
    "clear_on_close",
    "notify_on_close",
    "close",
    "submit",
    "previous_view_id",
    "root_view_id",
    "app_id",
    "external_id",
    "app_installed_team_id",
    "bot_id",
}


def _sent(slack: Harness) -> Json:
    payload: Json = json.loads(parse_qs(slack.received[-1].body)["payload"][0])
    return payload


def _estate_select(**extra: Any) -> Json:
    return {"type": "external_select", "action_id": "estate", **extra}


def _signup_form() -> Json:
    return modal(
        input_block("estate", _estate_select(), dispatch_action=True),
        input_block("name", text_input("name")),
        input_block(
            "reminder",
            {
                "type": "static_select",
                "action_id": "reminder",
                "options": [option("Ingen", "none"), option("1 timme", "60")],
            },
        ),
        input_block(
            "channel",
            {
                "type": "conversations_select",
                "action_id": "channel",
                "default_to_current_conversation": True,
                "response_url_enabled": True,
            },
        ),
        private_metadata='{"lang":"sv"}',
    )


ESTATES = {
    "option_groups": [
        {"label": plain("Söder"), "options": [option("Storgatan 1", "E1")]},
        {"label": plain("Norr"), "options": [option("Kungsgatan 9", "E2")]},
    ]
}


async def _ack(ack: Any) -> None:
    await ack()


async def _estates(ack: Any) -> None:
    await ack(option_groups=ESTATES["option_groups"])


async def test_block_suggestion_payload_and_flattened_option_groups(slack: Harness) -> None:
    slack.bolt.options("estate")(_estates)
    view_id = await slack.open_modal(_signup_form())

    options = await slack.fake.suggest(view_id, "estate", "gatan")

    assert options == [option("Storgatan 1", "E1"), option("Kungsgatan 9", "E2")]
    payload = _sent(slack)
    assert set(payload) >= INTERACTION_FIELDS
    assert payload["type"] == "block_suggestion"
    assert payload["user"] == USER
    assert payload["team"] == {"id": "T0VISNING", "domain": "maklarhuset"}
    assert payload["container"] == {"type": "view", "view_id": view_id}
    assert (payload["action_id"], payload["block_id"], payload["value"]) == (
        "estate",
        "estate",
        "gatan",
    )
    assert set(payload["view"]) == VIEW_FIELDS
    assert "trigger_id" not in payload
    assert slack.fake.deliveries[-1].outcome == "options"


async def test_block_suggestion_waits_for_min_query_length(slack: Harness) -> None:
    slack.bolt.options("estate")(_estates)
    view_id = await slack.open_modal(_signup_form())
    sent = len(slack.received)

    assert await slack.fake.suggest(view_id, "estate", "st") == []
    assert len(slack.received) == sent


async def test_block_suggestion_answer_over_the_limits_shows_nothing(slack: Harness) -> None:
    async def too_long(ack: Any) -> None:
        await ack(options=[option("x" * 76, "E1")])

    slack.bolt.options("estate")(too_long)
    view_id = await slack.open_modal(_signup_form())

    assert await slack.fake.suggest(view_id, "estate", "gatan") == []
    delivery = slack.fake.deliveries[-1]
    assert delivery.outcome == "failed"
    assert delivery.reason is not None
    assert "must be less than 76 characters" in delivery.reason


async def test_external_select_takes_only_an_offered_option(slack: Harness) -> None:
    slack.bolt.options("estate")(_estates)
    slack.bolt.action("estate")(_ack)
    view_id = await slack.open_modal(_signup_form())

    with pytest.raises(ClientActionError):
        await slack.fake.select(view_id, "estate", "E1")
    await slack.fake.suggest(view_id, "estate", "gatan")
    delivery = await slack.fake.select(view_id, "estate", "E2")

    assert delivery is not None
    assert delivery.outcome == "acknowledged"


async def test_block_actions_from_a_dispatching_input(slack: Harness) -> None:
    slack.bolt.options("estate")(_estates)
    slack.bolt.action("estate")(_ack)
    view_id = await slack.open_modal(_signup_form())
    await slack.fake.suggest(view_id, "estate", "gatan")

    delivery = await slack.fake.select(view_id, "estate", option("Storgatan 1", "E1"))

    assert delivery is not None
    payload = _sent(slack)
    assert payload["type"] == "block_actions"
    assert payload["container"] == {"type": "view", "view_id": view_id}
    assert payload["trigger_id"]
    assert payload["view"]["hash"] == slack.fake.view(view_id).hash
    (action,) = payload["actions"]
    assert action["type"] == "external_select"
    assert (action["action_id"], action["block_id"]) == ("estate", "estate")
    assert action["selected_option"] == option("Storgatan 1", "E1")
    assert action["action_ts"]
    state = payload["view"]["state"]["values"]
    assert state["estate"]["estate"]["selected_option"] == option("Storgatan 1", "E1")


async def test_choosing_in_a_plain_input_sends_nothing(slack: Harness) -> None:
    view_id = await slack.open_modal(_signup_form())
    sent = len(slack.received)

    assert await slack.fake.select(view_id, "reminder", "60") is None
    assert len(slack.received) == sent
    value = slack.fake.view(view_id).values["reminder"]["reminder"]
    assert value == {"type": "static_select", "selected_option": option("1 timme", "60")}


async def test_a_static_select_takes_only_its_own_options(slack: Harness) -> None:
    view_id = await slack.open_modal(_signup_form())

    with pytest.raises(ClientActionError):
        slack.fake.set_value(view_id, "reminder", "45")


async def test_a_person_cannot_pick_a_private_channel_they_are_not_in(slack: Harness) -> None:
    view_id = await slack.open_modal(_signup_form(), user="U0ERIK")

    with pytest.raises(ClientActionError):
        slack.fake.set_value(view_id, "channel", "G0PRIVAT")


def _fill(slack: Harness, view_id: str) -> None:
    slack.fake.set_value(view_id, "name", "Sven Svensson")
    slack.fake.set_value(view_id, "reminder", "60")
    slack.fake.set_value(view_id, "channel", ALLMANT)


async def test_view_submission_payload_and_response_urls(slack: Harness) -> None:
    slack.bolt.view("signup")(_ack)
    view_id = await slack.open_modal(_signup_form())
    _fill(slack, view_id)
    slack.fake.set_value(view_id, "estate", None)

    delivery = await slack.fake.submit(view_id)

    assert delivery.outcome == "blocked", "estate is required and empty"
    assert slack.fake.view(view_id).errors == {"estate": "Please complete this required field."}
    slack.bolt.options("estate")(_estates)
    await slack.fake.suggest(view_id, "estate", "gatan")
    slack.fake.set_value(view_id, "estate", "E1")

    delivery = await slack.fake.submit(view_id)

    payload = _sent(slack)
    assert payload["type"] == "view_submission"
    assert payload["trigger_id"]
    assert set(payload) >= INTERACTION_FIELDS
    assert set(payload["view"]) == VIEW_FIELDS
    assert payload["view"]["private_metadata"] == '{"lang":"sv"}'
    values = payload["view"]["state"]["values"]
    assert values["name"]["name"] == {"type": "plain_text_input", "value": "Sven Svensson"}
    assert values["channel"]["channel"] == {
        "type": "conversations_select",
        "selected_conversation": ALLMANT,
    }
    (url,) = payload["response_urls"]
    assert {k: url[k] for k in ("block_id", "action_id", "channel_id")} == {
        "block_id": "channel",
        "action_id": "channel",
        "channel_id": ALLMANT,
    }
    assert delivery.outcome == "closed"
    assert slack.fake.open_views(AGNETA) == []


async def test_a_response_url_from_a_submission_posts_where_the_bot_is_no_member(
    slack: Harness,
) -> None:
    async def confirm(ack: Any, respond: Any) -> None:
        await ack()
        await respond(text="Sven är anmäld", response_type="in_channel")

    slack.bolt.view("signup")(confirm)
    slack.bolt.options("estate")(_estates)
    view_id = await slack.open_modal(_signup_form())
    _fill(slack, view_id)
    await slack.fake.suggest(view_id, "estate", "gatan")
    slack.fake.set_value(view_id, "estate", "E1")

    await slack.fake.submit(view_id)

    (message,) = slack.fake.messages(ALLMANT)
    assert (message.text, message.ephemeral_to, message.via) == (
        "Sven är anmäld",
        None,
        "response_url",
    )


def _one_field_form() -> Json:
    return modal(input_block("name", text_input("name")), section("Info", block_id="info"))


async def _submitted(slack: Harness, answer: Any) -> Any:
    async def listener(ack: Any) -> None:
        await answer(ack)

    slack.bolt.view("signup")(listener)
    view_id = await slack.open_modal(_one_field_form())
    slack.fake.set_value(view_id, "name", "Sven")
    return view_id, await slack.fake.submit(view_id)


async def test_response_action_errors_show_on_input_blocks(slack: Harness) -> None:
    async def answer(ack: Any) -> None:
        await ack(response_action="errors", errors={"name": "Fullbokad"})

    view_id, delivery = await _submitted(slack, answer)

    assert delivery.outcome == "errors"
    assert slack.fake.view(view_id).errors == {"name": "Fullbokad"}
    assert [v.id for v in slack.fake.open_views(AGNETA)] == [view_id]


async def test_response_action_errors_for_a_non_input_block_fail(slack: Harness) -> None:
    async def answer(ack: Any) -> None:
        await ack(response_action="errors", errors={"info": "Nej"})

    view_id, delivery = await _submitted(slack, answer)

    assert delivery.outcome == "failed"
    assert delivery.error == TROUBLE_CONNECTING
    assert "'info', which is not an input block" in delivery.reason
    assert slack.fake.view(view_id).errors == {}


async def test_response_action_update_replaces_the_view(slack: Harness) -> None:
    async def answer(ack: Any) -> None:
        await ack(response_action="update", view=modal(section("Bokar…")))

    view_id, delivery = await _submitted(slack, answer)

    assert delivery.outcome == "updated"
    (view,) = slack.fake.open_views(AGNETA)
    assert view.id == view_id
    assert view.blocks[0]["text"]["text"] == "Bokar…"


async def test_response_action_update_with_an_invalid_view_fails(slack: Harness) -> None:
    async def answer(ack: Any) -> None:
        await ack(response_action="update", view=modal(section("x"), title=plain("x" * 25)))

    _, delivery = await _submitted(slack, answer)

    assert delivery.outcome == "failed"
    assert "must be less than 25 characters" in delivery.reason


async def test_response_action_push_and_clear(slack: Harness) -> None:
    async def push(ack: Any) -> None:
        await ack(response_action="push", view=modal(section("Klart"), callback_id="done"))

    async def clear(ack: Any) -> None:
        await ack(response_action="clear")

    view_id, pushed = await _submitted(slack, push)
    top = slack.fake.open_views(AGNETA)[-1]
    slack.bolt.view("done")(clear)
    cleared = await slack.fake.submit(top.id)

    assert pushed.outcome == "pushed"
    assert top.previous_view_id == view_id
    assert cleared.outcome == "cleared"
    assert slack.fake.open_views(AGNETA) == []


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Response(status_code=500), "the app answered HTTP 500"),
        (Response("ok", status_code=200), "the answer is neither empty nor JSON"),
        (
            Response('{"response_action": "close"}', media_type="application/json"),
            "response_action 'close' is not one Slack knows",
        ),
    ],
)
async def test_unusable_submission_answers_show_trouble_connecting(
    slack: Harness, reply: Response, reason: str
) -> None:
    view_id = await slack.open_modal(_one_field_form())
    slack.fake.set_value(view_id, "name", "Sven")
    slack.reply = reply

    delivery = await slack.fake.submit(view_id)

    assert (delivery.outcome, delivery.error, delivery.reason) == (
        "failed",
        TROUBLE_CONNECTING,
        reason,
    )
    assert [v.id for v in slack.fake.open_views(AGNETA)] == [view_id]


async def test_view_closed_only_when_notify_on_close(slack: Harness) -> None:
    slack.bolt.view_closed("signup")(_ack)
    quiet = await slack.open_modal(modal(section("x")))
    assert await slack.fake.close_view(quiet) is None

    loud = await slack.open_modal(modal(section("x"), notify_on_close=True))
    delivery = await slack.fake.close_view(loud)

    assert delivery is not None
    assert delivery.outcome == "acknowledged"
    payload = _sent(slack)
    assert payload["type"] == "view_closed"
    assert payload["is_cleared"] is False
    assert payload["view"]["id"] == loud
    assert slack.fake.open_views(AGNETA) == []


async def test_click_on_a_message_button(slack: Harness) -> None:
    async def undo(ack: Any, respond: Any) -> None:
        await ack()
        await respond(text="Ångrad", replace_original=True)

    slack.bolt.action("undo")(undo)
    posted = await slack.web.chat_postMessage(
        channel=VISNINGAR,
        text="Sven är anmäld",
        blocks=[
            section("Sven är anmäld"),
            {"type": "actions", "elements": [button("undo", "Ångra", "42")]},
        ],
    )

    delivery = await slack.fake.click(VISNINGAR, posted["ts"], "undo", JOHN)

    payload = _sent(slack)
    assert payload["type"] == "block_actions"
    assert payload["container"] == {
        "type": "message",
        "message_ts": posted["ts"],
        "channel_id": VISNINGAR,
        "is_ephemeral": False,
    }
    assert payload["channel"] == {"id": VISNINGAR, "name": "visningar"}
    assert payload["message"]["ts"] == posted["ts"]
    assert payload["message"]["bot_id"] == "B0VISNING"
    assert payload["response_url"].startswith(slack.fake_url + "/response/")
    assert payload["trigger_id"]
    (action,) = payload["actions"]
    assert {k: action[k] for k in ("type", "action_id", "value", "text")} == {
        "type": "button",
        "action_id": "undo",
        "value": "42",
        "text": plain("Ångra"),
    }
    assert delivery.outcome == "acknowledged"
    (message,) = slack.fake.messages(VISNINGAR)
    assert (message.text, message.edited) == ("Ångrad", True)


async def test_only_people_in_the_channel_can_click(slack: Harness) -> None:
    posted = await slack.web.chat_postMessage(
        channel="C0SALJ",
        text="x",
        blocks=[{"type": "actions", "elements": [button("undo", "Ångra")]}],
    )

    with pytest.raises(ClientActionError):
        await slack.fake.click("C0SALJ", posted["ts"], "undo", JOHN)


async def test_a_covered_modal_takes_no_input(slack: Harness) -> None:
    async def push(ack: Any) -> None:
        await ack(response_action="push", view=modal(section("Klart")))

    view_id, _ = await _submitted(slack, push)

    with pytest.raises(ClientActionError):
        slack.fake.set_value(view_id, "name", "Other")

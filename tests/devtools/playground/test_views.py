"""views.open/push/update/publish: triggers, validation, hashes and kept input."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.devtools.playground.kit import (
    AGNETA,
    ERIK,
    JOHN,
    SALJ,
    VISNINGAR,
    Harness,
    Json,
    input_block,
    modal,
    option,
    plain,
    section,
    text_input,
)


async def _trigger(slack: Harness, user: str = AGNETA, channel: str = VISNINGAR) -> str:
    slack.bolt.command("/visning")(_ack)
    delivery = await slack.fake.slash_command(user, channel)
    return str(delivery.payload["trigger_id"])


async def _error(call: Any) -> Json:
    with pytest.raises(SlackApiError) as raised:
        await call
    data: Json = raised.value.response.data
    return data


async def test_views_open_returns_slacks_view_object(slack: Harness) -> None:
    trigger_id = await _trigger(slack)

    opened = await slack.web.views_open(
        trigger_id=trigger_id,
        view=modal(section("Välj visning"), private_metadata='{"c":"C0VISNING"}'),
    )

    view = opened["view"]
    assert view["id"].startswith("V")
    assert view["hash"]
    assert view["root_view_id"] == view["id"]
    assert view["previous_view_id"] is None
    assert view["team_id"] == "T0VISNING"
    assert view["app_id"] == "A0VISNING"
    assert view["bot_id"] == "B0VISNING"
    assert view["private_metadata"] == '{"c":"C0VISNING"}'
    assert view["callback_id"] == "signup"
    assert view["blocks"][0]["block_id"], "Slack fills in missing block_ids"
    assert [v.id for v in slack.fake.open_views(AGNETA)] == [view["id"]]


async def test_trigger_id_expires_after_three_seconds(slack: Harness) -> None:
    trigger_id = await _trigger(slack)
    slack.clock.advance(3.01)

    error = await _error(slack.web.views_open(trigger_id=trigger_id, view=modal(section("x"))))

    assert error == {"ok": False, "error": "expired_trigger_id"}
    assert slack.fake.open_views(AGNETA) == []


async def test_trigger_id_works_just_inside_three_seconds_and_only_once(slack: Harness) -> None:
    trigger_id = await _trigger(slack)
    slack.clock.advance(2.99)

    await slack.web.views_open(trigger_id=trigger_id, view=modal(section("x")))
    error = await _error(slack.web.views_open(trigger_id=trigger_id, view=modal(section("x"))))

    assert error["error"] == "expired_trigger_id"


async def test_unknown_trigger_id_is_invalid(slack: Harness) -> None:
    error = await _error(slack.web.views_open(trigger_id="123.456.abc", view=modal(section("x"))))

    assert error["error"] == "invalid_trigger_id"


def _options(count: int) -> list[Json]:
    return [option(f"Visning {n}", f"v{n}") for n in range(count)]


def _select(**extra: Any) -> Json:
    return {"type": "static_select", "action_id": "slot", **extra}


INVALID_VIEWS = [
    pytest.param(
        modal(section("x"), title=plain("T" * 25)),
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]",
        id="title",
    ),
    pytest.param(
        modal(section("x"), submit=plain("S" * 25)),
        "[ERROR] must be less than 25 characters [json-pointer:/view/submit/text]",
        id="submit",
    ),
    pytest.param(
        modal(section("x"), close=plain("C" * 25)),
        "[ERROR] must be less than 25 characters [json-pointer:/view/close/text]",
        id="close",
    ),
    pytest.param(
        modal(*[section("x") for _ in range(101)]),
        "[ERROR] must provide no more than 100 items [json-pointer:/view/blocks]",
        id="blocks",
    ),
    pytest.param(
        modal(section("x"), private_metadata="m" * 3001),
        "[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]",
        id="private_metadata",
    ),
    pytest.param(
        modal(section("x"), callback_id="c" * 256),
        "[ERROR] must be less than 256 characters [json-pointer:/view/callback_id]",
        id="callback_id",
    ),
    pytest.param(
        modal(section("x", block_id="b" * 256)),
        "[ERROR] must be less than 256 characters [json-pointer:/view/blocks/0/block_id]",
        id="block_id",
    ),
    pytest.param(
        modal(input_block("name", text_input("a" * 256))),
        "[ERROR] must be less than 256 characters [json-pointer:/view/blocks/0/element/action_id]",
        id="action_id",
    ),
    pytest.param(
        modal(section("x", block_id="same"), section("y", block_id="same")),
        "[ERROR] duplicate block_id [json-pointer:/view/blocks/1/block_id]",
        id="duplicate block_id",
    ),
    pytest.param(
        modal(input_block("slot", _select(options=[option("x" * 76, "v")]))),
        "[ERROR] must be less than 76 characters "
        "[json-pointer:/view/blocks/0/element/options/0/text/text]",
        id="option text",
    ),
    pytest.param(
        modal(input_block("slot", _select(options=[option("x", "v" * 151)]))),
        "[ERROR] must be less than 151 characters "
        "[json-pointer:/view/blocks/0/element/options/0/value]",
        id="option value",
    ),
    pytest.param(
        modal(input_block("slot", _select(options=_options(101)))),
        "[ERROR] must provide no more than 100 items [json-pointer:/view/blocks/0/element/options]",
        id="options",
    ),
    pytest.param(
        modal(input_block("slot", _select(options=_options(2), initial_option=option("Nej", "x")))),
        "[ERROR] must match one of the options "
        "[json-pointer:/view/blocks/0/element/initial_option]",
        id="initial_option",
    ),
    pytest.param(
        modal(input_block("msg", text_input("msg", max_length=3001))),
        "[ERROR] must be between 0 and 3000 [json-pointer:/view/blocks/0/element/max_length]",
        id="max_length",
    ),
    pytest.param(
        modal(section("x" * 3001)),
        "[ERROR] must be less than 3001 characters [json-pointer:/view/blocks/0/text/text]",
        id="section text",
    ),
    pytest.param(
        {**modal(input_block("name", text_input("name"))), "submit": None},
        "[ERROR] a modal with input blocks needs a submit button [json-pointer:/view]",
        id="input without submit",
    ),
    pytest.param(
        modal({"type": "carousel"}),
        "[ERROR] unknown block type 'carousel' [json-pointer:/view/blocks/0/type]",
        id="block type",
    ),
]


@pytest.mark.parametrize(("view", "message"), INVALID_VIEWS)
async def test_invalid_view_is_refused_with_slacks_messages(
    slack: Harness, view: Json, message: str
) -> None:
    trigger_id = await _trigger(slack)

    error = await _error(slack.web.views_open(trigger_id=trigger_id, view=view))

    assert error["error"] == "invalid_arguments"
    assert message in error["response_metadata"]["messages"]
    assert slack.fake.open_views(AGNETA) == []


async def test_a_refused_view_leaves_the_trigger_usable(slack: Harness) -> None:
    trigger_id = await _trigger(slack)
    await _error(slack.web.views_open(trigger_id=trigger_id, view=modal(title=plain("x" * 30))))

    await slack.web.views_open(trigger_id=trigger_id, view=modal(section("x")))

    assert len(slack.fake.open_views(AGNETA)) == 1


async def test_limits_that_slack_sdk_knows_are_checked_too(slack: Harness) -> None:
    trigger_id = await _trigger(slack)
    button_without_text = {"type": "actions", "elements": [{"type": "button", "action_id": "b"}]}

    error = await _error(
        slack.web.views_open(trigger_id=trigger_id, view=modal(button_without_text))
    )

    assert error["error"] == "invalid_arguments"


async def _open(slack: Harness, view: Json, user: str = AGNETA) -> Json:
    opened = await slack.web.views_open(trigger_id=await _trigger(slack, user), view=view)
    result: Json = opened["view"]
    return result


async def test_update_with_a_stale_hash_is_a_hash_conflict(slack: Harness) -> None:
    view = await _open(slack, modal(section("Version 1")))
    await slack.web.views_update(view_id=view["id"], hash=view["hash"], view=modal(section("2")))

    error = await _error(
        slack.web.views_update(view_id=view["id"], hash=view["hash"], view=modal(section("3")))
    )

    assert error["error"] == "hash_conflict"
    assert slack.fake.view(view["id"]).blocks[0]["text"]["text"] == "2"


async def test_update_gives_a_new_hash_and_keeps_the_id(slack: Harness) -> None:
    view = await _open(slack, modal(section("1")))

    updated = await slack.web.views_update(
        view_id=view["id"], hash=view["hash"], view=modal(section("2"))
    )

    assert updated["view"]["id"] == view["id"]
    assert updated["view"]["hash"] != view["hash"]


async def test_update_by_external_id(slack: Harness) -> None:
    view = await _open(slack, modal(section("1"), external_id="signup-42"))

    await slack.web.views_update(external_id="signup-42", view=modal(section("2")))

    assert slack.fake.view(view["id"]).blocks[0]["text"]["text"] == "2"
    error = await _error(slack.web.views_update(external_id="nope", view=modal(section("3"))))
    assert error["error"] == "not_found"


async def test_external_id_is_unique_among_open_views(slack: Harness) -> None:
    await _open(slack, modal(section("1"), external_id="signup-42"))

    error = await _error(
        slack.web.views_open(
            trigger_id=await _trigger(slack, JOHN),
            view=modal(section("1"), external_id="signup-42"),
        )
    )

    assert error["error"] == "duplicate_external_id"


def _form(*, name_block: str = "contact", initial: str | None = None) -> Json:
    name = text_input("name", **({"initial_value": initial} if initial else {}))
    return modal(
        input_block(name_block, name),
        input_block("slot", _select(options=_options(3))),
        input_block("message", text_input("message", multiline=True), optional=True),
    )


async def test_update_keeps_values_whose_block_and_action_ids_survive(slack: Harness) -> None:
    view = await _open(slack, _form())
    slack.fake.set_value(view["id"], "name", "Sven Svensson")
    slack.fake.set_value(view["id"], "slot", "v2")
    slack.fake.set_value(view["id"], "message", "Ringer innan")

    changed = modal(
        input_block("contact", text_input("name", initial_value="ignored")),
        input_block("slot", _select(options=_options(3))),
        input_block("message2", text_input("message")),
    )
    updated = await slack.web.views_update(view_id=view["id"], view=changed)

    values = updated["view"]["state"]["values"]
    assert values["contact"]["name"] == {"type": "plain_text_input", "value": "Sven Svensson"}
    assert values["slot"]["slot"]["selected_option"] == option("Visning 2", "v2")
    assert values["message2"]["message"] == {"type": "plain_text_input", "value": None}
    assert "message" not in values


async def test_update_drops_a_value_when_the_block_id_changes(slack: Harness) -> None:
    view = await _open(slack, _form())
    slack.fake.set_value(view["id"], "name", "Sven Svensson")

    updated = await slack.web.views_update(
        view_id=view["id"], view=_form(name_block="contact-2", initial="Ny")
    )

    assert updated["view"]["state"]["values"]["contact-2"]["name"]["value"] == "Ny"


async def test_initial_values_prefill_the_state(slack: Harness) -> None:
    view = await _open(
        slack,
        modal(
            input_block("name", text_input("name", initial_value="Sven")),
            input_block(
                "slot", _select(options=_options(2), initial_option=option("Visning 1", "v1"))
            ),
            input_block(
                "checks",
                {
                    "type": "checkboxes",
                    "action_id": "checks",
                    "options": _options(2),
                    "initial_options": [option("Visning 0", "v0")],
                },
            ),
            input_block(
                "where",
                {
                    "type": "conversations_select",
                    "action_id": "where",
                    "default_to_current_conversation": True,
                },
            ),
            input_block(
                "count",
                {"type": "number_input", "action_id": "count", "is_decimal_allowed": False},
                optional=True,
            ),
        ),
        user=ERIK,
    )

    values = view["state"]["values"]
    assert values["name"]["name"] == {"type": "plain_text_input", "value": "Sven"}
    assert values["slot"]["slot"] == {
        "type": "static_select",
        "selected_option": option("Visning 1", "v1"),
    }
    assert values["checks"]["checks"] == {
        "type": "checkboxes",
        "selected_options": [option("Visning 0", "v0")],
    }
    assert values["where"]["where"] == {
        "type": "conversations_select",
        "selected_conversation": VISNINGAR,
    }
    assert values["count"]["count"] == {"type": "number_input", "value": None}


async def test_push_stacks_at_most_three_modals(slack: Harness) -> None:
    def picker(n: int) -> Json:
        return modal(section(str(n)), {"type": "actions", "elements": [_pick()]})

    async def pusher(ack: Any, body: Json, client: AsyncWebClient) -> None:
        await ack()
        await client.views_push(trigger_id=body["trigger_id"], view=picker(2))

    slack.bolt.action("pick")(pusher)
    first = await _open(slack, picker(1))

    await slack.fake.select(first["id"], "pick", "v0")
    second = slack.fake.open_views(AGNETA)[-1]
    await slack.fake.select(second.id, "pick", "v1")
    third = slack.fake.open_views(AGNETA)[-1]
    refused = await slack.fake.select(third.id, "pick", "v1")

    assert second.previous_view_id == first["id"]
    assert second.root_view_id == first["id"]
    assert third.previous_view_id == second.id
    assert third.root_view_id == first["id"]
    assert slack.fake.api_calls[-1].result == {"ok": False, "error": "push_limit_reached"}
    assert refused is not None
    assert refused.outcome == "failed"
    assert len(slack.fake.open_views(AGNETA)) == 3


def _pick() -> Json:
    return {"type": "static_select", "action_id": "pick", "options": _options(2)}


async def test_views_open_replaces_the_users_stack(slack: Harness) -> None:
    first = await _open(slack, modal(section("1")))
    second = await _open(slack, modal(section("2")))

    assert [v.id for v in slack.fake.open_views(AGNETA)] == [second["id"]]
    error = await _error(slack.web.views_update(view_id=first["id"], view=modal(section("x"))))
    assert error["error"] == "not_found"


async def test_publish_stores_app_home_per_user(slack: Harness) -> None:
    home = {"type": "home", "blocks": [section("Dina anmälningar")]}

    published = await slack.web.views_publish(user_id=JOHN, view=home)
    again = await slack.web.views_publish(user_id=JOHN, view=home, hash=published["view"]["hash"])
    stale = await _error(
        slack.web.views_publish(user_id=JOHN, view=home, hash=published["view"]["hash"])
    )

    shown = slack.fake.home_view(JOHN)
    assert shown is not None
    assert shown.id == published["view"]["id"] == again["view"]["id"]
    assert stale["error"] == "hash_conflict"
    assert slack.fake.home_view(AGNETA) is None
    missing = await _error(slack.web.views_publish(user_id="U0NOBODY", view=home))
    assert missing["error"] == "user_not_found"


async def test_views_open_refuses_a_home_view(slack: Harness) -> None:
    trigger_id = await _trigger(slack, channel=SALJ)

    error = await _error(
        slack.web.views_open(trigger_id=trigger_id, view={"type": "home", "blocks": []})
    )

    assert error["error"] == "invalid_arguments"


async def _ack(ack: Any) -> None:
    await ack()

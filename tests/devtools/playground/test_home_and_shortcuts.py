"""App Home, shortcuts and buttons in views: the Events API and the shortcut payloads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
import yaml
from slack_sdk.web.async_client import AsyncWebClient

from devtools.playground.slack import ClientActionError, Shortcut, Workspace
from tests.devtools.playground.kit import (
    AGNETA,
    VISNINGAR,
    Harness,
    Json,
    button,
    modal,
    section,
)

MANIFEST = Path(__file__).resolve().parents[3] / "manifest.yml"
ENVELOPE_FIELDS = {
    "token",
    "team_id",
    "api_app_id",
    "event",
    "type",
    "event_id",
    "event_time",
    "authorizations",
    "is_ext_shared_channel",
    "event_context",
}


async def _ack(ack: Any) -> None:
    await ack()


def _home(*blocks: Json) -> Json:
    return {"type": "home", "blocks": list(blocks)}


def _interaction(slack: Harness) -> Json:
    payload: Json = json.loads(parse_qs(slack.received[-1].body)["payload"][0])
    return payload


def test_the_workspace_offers_the_manifests_shortcuts() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    declared = {
        (s["callback_id"], s["name"], s["type"], s.get("description", ""))
        for s in manifest["features"]["shortcuts"]
    }
    offered = {(s.callback_id, s.name, s.type, s.description) for s in Workspace().shortcuts}
    assert offered == declared


async def test_opening_app_home_sends_a_signed_event_and_shows_what_the_app_publishes(
    slack: Harness,
) -> None:
    events: list[Json] = []

    async def home_opened(event: Json, body: Json, client: AsyncWebClient) -> None:
        events.append(body)
        await client.views_publish(user_id=event["user"], view=_home(section("Dina anmälningar")))

    slack.bolt.event("app_home_opened")(home_opened)

    delivery = await slack.fake.open_app_home(AGNETA)

    assert delivery.outcome == "acknowledged"
    assert slack.received[-1].headers["content-type"] == "application/json"
    [envelope] = events
    assert set(envelope) >= ENVELOPE_FIELDS
    assert envelope["type"] == "event_callback"
    assert envelope["event_id"].startswith("Ev")
    assert envelope["authorizations"][0]["user_id"] == "U0BOT"
    event = envelope["event"]
    assert (event["type"], event["user"], event["tab"]) == ("app_home_opened", AGNETA, "home")
    assert event["channel"] == "D0AGNETA", "the app's direct messages with the person"
    assert "view" not in event, "nothing was published before"
    home = slack.fake.home_view(AGNETA)
    assert home is not None
    assert home.blocks[0]["text"]["text"] == "Dina anmälningar"
    assert slack.fake.snapshot()["homes"][AGNETA]["type"] == "home"


async def test_coming_back_to_app_home_carries_the_published_view(slack: Harness) -> None:
    events: list[Json] = []

    async def home_opened(event: Json, client: AsyncWebClient) -> None:
        events.append(event)
        await client.views_publish(user_id=event["user"], view=_home(section("Hej")))

    slack.bolt.event("app_home_opened")(home_opened)
    await slack.fake.open_app_home(AGNETA)
    await slack.fake.open_app_home(AGNETA)
    await slack.fake.open_app_home(AGNETA, "messages")

    assert "view" not in events[0]
    assert events[1]["view"]["type"] == "home"
    assert events[1]["view"]["blocks"][0]["text"]["text"] == "Hej"
    assert events[2]["tab"] == "messages"
    assert "view" not in events[2]


async def test_an_unanswered_event_fails_without_telling_the_person(slack: Harness) -> None:
    delivery = await slack.fake.open_app_home(AGNETA)
    # No listener: Bolt answers 404.
    assert delivery.outcome == "failed"
    assert delivery.error is None
    assert slack.fake.home_view(AGNETA) is None


async def test_a_button_in_app_home_sends_block_actions_from_the_view(slack: Harness) -> None:
    seen: list[Json] = []

    async def home_opened(event: Json, client: AsyncWebClient) -> None:
        view = _home({"type": "actions", "elements": [button("open_form", "Ny anmälan")]})
        await client.views_publish(user_id=event["user"], view=view)

    async def open_form(ack: Any, body: Json, client: AsyncWebClient) -> None:
        await ack()
        seen.append(body)
        await client.views_open(trigger_id=body["trigger_id"], view=modal(section("Formulär")))

    slack.bolt.event("app_home_opened")(home_opened)
    slack.bolt.action("open_form")(open_form)
    await slack.fake.open_app_home(AGNETA)
    home = slack.fake.home_view(AGNETA)
    assert home is not None

    delivery = await slack.fake.press(home.id, "open_form")

    assert delivery.outcome == "acknowledged"
    [payload] = seen
    assert payload["type"] == "block_actions"
    assert payload["container"] == {"type": "view", "view_id": home.id}
    assert payload["view"]["type"] == "home"
    assert payload["actions"][0]["action_id"] == "open_form"
    assert "response_url" not in payload
    [opened] = slack.fake.open_views(AGNETA)
    assert opened.blocks[0]["text"]["text"] == "Formulär"


async def test_buttons_in_modals_are_pressed_too(slack: Harness) -> None:
    slack.bolt.action("more")(_ack)
    view_id = await slack.open_modal(
        modal({"type": "actions", "elements": [button("more", "Visa fler")]})
    )
    delivery = await slack.fake.press(view_id, "more")
    assert delivery.outcome == "acknowledged"
    assert _interaction(slack)["container"] == {"type": "view", "view_id": view_id}


async def test_only_buttons_are_pressed(slack: Harness) -> None:
    view_id = await slack.open_modal(modal(section("Text", block_id="text")))
    with pytest.raises(ClientActionError):
        await slack.fake.press(view_id, "nothing")


async def test_a_global_shortcut_sends_its_callback_id_and_a_trigger(slack: Harness) -> None:
    async def shortcut(ack: Any, shortcut: Json, client: AsyncWebClient) -> None:
        await ack()
        await client.views_open(trigger_id=shortcut["trigger_id"], view=modal(section("Hej")))

    slack.bolt.shortcut("visning_shortcut")(shortcut)

    delivery = await slack.fake.shortcut(AGNETA, "visning_shortcut")

    assert delivery.outcome == "acknowledged"
    payload = _interaction(slack)
    assert payload["type"] == "shortcut"
    assert payload["callback_id"] == "visning_shortcut"
    assert payload["user"]["id"] == AGNETA
    assert "channel" not in payload
    assert "response_url" not in payload
    assert len(slack.fake.open_views(AGNETA)) == 1


async def test_shortcuts_the_app_does_not_declare_are_not_offered(slack: Harness) -> None:
    with pytest.raises(ClientActionError):
        await slack.fake.shortcut(AGNETA, "no_such_shortcut")
    with pytest.raises(ClientActionError):
        await slack.fake.message_shortcut(AGNETA, VISNINGAR, "1.0", "visning_shortcut")
    assert slack.received == []


async def test_a_message_shortcut_carries_the_message_and_a_response_url(
    slack: Harness,
) -> None:
    slack.fake.world.workspace = Workspace(
        shortcuts=(Shortcut("from_message", "Anmäl härifrån", "message"),)
    )
    posted = await slack.web.chat_postMessage(channel=VISNINGAR, text="Visning på lördag")
    seen: list[Json] = []

    async def from_message(ack: Any, body: Json, respond: Any) -> None:
        await ack()
        seen.append(body)
        await respond(text="Svar i tråden", response_type="ephemeral")

    slack.bolt.shortcut("from_message")(from_message)

    delivery = await slack.fake.message_shortcut(AGNETA, VISNINGAR, posted["ts"], "from_message")

    assert delivery.outcome == "acknowledged"
    [payload] = seen
    assert payload["type"] == "message_action"
    assert payload["message_ts"] == posted["ts"]
    assert payload["message"]["text"] == "Visning på lördag"
    assert payload["channel"] == {"id": VISNINGAR, "name": "visningar"}
    answered = slack.fake.messages(VISNINGAR, visible_to=AGNETA)[-1]
    assert (answered.text, answered.ephemeral_to) == ("Svar i tråden", AGNETA)


async def test_the_snapshot_lists_the_shortcuts_for_the_page(slack: Harness) -> None:
    shortcuts = slack.fake.snapshot()["app"]["shortcuts"]
    assert [(s["callback_id"], s["type"], s["name"]) for s in shortcuts] == [
        ("visning_shortcut", "global", "Anmäl till visning"),
        ("visning_message", "message", "Anmäl till visning"),
    ]

"""The people's actions over HTTP, the JSON snapshot, and waiting for a bot's late work."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from slack_sdk.web.async_client import AsyncWebClient

from tests.devtools.playground.kit import (
    AGNETA,
    SALJ,
    VISNINGAR,
    Harness,
    Json,
    button,
    input_block,
    modal,
    section,
    text_input,
)


def _form() -> Json:
    return modal(input_block("name", text_input("name")))


async def test_a_browser_can_drive_a_whole_sign_up(slack: Harness) -> None:
    async def opener(ack: Any, body: Json, client: AsyncWebClient) -> None:
        await ack()
        await client.views_open(trigger_id=body["trigger_id"], view=_form())

    async def confirm(ack: Any, client: AsyncWebClient) -> None:
        await ack()
        await client.chat_postMessage(
            channel=VISNINGAR,
            text="Anmäld",
            blocks=[section("Anmäld"), {"type": "actions", "elements": [button("undo", "Ångra")]}],
        )

    slack.bolt.command("/visning")(opener)
    slack.bolt.view("signup")(confirm)
    slack.bolt.action("undo")(_ack)

    async with httpx.AsyncClient(base_url=slack.fake_url + "/_client") as browser:
        command = await browser.post("/command", json={"user_id": AGNETA, "channel_id": VISNINGAR})
        state = (await browser.get("/state")).json()
        (shown,) = state["modals"][AGNETA]
        await browser.post(
            "/set", json={"view_id": shown["id"], "action_id": "name", "value": "Sven"}
        )
        submitted = await browser.post("/submit", json={"view_id": shown["id"]})
        message = (await browser.get("/state")).json()["messages"][VISNINGAR][0]
        clicked = await browser.post(
            "/click",
            json={
                "channel_id": VISNINGAR,
                "message_ts": message["ts"],
                "action_id": "undo",
                "user_id": AGNETA,
            },
        )

    assert command.json()["outcome"] == "acknowledged"
    assert shown["errors"] == {}
    assert submitted.json()["outcome"] == "closed"
    assert submitted.json()["payload"]["view"]["state"]["values"]["name"]["name"]["value"] == "Sven"
    assert message["text"] == "Anmäld"
    assert clicked.json()["kind"] == "block_actions"
    assert slack.fake.open_views(AGNETA) == []


async def test_impossible_actions_answer_400(slack: Harness) -> None:
    async with httpx.AsyncClient(base_url=slack.fake_url + "/_client") as browser:
        no_view = await browser.post("/submit", json={"view_id": "V0"})
        not_member = await browser.post("/command", json={"user_id": "U0JOHN", "channel_id": SALJ})
        missing = await browser.post("/close", json={})
        not_json = await browser.post("/select", content=b"{")

    assert no_view.status_code == 400
    assert no_view.json() == {"error": "view V0 is not open"}
    assert not_member.status_code == 400
    assert missing.json() == {"error": "view_id is required"}
    assert not_json.status_code == 400


async def test_snapshot_is_json_and_the_timeline_newest_first(slack: Harness) -> None:
    await slack.open_modal(_form())
    await slack.web.chat_postEphemeral(channel=VISNINGAR, user=AGNETA, text="Hej")

    snapshot = slack.fake.snapshot()

    assert json.loads(json.dumps(snapshot)) == snapshot
    assert snapshot["team"] == {"id": "T0VISNING", "name": "Mäklarhuset", "domain": "maklarhuset"}
    assert {c["id"] for c in snapshot["channels"]} == {
        "C0VISNING",
        "C0SALJ",
        "C0ALLMAN",
        "G0PRIVAT",
    }
    assert [u["id"] for u in snapshot["users"]] == ["U0AGNETA", "U0JOHN", "U0ERIK"]
    assert snapshot["messages"][VISNINGAR][0]["ephemeral_to"] == AGNETA
    kinds = [(e["kind"], e["summary"].split()[0]) for e in snapshot["timeline"]]
    assert kinds[0] == ("api", "chat.postEphemeral")
    assert ("delivery", "slash_command") in kinds
    assert kinds.index(("api", "chat.postEphemeral")) < kinds.index(("api", "views.open"))


async def test_wait_until_sees_work_done_after_the_ack(slack: Harness) -> None:
    later: list[asyncio.Task[Any]] = []

    async def ack_then_work(ack: Any, client: AsyncWebClient) -> None:
        await ack()
        # What Bolt does by default: the listener's work outlives the HTTP answer.
        later.append(asyncio.create_task(client.chat_postMessage(channel=VISNINGAR, text="Klar")))

    slack.bolt.command("/visning")(ack_then_work)

    await slack.fake.slash_command(AGNETA, VISNINGAR)
    await slack.fake.wait_until(lambda: bool(slack.fake.messages(VISNINGAR)))

    assert [m.text for m in slack.fake.messages(VISNINGAR)] == ["Klar"]
    await asyncio.gather(*later)


async def _ack(ack: Any) -> None:
    await ack()

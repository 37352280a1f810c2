"""chat.*, response URLs and the people, channels and DMs the bot can look up."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from slack_sdk.errors import SlackApiError

from devtools.playground.slack import FakeSlack, Workspace
from tests.devtools.playground.kit import (
    AGNETA,
    ALLMANT,
    ERIK,
    JOHN,
    LEDNING,
    SALJ,
    VISNINGAR,
    Harness,
    Json,
    section,
)


async def _error(call: Any) -> Json:
    with pytest.raises(SlackApiError) as raised:
        await call
    data: Json = raised.value.response.data
    return data


async def test_post_message_where_the_bot_is_a_member(slack: Harness) -> None:
    posted = await slack.web.chat_postMessage(
        channel=VISNINGAR, text="Ny visning", blocks=[section("*Ny visning*")]
    )

    assert posted["channel"] == VISNINGAR
    assert posted["message"]["bot_id"] == "B0VISNING"
    (message,) = slack.fake.messages(VISNINGAR)
    assert (message.ts, message.text, message.user) == (posted["ts"], "Ny visning", "U0BOT")
    assert message.blocks[0]["text"]["text"] == "*Ny visning*"


async def test_post_message_where_the_bot_is_not_a_member(slack: Harness) -> None:
    assert (await _error(slack.web.chat_postMessage(channel=ALLMANT, text="x")))[
        "error"
    ] == "not_in_channel"
    # The app cannot even see a private channel it has not joined.
    assert (await _error(slack.web.chat_postMessage(channel=LEDNING, text="x")))[
        "error"
    ] == "channel_not_found"
    assert (await _error(slack.web.chat_postMessage(channel="C0NOPE", text="x")))[
        "error"
    ] == "channel_not_found"
    assert slack.fake.messages(ALLMANT) == []


async def test_post_message_by_channel_name_and_to_a_user(slack: Harness) -> None:
    by_name = await slack.web.chat_postMessage(channel="#sälj-söder", text="Hej")
    to_user = await slack.web.chat_postMessage(channel=ERIK, text="Hej Erik")

    assert by_name["channel"] == SALJ
    assert to_user["channel"].startswith("D")
    assert [m.text for m in slack.fake.messages(to_user["channel"])] == ["Hej Erik"]


async def test_post_message_limits(slack: Harness) -> None:
    too_many = [section(f"{n}") for n in range(51)]
    error = await _error(slack.web.chat_postMessage(channel=VISNINGAR, text="x", blocks=too_many))
    assert error["error"] == "invalid_blocks"
    assert error["response_metadata"]["messages"] == [
        "[ERROR] must provide no more than 50 items [json-pointer:/blocks]"
    ]

    long_text = [section("x" * 3001)]
    error = await _error(slack.web.chat_postMessage(channel=VISNINGAR, text="x", blocks=long_text))
    assert error["response_metadata"]["messages"] == [
        "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]"
    ]
    # api_call: chat_postMessage itself warns before sending a message without text.
    no_text = slack.web.api_call("chat.postMessage", json={"channel": VISNINGAR})
    assert (await _error(no_text))["error"] == "no_text"


async def test_ephemeral_messages_are_seen_by_one_person(slack: Harness) -> None:
    await slack.web.chat_postMessage(channel=VISNINGAR, text="Till alla")
    posted = await slack.web.chat_postEphemeral(channel=VISNINGAR, user=JOHN, text="Bara John")

    assert posted["message_ts"]
    assert [m.text for m in slack.fake.messages(VISNINGAR, visible_to=JOHN)] == [
        "Till alla",
        "Bara John",
    ]
    assert [m.text for m in slack.fake.messages(VISNINGAR, visible_to=AGNETA)] == ["Till alla"]
    assert slack.fake.messages(VISNINGAR)[1].ephemeral_to == JOHN


async def test_ephemeral_messages_need_the_person_in_the_channel(slack: Harness) -> None:
    # The bot need not be a member of a public channel to whisper there.
    await slack.web.chat_postEphemeral(channel=ALLMANT, user=JOHN, text="Hej")

    not_in = await _error(slack.web.chat_postEphemeral(channel=SALJ, user=JOHN, text="x"))
    nobody = await _error(slack.web.chat_postEphemeral(channel=SALJ, user="U0NOBODY", text="x"))

    assert not_in["error"] == "user_not_in_channel"
    assert nobody["error"] == "user_not_found"


async def test_update_and_delete_the_bots_own_messages(slack: Harness) -> None:
    posted = await slack.web.chat_postMessage(
        channel=VISNINGAR, text="Bokar…", blocks=[section("Bokar…")]
    )

    updated = await slack.web.chat_update(channel=VISNINGAR, ts=posted["ts"], text="Bokad")

    (message,) = slack.fake.messages(VISNINGAR)
    assert updated["ts"] == posted["ts"]
    assert (message.text, message.edited) == ("Bokad", True)
    assert message.blocks[0]["text"]["text"] == "Bokar…", "blocks left out are kept"
    await slack.web.chat_delete(channel=VISNINGAR, ts=posted["ts"])
    assert slack.fake.messages(VISNINGAR) == []
    gone = await _error(slack.web.chat_update(channel=VISNINGAR, ts=posted["ts"], text="x"))
    assert gone["error"] == "message_not_found"


async def test_ephemeral_messages_cannot_be_updated(slack: Harness) -> None:
    posted = await slack.web.chat_postEphemeral(channel=VISNINGAR, user=JOHN, text="Bokar…")

    refused = await _error(
        slack.web.chat_update(channel=VISNINGAR, ts=posted["message_ts"], text="Bokad")
    )

    assert refused["error"] == "message_not_found"


async def _respond_url(slack: Harness, user: str = AGNETA, channel: str = VISNINGAR) -> str:
    async def ack(ack: Any) -> None:
        await ack()

    slack.bolt.command("/visning")(ack)
    delivery = await slack.fake.slash_command(user, channel)
    return str(delivery.payload["response_url"])


async def test_response_url_posts_in_channel_where_the_bot_is_not_a_member(
    slack: Harness,
) -> None:
    url = await _respond_url(slack, JOHN, ALLMANT)

    async with httpx.AsyncClient() as client:
        answer = await client.post(url, json={"response_type": "in_channel", "text": "Bokad"})

    assert answer.status_code == 200
    (message,) = slack.fake.messages(ALLMANT, visible_to=AGNETA)
    assert (message.text, message.user, message.via) == ("Bokad", "U0BOT", "response_url")


async def test_response_url_is_ephemeral_by_default(slack: Harness) -> None:
    url = await _respond_url(slack)

    async with httpx.AsyncClient() as client:
        await client.post(url, json={"text": "Bara du"})

    assert slack.fake.messages(VISNINGAR, visible_to=JOHN) == []
    assert [m.text for m in slack.fake.messages(VISNINGAR, visible_to=AGNETA)] == ["Bara du"]


async def test_response_url_takes_five_posts(slack: Harness) -> None:
    url = await _respond_url(slack)

    async with httpx.AsyncClient() as client:
        statuses = [(await client.post(url, json={"text": f"{n}"})).status_code for n in range(6)]
        last = await client.post(url, json={"text": "x"})

    assert statuses == [200, 200, 200, 200, 200, 404]
    assert last.json() == {"ok": False, "error": "used_url"}
    assert len(slack.fake.messages(VISNINGAR)) == 5


async def test_response_url_expires_after_thirty_minutes(slack: Harness) -> None:
    url = await _respond_url(slack)
    slack.clock.advance(30 * 60 + 1)

    async with httpx.AsyncClient() as client:
        answer = await client.post(url, json={"text": "Sent"})

    assert (answer.status_code, answer.json()["error"]) == (404, "expired_url")
    assert slack.fake.messages(VISNINGAR) == []


async def test_response_url_replace_and_delete_original(slack: Harness) -> None:
    url = await _respond_url(slack)

    async with httpx.AsyncClient() as client:
        await client.post(url, json={"text": "Bokar…"})
        await client.post(url, json={"text": "Bokad", "replace_original": True})
        (message,) = slack.fake.messages(VISNINGAR)
        assert message.text == "Bokad"
        await client.post(url, json={"delete_original": True})

    assert slack.fake.messages(VISNINGAR) == []


async def test_response_url_refuses_invalid_blocks(slack: Harness) -> None:
    url = await _respond_url(slack)

    async with httpx.AsyncClient() as client:
        answer = await client.post(url, json={"text": "x", "blocks": [section("x" * 3001)]})

    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_blocks")


async def test_a_slash_command_answer_body_becomes_an_ephemeral_reply(slack: Harness) -> None:
    async def usage(ack: Any) -> None:
        await ack(text="Skriv /visning och en adress")

    slack.bolt.command("/visning")(usage)

    delivery = await slack.fake.slash_command(AGNETA, VISNINGAR, text="help")

    assert delivery.outcome == "replied"
    (reply,) = slack.fake.messages(VISNINGAR)
    assert (reply.text, reply.ephemeral_to) == ("Skriv /visning och en adress", AGNETA)


async def test_users_info_gives_locale_only_when_asked(slack: Harness) -> None:
    with_locale = await slack.web.users_info(user=AGNETA, include_locale=True)
    without = await slack.web.users_info(user=JOHN)

    assert with_locale["user"]["locale"] == "sv-SE"
    assert with_locale["user"]["tz"] == "Europe/Stockholm"
    assert with_locale["user"]["real_name"] == "Agneta Berg"
    assert with_locale["user"]["tz_offset"] in (3600, 7200)
    assert "locale" not in without["user"]
    assert (await slack.web.users_info(user=JOHN, include_locale=True))["user"]["locale"] == (
        "en-US"
    )
    assert (await _error(slack.web.users_info(user="U0NOBODY")))["error"] == "user_not_found"


async def test_conversations_info_and_open(slack: Harness) -> None:
    info = await slack.web.conversations_info(channel=SALJ)
    opened = await slack.web.conversations_open(users=AGNETA)
    again = await slack.web.conversations_open(users=[AGNETA])

    assert info["channel"]["name"] == "sälj-söder"
    assert info["channel"]["is_member"] is True
    assert (await slack.web.conversations_info(channel=ALLMANT))["channel"]["is_member"] is False
    assert (await _error(slack.web.conversations_info(channel=LEDNING)))["error"] == (
        "channel_not_found"
    )
    assert opened["channel"]["id"] == again["channel"]["id"] == "D0AGNETA"
    assert (opened["already_open"], again["already_open"]) == (False, True)
    await slack.web.chat_postMessage(channel="D0AGNETA", text="Din bokning")
    assert [m.text for m in slack.fake.messages("D0AGNETA")] == ["Din bokning"]


async def test_auth_test_names_the_bot(slack: Harness) -> None:
    answer = await slack.web.auth_test()

    assert (answer["team_id"], answer["user_id"], answer["bot_id"]) == (
        "T0VISNING",
        "U0BOT",
        "B0VISNING",
    )
    assert answer["team"] == "Mäklarhuset"


async def test_chat_write_public_posts_in_public_channels_only() -> None:
    fake = FakeSlack(
        bot_url="",
        signing_secret="s",
        bot_token="xoxb-t",
        workspace=Workspace(chat_write_public=True),
    )
    transport = httpx.ASGITransport(app=fake.app)
    headers = {"Authorization": "Bearer xoxb-t"}
    async with httpx.AsyncClient(transport=transport, base_url="http://slack") as http:
        public = await http.post(
            "/api/chat.postMessage", json={"channel": ALLMANT, "text": "x"}, headers=headers
        )
        private = await http.post(
            "/api/chat.postMessage", json={"channel": LEDNING, "text": "x"}, headers=headers
        )

    assert public.json()["ok"] is True
    assert private.json() == {"ok": False, "error": "channel_not_found"}

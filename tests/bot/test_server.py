"""How uvicorn serves the bot: slow and idle clients do not hold it forever."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode

import pytest
from slack_bolt.request.internals import parse_body

from bot.server import interaction_payload, server_options
from bot.settings import Settings, load_settings


def settings() -> Settings:
    return load_settings(
        None,
        slack_bot_token="xoxb-1-2-3",
        slack_signing_secret="abcdef0123456789",
        vitec_username="visningsbot",
        vitec_password="pw-for-tests",
        vitec_customer_id="M30011",
        port=8443,
        host="127.0.0.2",
    )


def test_idle_connections_and_the_number_of_connections_are_bounded() -> None:
    options = server_options(settings())

    assert options["timeout_keep_alive"] == 5
    assert options["limit_concurrency"] == 1000
    assert (options["host"], options["port"]) == ("127.0.0.2", 8443)
    # Access logs would print every request line; the bot logs what it did instead.
    assert options["access_log"] is False


@pytest.mark.parametrize(
    "value",
    [
        '{"type":"view_submission","text":"Åsa Öberg · 070-••• •• 67"}',
        '{"a":"plus + and %2B, 100% sure & = ; ? # / \\\\ \\" \\n"}',
        '{"emoji":"🏠","nbsp":"\u00a0","empty":""}',
    ],
)
def test_an_interaction_body_is_read_as_bolt_reads_it(value: str) -> None:
    body = urlencode({"payload": value})
    assert interaction_payload(body) == parse_qsl(body)[0][1]
    assert json.loads(interaction_payload(body) or "") == parse_body(body, None)


@pytest.mark.parametrize(
    "body",
    [
        "payload=%7B%22a%22%3A1%7D&other=1",  # another field
        "payload=%7B%22a%22%3A%22%ZZ%22%7D",  # a stray percent sign
        "payload=%7B%22a%22%3A%22%4",  # cut off inside an escape
        "payload=%7B%22a%22%3A%22%FF%22%7D",  # not UTF-8
        'payload={"a":"\\\\x41"}',  # a raw backslash
        'payload={"a":"å"}',  # not percent-encoded
        "token=x&team_id=T1",  # a slash command
        '{"type":"event_callback"}',
    ],
)
def test_what_the_fast_reading_cannot_decode_exactly_is_left_to_bolt(body: str) -> None:
    assert interaction_payload(body) is None

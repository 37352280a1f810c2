"""Junk at the bot's door: each gets a quick 4xx, no traceback, and the bot keeps serving."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
import pytest
import pytest_asyncio

from tests.scenarios.conftest import AGENT, CHANNEL, SIGNING_SECRET, Stack

FORM = "application/x-www-form-urlencoded"
SLASH_COMMAND = urlencode(
    {
        "command": "/visning",
        "text": "",
        "team_id": "T0MAKLARE",
        "user_id": AGENT,
        "channel_id": CHANNEL,
        "trigger_id": "1.2.3",
        "response_url": "https://hooks.slack.test/commands/1",
    }
).encode()
SUBMISSION = urlencode(
    {"payload": json.dumps({"type": "view_submission", "team": {"id": "T0MAKLARE"}})}
).encode()


def signed(body: bytes, content_type: str = FORM, **headers: str) -> dict[str, str]:
    """Headers as Slack sends them, with a valid signature of the body."""
    timestamp = str(int(time.time()))
    # Signed over the bytes as they are, as Slack's v0 scheme says, whatever their encoding.
    digest = hmac.new(SIGNING_SECRET.encode(), b"v0:" + timestamp.encode() + b":" + body, "sha256")
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": f"v0={digest.hexdigest()}",
        **headers,
    }


class _Tracebacks(logging.Handler):
    """Every log record of any logger that carries a traceback."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = self.format(record)
        if record.exc_info or "Traceback" in text:
            self.found.append(f"{record.name}: {text[:500]}")


@pytest.fixture
def tracebacks() -> Iterator[_Tracebacks]:
    handler = _Tracebacks()
    # uvicorn's loggers stop at "uvicorn" and do not reach the root: its "Exception in ASGI
    # application" is logged there alone.
    loggers = [logging.getLogger(), logging.getLogger("uvicorn")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler
    for logger in loggers:
        logger.removeHandler(handler)


@pytest_asyncio.fixture(loop_scope="module")
async def http(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(trust_env=False, timeout=5.0) as client:
        yield client


async def still_serves(stack: Stack) -> None:
    view = await stack.open_form()
    assert view.view["callback_id"] == "signup"


@pytest.mark.parametrize(
    ("name", "body", "headers", "status"),
    [
        ("5 MB unsigned", b"payload=" + b"A" * 5_000_000, {"Content-Type": FORM}, 413),
        ("5 MB signed", b"A" * 5_000_000, None, 413),
        ("not UTF-8, unsigned", "text=Götgatan".encode("latin-1"), {"Content-Type": FORM}, 400),
        ("not UTF-8, signed", "text=Götgatan".encode("latin-1"), None, 400),
        ("truncated JSON, unsigned", SUBMISSION[:-12], {"Content-Type": FORM}, 401),
        ("truncated JSON in a form, signed", SUBMISSION[:-12], None, 400),
        ("truncated JSON body, signed", b'{"type": "event_callback", "event"', "json", 400),
        ("a JSON list, signed", b'[{"type": "view_submission"}]', "json", 400),
        ("unsigned slash command", SLASH_COMMAND, {"Content-Type": FORM}, 401),
        (
            "a forged signature",
            SLASH_COMMAND,
            {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=00"},
            401,
        ),
        ("a timestamp that is no number", SLASH_COMMAND, {"X-Slack-Request-Timestamp": "x"}, 401),
        ("empty", b"", {"Content-Type": FORM}, 401),
    ],
)
async def test_junk_gets_a_4xx_without_a_traceback_and_the_bot_keeps_serving(
    stack: Stack,
    http: httpx.AsyncClient,
    tracebacks: _Tracebacks,
    name: str,
    body: bytes,
    headers: dict[str, str] | str | None,
    status: int,
) -> None:
    if headers is None:
        sent = signed(body)
    elif headers == "json":
        sent = signed(body, "application/json")
    else:
        assert isinstance(headers, dict)
        sent = headers
    started = time.monotonic()

    response = await http.post(stack.slack.bot_url, content=body, headers=sent)

    assert response.status_code == status, (name, response.text)
    assert time.monotonic() - started < 2.0
    assert tracebacks.found == []
    # The estate list the bot keeps fresh on its own is all Vitec hears of.
    refresh = ("/Advertising", "/Estate/GetEstateList")
    assert [r for r in stack.vitec_requests() if not r.path.startswith(refresh)] == []
    await still_serves(stack)
    assert tracebacks.found == []


async def test_a_large_body_is_refused_from_its_declared_length_before_it_is_sent(
    stack: Stack,
) -> None:
    # Only the headers go out: the bot must answer without waiting for five megabytes.
    address = urlsplit(stack.slack.bot_url)
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    writer.write(
        b"POST /slack/events HTTP/1.1\r\nHost: bot\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000000\r\n\r\n"
    )
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), timeout=2.0)
    writer.close()

    assert status_line.startswith(b"HTTP/1.1 413")
    await still_serves(stack)


async def test_a_body_sent_in_chunks_is_cut_off_at_the_limit(
    stack: Stack, http: httpx.AsyncClient, tracebacks: _Tracebacks
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(50):
            yield b"A" * 100_000

    response = await http.post(
        stack.slack.bot_url, content=chunks(), headers={"Content-Type": FORM}
    )

    assert response.status_code == 413
    assert tracebacks.found == []
    await still_serves(stack)


class TestSlowClients:
    @pytest.fixture
    def web_app_options(self) -> dict[str, Any]:
        return {"body_timeout": 0.3}

    async def test_a_body_that_trickles_in_is_refused_once_its_time_is_up(
        self, stack: Stack, tracebacks: _Tracebacks
    ) -> None:
        address = urlsplit(stack.slack.bot_url)
        reader, writer = await asyncio.open_connection(address.hostname, address.port)
        writer.write(
            b"POST /slack/events HTTP/1.1\r\nHost: bot\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n"
            b"command=/vis"
        )
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout=3.0)
        writer.close()

        assert status_line.startswith(b"HTTP/1.1 408")
        assert tracebacks.found == []
        await still_serves(stack)

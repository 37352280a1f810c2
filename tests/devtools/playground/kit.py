"""A tiny Bolt bot served on loopback against the fake Slack, and Block Kit builders for tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from devtools.playground.slack import FakeSlack

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"
AGNETA, JOHN, ERIK = "U0AGNETA", "U0JOHN", "U0ERIK"
VISNINGAR, SALJ, ALLMANT, LEDNING = "C0VISNING", "C0SALJ", "C0ALLMAN", "G0PRIVAT"

Json = dict[str, Any]


class ManualClock:
    """Slack's "now" for a test; starts at real time so Bolt accepts the signatures."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += seconds


@dataclass
class Received:
    """A request exactly as the bot's HTTP endpoint got it."""

    headers: dict[str, str]
    body: str


@dataclass
class Harness:
    """The fake Slack, a Bolt app whose Web API client points at it, and both servers."""

    fake: FakeSlack
    bolt: AsyncApp
    web: AsyncWebClient
    clock: ManualClock
    fake_url: str
    received: list[Received] = field(default_factory=list)
    reply: Response | None = None
    """When set, the bot's endpoint answers this instead of asking Bolt."""
    _modal: Json | None = None

    def client(self, **kwargs: Any) -> AsyncWebClient:
        """Another Web API client pointed at the fake, as the real bot will build one."""
        return AsyncWebClient(base_url=self.fake_url + "/api/", **kwargs)

    def bot_app(self) -> Starlette:
        """The bot's HTTP side: `POST /slack/events`, recorded, then handed to Bolt."""
        handler = AsyncSlackRequestHandler(self.bolt)

        async def events(request: Request) -> Response:
            body = await request.body()
            self.received.append(Received(dict(request.headers), body.decode()))
            if self.reply is not None:
                return self.reply
            return await handler.handle(request)

        return Starlette(routes=[Route("/slack/events", events, methods=["POST"])])

    async def open_modal(self, view: Json, user: str = AGNETA, channel: str = VISNINGAR) -> str:
        """Run /visning with a listener that opens `view`; the new view's id."""
        if self._modal is None:

            async def opener(ack: Any, body: Json, client: AsyncWebClient) -> None:
                await ack()
                assert self._modal is not None
                await client.views_open(trigger_id=body["trigger_id"], view=self._modal)

            self.bolt.command("/visning")(opener)
        self._modal = view
        await self.fake.slash_command(user, channel)
        return self.fake.open_views(user)[-1].id


def plain(text: str) -> Json:
    """A plain_text object."""
    return {"type": "plain_text", "text": text}


def option(text: str, value: str) -> Json:
    """An option object."""
    return {"text": plain(text), "value": value}


def modal(*blocks: Json, **extra: Any) -> Json:
    """A modal with a title and a submit button."""
    return {
        "type": "modal",
        "callback_id": "signup",
        "title": plain("Anmäl till visning"),
        "submit": plain("Anmäl"),
        "close": plain("Avbryt"),
        "blocks": list(blocks),
        **extra,
    }


def input_block(block_id: str, element: Json, **extra: Any) -> Json:
    """An input block."""
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(block_id),
        "element": element,
        **extra,
    }


def text_input(action_id: str, **extra: Any) -> Json:
    """A plain_text_input element."""
    return {"type": "plain_text_input", "action_id": action_id, **extra}


def section(text: str, block_id: str | None = None) -> Json:
    """A section block."""
    block: Json = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id is not None:
        block["block_id"] = block_id
    return block


def button(action_id: str, text: str, value: str | None = None) -> Json:
    """A button element."""
    element: Json = {"type": "button", "action_id": action_id, "text": plain(text)}
    if value is not None:
        element["value"] = value
    return element

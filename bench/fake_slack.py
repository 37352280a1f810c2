"""The fake Slack of a benchmark run: the project's FakeSlack under uvicorn, for many agents.

The load generator signs and sends requests itself, so this process plays the rest of Slack:
the Web API and response URLs the bot (or the baseline) calls, and the Slack side of each
request. Its ``/_bench`` calls:

- ``POST /_bench/submissions``: open each given form for its agent (so a later ``views.update``
  finds it), pick the slot and contact, and answer the ``view_submission`` bodies Slack would send,
  each with a response URL of its own;
- ``POST /_bench/commands``: ``/visning`` bodies with fresh trigger ids and response URLs (trigger
  ids live three seconds, so the load generator asks for them a second ahead);
- ``GET /_bench/confirmations``: when each response URL was first posted to, and the messages
  posted with ``chat.postMessage``, with their ``ts`` (the time Slack received them);
- ``GET /_bench/activity``: messages and Web API calls so far, by method and outcome.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

from bot.ui.ids import ActionId, BlockId
from devtools.playground.slack import payloads, state
from devtools.playground.slack.fake import FakeSlack
from devtools.playground.slack.records import OpenView
from devtools.playground.slack.workspace import Channel, User, Workspace

CHANNEL = "C0VISNING"
AGENT_PREFIX = "U0BENCH"
MIN_CONTACT_QUERY = 5
"""Vitec searches contact names of at least this many characters."""
JsonDict = dict[str, Any]


def agent_id(n: int) -> str:
    """The user id of the n-th agent of the benchmark workspace."""
    return f"{AGENT_PREFIX}{n:05d}"


def bench_workspace(agents: int) -> Workspace:
    """A workspace of ``agents`` agents, all in one channel the app is a member of."""
    users = tuple(
        User(agent_id(n), f"agent{n}", f"Mäklare {n}", locale="sv-SE") for n in range(agents)
    )
    channel = Channel(CHANNEL, "visningar", tuple(u.id for u in users))
    return Workspace(users=users, channels=(channel,))


class BenchSlack:
    """FakeSlack plus the calls a load generator needs to act as Slack's clients."""

    def __init__(self, slack: FakeSlack) -> None:
        self.slack = slack
        self._agents = itertools.cycle([u.id for u in slack.workspace.users])
        self._issued: list[str] = []
        """Tokens of the response URLs handed out for submissions, in order."""

    def _response_url(self, channel_id: str, user_id: str) -> str:
        token = self.slack.world.issue_response_url(channel_id, user_id, None)
        self._issued.append(token)
        return f"{self.slack.public_url}/response/{token}"

    def submission(self, form: dict[str, Any]) -> dict[str, Any]:
        """Open one form for its agent, fill it in, and build the view_submission body."""
        world, ws = self.slack.world, self.slack.workspace
        user = world.user(str(form["user"]))
        trigger = world.take_trigger(world.issue_trigger(user.id, CHANNEL))
        view = world.open_modal(trigger, world.prepare(form["view"], "modal"))
        self.slack.set_value(view.id, ActionId.SLOT, str(form["slotValue"]))
        contact = {
            "text": {"type": "plain_text", "text": str(form["contactLabel"]), "emoji": True},
            "value": str(form["contactId"]),
        }
        view.offered[ActionId.CONTACT] = [contact]
        self.slack.set_value(view.id, ActionId.CONTACT, contact)
        response_url = self._response_url(CHANNEL, user.id)
        payload = payloads.interaction(
            ws,
            "view_submission",
            user,
            trigger_id=world.issue_trigger(user.id, CHANNEL),
            view=payloads.view_object(ws, view),
            response_urls=[
                {
                    "block_id": BlockId.CHANNEL.value,
                    "action_id": ActionId.CHANNEL.value,
                    "channel_id": CHANNEL,
                    "response_url": response_url,
                }
            ],
        )
        body = urlencode({"payload": json.dumps(payload, ensure_ascii=False)})
        return {
            "viewId": view.id,
            "responseUrl": response_url,
            "body": body,
            "warm": self._filling(view, user, str(form["contactLabel"])),
        }

    def _filling(self, view: OpenView, user: User, contact_name: str) -> list[str]:
        """What the agent sent while filling the form in: the estate picked, the contact searched.

        Sent before the measured submissions (``LoadSpec.warm_forms``), so the bot has seen the
        agent, the estate's slots and the contact, as it has for an agent who filled in the form.
        """
        ws = self.slack.workspace
        shown = payloads.view_object(ws, view)
        bodies: list[JsonDict] = []
        block, element = state.find_element(view.blocks, ActionId.ESTATE)
        chosen = element.get("initial_option")
        if isinstance(chosen, dict):
            bodies.append(
                payloads.interaction(
                    ws,
                    "block_actions",
                    user,
                    container={"type": "view", "view_id": view.id},
                    trigger_id=self.slack.world.issue_trigger(user.id, CHANNEL),
                    view=shown,
                    actions=[state.action(block, element, {"selected_option": chosen}, "1.0")],
                )
            )
        if len(contact_name) >= MIN_CONTACT_QUERY:
            bodies.append(
                payloads.interaction(
                    ws,
                    "block_suggestion",
                    user,
                    container={"type": "view", "view_id": view.id},
                    action_id=ActionId.CONTACT.value,
                    block_id=BlockId.CONTACT.value,
                    value=contact_name,
                    view=shown,
                )
            )
        return [urlencode({"payload": json.dumps(b, ensure_ascii=False)}) for b in bodies]

    def command(self, text: str) -> str:
        """The form-encoded body of ``/visning text`` typed by the next agent."""
        world, ws = self.slack.world, self.slack.workspace
        user = world.user(next(self._agents))
        channel = world.conversation(CHANNEL)
        token = world.issue_response_url(channel.id, user.id, None)
        form = payloads.command_form(
            ws,
            user=user,
            channel=channel,
            command="/visning",
            text=text,
            response_url=f"{self.slack.public_url}/response/{token}",
            trigger_id=world.issue_trigger(user.id, channel.id),
        )
        return urlencode(form)

    def confirmations(self) -> dict[str, Any]:
        """First use of each submission's response URL, and chat.postMessage messages."""
        urls = self.slack.world.response_urls
        used = {
            f"{self.slack.public_url}/response/{token}": float(first)
            for token in self._issued
            if (first := urls[token].original_ts) is not None
        }
        posted = [
            {"ts": float(m.ts), "text": m.text}
            for m in self.slack.messages(CHANNEL)
            if m.via == "chat.postMessage"
        ]
        return {"responseUrls": used, "messages": posted}

    def activity(self) -> dict[str, Any]:
        """Counts that show whether Slack is still being called, and how the calls went."""
        world = self.slack.world
        calls = Counter(
            f"{c.method} {'ok' if c.ok else c.result.get('error')}" for c in world.api_calls
        )
        return {
            "messages": sum(len(m) for m in world.messages.values()),
            "apiCalls": len(world.api_calls),
            "byMethod": dict(sorted(calls.items())),
            "viewsOpen": sum(1 for v in world.views.values() if not v.closed),
        }

    def app(self) -> Starlette:
        """The fake Slack's app with the ``/_bench`` calls in front of it."""

        async def submissions(request: Request) -> JSONResponse:
            forms = (await request.json())["forms"]
            return JSONResponse({"submissions": [self.submission(f) for f in forms]})

        async def commands(request: Request) -> JSONResponse:
            data = await request.json()
            text = str(data.get("text") or "")
            return JSONResponse({"bodies": [self.command(text) for _ in range(int(data["count"]))]})

        async def confirmations(request: Request) -> JSONResponse:
            return JSONResponse(self.confirmations())

        async def activity(request: Request) -> JSONResponse:
            return JSONResponse(self.activity())

        return Starlette(
            routes=[
                Route("/_bench/submissions", submissions, methods=["POST"]),
                Route("/_bench/commands", commands, methods=["POST"]),
                Route("/_bench/confirmations", confirmations),
                Route("/_bench/activity", activity),
                Mount("", app=self.slack.app),
            ]
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Serve a fake Slack for one benchmark run until terminated."""
    parser = argparse.ArgumentParser(prog="python -m bench.fake_slack", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--signing-secret", required=True)
    parser.add_argument("--bot-token", required=True)
    args = parser.parse_args(argv)
    slack = FakeSlack(
        bot_url="",
        signing_secret=args.signing_secret,
        bot_token=args.bot_token,
        workspace=bench_workspace(args.agents),
        public_url=f"http://{args.host}:{args.port}",
    )
    uvicorn.run(
        BenchSlack(slack).app(),
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

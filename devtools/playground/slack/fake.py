"""FakeSlack: Slack's side of one workspace for one app, over real HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Literal, cast
from urllib.parse import urlencode

import httpx
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from devtools.playground.serving import RunningServer, serve_in_background
from devtools.playground.slack import payloads, state
from devtools.playground.slack.oauth import OAuthApp, OAuthFlow
from devtools.playground.slack.records import (
    TROUBLE_CONNECTING,
    ApiCall,
    Delivery,
    DeliveryKind,
    FunctionExecution,
    JsonDict,
    Message,
    OpenView,
    Outcome,
    TimelineEntry,
)
from devtools.playground.slack.state import ClientActionError, UserInput
from devtools.playground.slack.validation import (
    element_options,
    message_problems,
    option_groups_problems,
    options_problems,
)
from devtools.playground.slack.webapi import WebApi
from devtools.playground.slack.workspace import Channel, User, Workspace
from devtools.playground.slack.world import (
    RESPONSE_URL_TTL,
    RESPONSE_URL_USES,
    SLACKBOT,
    ResponseUrl,
    SlackError,
    World,
)


@dataclass(frozen=True)
class _Answer:
    status: int
    body: str
    ms: float
    timestamp: str
    signature: str
    failure: str | None
    """Why Slack got no usable HTTP answer (operation_timeout, dispatch_failed), if it did not."""

    def unusable(self) -> str | None:
        """Why Slack cannot use this answer at all, if it cannot."""
        if self.failure:
            return self.failure
        return None if self.status == 200 else f"the app answered HTTP {self.status}"


@dataclass(frozen=True)
class _Forgery:
    signature: str | None
    skew: float


class FakeSlack:
    """Slack's side of one workspace for one app.

    Serves the Web API (`/api/{method}`) and response URLs (`/response/…`), and plays the
    workspace's people: their actions become requests signed like Slack's and POSTed to
    `bot_url`, and the bot's answers are applied the way Slack applies them.

    `clock` is Slack's "now": it dates trigger_ids, response URLs, message ts and the
    `X-Slack-Request-Timestamp` of every request, so a bot that checks signatures needs it
    within five minutes of real time.
    """

    def __init__(
        self,
        *,
        bot_url: str,
        signing_secret: str,
        bot_token: str,
        clock: Callable[[], float] = time.time,
        workspace: Workspace | None = None,
        public_url: str = "",
        ack_timeout: float = 3.0,
        oauth_app: OAuthApp | None = None,
    ) -> None:
        self.bot_url = bot_url
        """Where requests to the bot go (its `/slack/events`); may be set once the bot listens."""
        self.public_url = public_url
        """This server's own base URL, used in response URLs; `serve()` sets it."""
        self.world = World(workspace or Workspace(), clock, signing_secret)
        self._signer = SignatureVerifier(signing_secret)
        self.oauth: OAuthFlow | None = None
        """The install flow, when the app is distributed (OAuth mode); None otherwise."""
        if oauth_app is not None:
            installer = next(
                (u.id for u in self.world.workspace.users if u.is_admin or u.is_owner), ""
            )
            self.oauth = OAuthFlow(self.world, oauth_app, bot_token, installer)
        self._web_api = WebApi(self.world, bot_token, self.oauth)
        self.ack_timeout = ack_timeout
        """Seconds Slack waits for the bot's HTTP answer before giving up (Slack's own: 3)."""
        self._http: httpx.AsyncClient | None = None
        self._forgery: _Forgery | None = None
        self.app = Starlette(
            routes=[
                Route("/api/{method}", self._web_api.endpoint, methods=["GET", "POST"]),
                Route("/response/{token:path}", self._response_url, methods=["POST"]),
                Route("/oauth/v2/authorize", self._authorize, methods=["GET"]),
                *self._client_routes(),
            ],
            lifespan=self._lifespan,
        )

    # --- running ---------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _lifespan(self, app: Starlette) -> AsyncIterator[None]:
        yield
        await self.aclose()

    async def serve(self, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
        """Listen on `host:port` (0: a free port) and use that address in response URLs."""
        server = await serve_in_background(self.app, host, port)
        self.public_url = server.url
        return server

    async def aclose(self) -> None:
        """Close the HTTP client that delivers requests to the bot."""
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    # --- what happened ---------------------------------------------------------------------

    @property
    def workspace(self) -> Workspace:
        """The seed the workspace started from."""
        return self.world.workspace

    @property
    def api_calls(self) -> list[ApiCall]:
        """Every Web API call the bot made, oldest first."""
        return self.world.api_calls

    @property
    def deliveries(self) -> list[Delivery]:
        """Every request delivered to the bot, oldest first."""
        return self.world.deliveries

    def messages(self, channel_id: str, *, visible_to: str | None = None) -> list[Message]:
        """A conversation's messages, oldest first; with `visible_to`, as that person sees it."""
        return [
            m
            for m in self.world.messages.get(channel_id, [])
            if visible_to is None or m.ephemeral_to in (None, visible_to)
        ]

    def open_views(self, user_id: str) -> list[OpenView]:
        """The person's modal stack, bottom first (empty when no modal is open)."""
        return list(self.world.stacks.get(user_id, []))

    def view(self, view_id: str) -> OpenView:
        """Any view Slack has held, open or closed."""
        try:
            return self.world.views[view_id]
        except KeyError:
            raise ClientActionError(f"no view {view_id}") from None

    def home_view(self, user_id: str) -> OpenView | None:
        """The person's App Home, if the app published one."""
        return self.world.homes.get(user_id)

    def timeline(self) -> list[TimelineEntry]:
        """The event log, newest first."""
        return list(reversed(self.world.timeline))

    def snapshot(self) -> JsonDict:
        """The whole workspace as JSON-serialisable data, for a browser page."""
        ws, world = self.workspace, self.world
        return {
            "team": {"id": ws.team_id, "name": ws.team_name, "domain": ws.domain},
            "app": {
                "app_id": ws.app_id,
                "bot_id": ws.bot_id,
                "bot_user_id": ws.bot_user.id,
                "bot_url": self.bot_url,
                "shortcuts": [asdict(s) for s in ws.shortcuts],
            },
            "users": [asdict(u) for u in ws.users],
            "channels": [
                {**asdict(c), "members": list(c.members)} for c in world.channels.values()
            ],
            "messages": {
                channel_id: [asdict(m) for m in messages]
                for channel_id, messages in world.messages.items()
            },
            "modals": {
                user_id: [self._shown(v) for v in stack]
                for user_id, stack in world.stacks.items()
                if stack
            },
            "homes": {user_id: self._shown(v) for user_id, v in world.homes.items()},
            "timeline": [asdict(e) for e in self.timeline()],
        }

    def _shown(self, view: OpenView) -> JsonDict:
        return {
            **payloads.view_object(self.workspace, view),
            "errors": view.errors,
            "offered": view.offered,
        }

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 2.0) -> None:
        """Wait until `condition()` holds, checking it after each call, post and delivery.

        A Bolt app acknowledges first and works after; this is how a test waits for that work.
        """
        async with asyncio.timeout(timeout):
            while not condition():
                await self.world.next_change()

    # --- faults ----------------------------------------------------------------------------

    def rate_limit(self, method: str, *, calls: int = 1, retry_after: int = 1) -> None:
        """Answer the next `calls` calls of a Web API method with 429 and `Retry-After`."""
        self._web_api.rate_limit(method, calls=calls, retry_after=retry_after)

    def forge_next_signature(self, *, signature: str | None = None, skew: float = 0.0) -> None:
        """Sign the next delivery wrongly: this `signature`, and/or a timestamp `skew` s off."""
        self._forgery = _Forgery(signature, skew)

    # --- the people's actions --------------------------------------------------------------

    async def slash_command(
        self, user_id: str, channel_id: str, command: str = "/visning", text: str = ""
    ) -> Delivery:
        """The person types `command text` in a conversation they are in."""
        user = self._person(user_id)
        channel = self._conversation_of(user, channel_id)
        token = self.world.issue_response_url(channel.id, user.id, None)
        form = payloads.command_form(
            self.workspace,
            user=user,
            channel=channel,
            command=command,
            text=text,
            response_url=self._response_url_for(token),
            trigger_id=self.world.issue_trigger(user.id, channel.id),
        )
        answer = await self._send(urlencode(form))
        summary = f"{command} {text!r} by {user.id} in {channel.id}"
        failure = answer.unusable()
        if failure is not None:
            # Slack tells the person itself, as Slackbot, only they can see it.
            error = f'{command} failed with the error "{answer.failure or "dispatch_failed"}"'
            self.world.post(
                channel, text=error, blocks=[], user=SLACKBOT, via="slackbot", ephemeral_to=user.id
            )
            return self._record("slash_command", form, answer, "failed", summary, error, failure)
        if not answer.body.strip():
            return self._record("slash_command", form, answer, "acknowledged", summary)
        reply = _command_reply(answer.body)
        problem = self._post_response(self.world.response_urls[token], reply, "command_reply")
        if problem is not None:
            error = f'{command} failed with the error "{problem}"'
            return self._record("slash_command", form, answer, "failed", summary, error, problem)
        return self._record("slash_command", form, answer, "replied", summary)

    async def suggest(self, view_id: str, action_id: str, value: str) -> list[JsonDict]:
        """The person types `value` into an external select; returns the options shown."""
        view = self.world.interactive_view(view_id)
        block, element = state.find_element(view.blocks, action_id)
        if element.get("type") not in ("external_select", "multi_external_select"):
            raise ClientActionError(f"{action_id} is a {element.get('type')}, not external")
        # Slack asks the app only once the person has typed min_query_length characters.
        if len(value) < element.get("min_query_length", 3):
            view.offered[action_id] = []
            return []
        payload = payloads.interaction(
            self.workspace,
            "block_suggestion",
            self.world.user(view.user_id),
            container={"type": "view", "view_id": view.id},
            action_id=action_id,
            block_id=block["block_id"],
            value=value,
            view=payloads.view_object(self.workspace, view),
        )
        answer = await self._send_interaction(payload)
        options, failure = _suggested_options(answer)
        view.offered[action_id] = options
        summary = f"{action_id} {value!r} in {view.id}"
        if failure is not None:
            self._failed("block_suggestion", payload, answer, summary, failure)
            return []
        self._record("block_suggestion", payload, answer, "options", summary)
        return options

    def set_value(self, view_id: str, action_id: str, value: UserInput) -> None:
        """The person types or picks a value in an input that does not dispatch actions."""
        self._set(self.world.interactive_view(view_id), action_id, value)

    async def select(self, view_id: str, action_id: str, value: UserInput) -> Delivery | None:
        """The person picks or enters a value; block_actions goes out when the block dispatches."""
        view = self.world.interactive_view(view_id)
        block, element, chosen = self._set(view, action_id, value)
        if not state.dispatches(block):
            return None
        payload = payloads.interaction(
            self.workspace,
            "block_actions",
            self.world.user(view.user_id),
            container={"type": "view", "view_id": view.id},
            trigger_id=self.world.issue_trigger(view.user_id, view.channel_id),
            view=payloads.view_object(self.workspace, view),
            actions=[state.action(block, element, chosen, self._action_ts())],
        )
        return await self._acknowledged("block_actions", payload, f"{action_id} in {view.id}")

    async def click(
        self, channel_id: str, message_ts: str, action_id: str, user_id: str
    ) -> Delivery:
        """The person clicks a button in a message they can see."""
        user = self._person(user_id)
        channel = self._conversation_of(user, channel_id)
        message = self.world.message(channel.id, message_ts)
        if message is None or message.ephemeral_to not in (None, user.id):
            raise ClientActionError(f"{user.id} sees no message {message_ts} in {channel.id}")
        block, element = state.find_element(message.blocks, action_id)
        if element.get("type") != "button":
            raise ClientActionError(f"{action_id} is a {element.get('type')}, not a button")
        token = self.world.issue_response_url(channel.id, user.id, message.ts)
        is_ephemeral = message.ephemeral_to is not None
        fields: JsonDict = {
            "container": {
                "type": "message",
                "message_ts": message.ts,
                "channel_id": channel.id,
                "is_ephemeral": is_ephemeral,
            },
            "trigger_id": self.world.issue_trigger(user.id, channel.id),
            "channel": {"id": channel.id, "name": payloads.channel_name(channel)},
            "state": {"values": {}},
            "response_url": self._response_url_for(token),
            "actions": [state.action(block, element, None, self._action_ts())],
        }
        if not is_ephemeral:
            # Slack leaves the message out of payloads from ephemeral messages.
            fields["message"] = payloads.message_object(self.workspace, message)
        payload = payloads.interaction(self.workspace, "block_actions", user, **fields)
        summary = f"{action_id} on {channel.id}/{message.ts} by {user.id}"
        return await self._acknowledged("block_actions", payload, summary)

    async def press(self, view_id: str, action_id: str) -> Delivery:
        """The person clicks a button in a modal or in their App Home."""
        view = self.world.interactive_view(view_id)
        block, element = state.find_element(view.blocks, action_id)
        if element.get("type") != "button":
            raise ClientActionError(f"{action_id} is a {element.get('type')}, not a button")
        payload = payloads.interaction(
            self.workspace,
            "block_actions",
            self.world.user(view.user_id),
            container={"type": "view", "view_id": view.id},
            trigger_id=self.world.issue_trigger(view.user_id, view.channel_id),
            view=payloads.view_object(self.workspace, view),
            actions=[state.action(block, element, None, self._action_ts())],
        )
        return await self._acknowledged("block_actions", payload, f"{action_id} in {view.id}")

    async def open_app_home(
        self, user_id: str, tab: Literal["home", "messages"] = "home"
    ) -> Delivery:
        """The person opens a tab of the app's App Home; Slack sends `app_home_opened`.

        Slack sends it every time the person comes to the tab, with the view the app last
        published there, and shows whatever the app publishes with views.publish.
        """
        user = self._person(user_id)
        channel = self.world.dm_with(user.id)
        event: JsonDict = {
            "type": "app_home_opened",
            "user": user.id,
            "channel": channel.id,
            "tab": tab,
            "event_ts": self._action_ts(),
        }
        home = self.world.homes.get(user.id)
        if tab == "home" and home is not None:
            event["view"] = payloads.view_object(self.workspace, home)
        event_id, context = self.world.event_ids()
        envelope = payloads.event_envelope(
            self.workspace,
            event,
            event_id=event_id,
            event_time=int(self.world.clock()),
            event_context=context,
        )
        answer = await self._send(json.dumps(envelope, ensure_ascii=False), "application/json")
        summary = f"app_home_opened {tab} by {user.id}"
        failure = answer.unusable()
        if failure is not None:
            # An event has no one waiting on it: Slack shows the person nothing.
            return self._record(
                "event_callback", envelope, answer, "failed", summary, reason=failure
            )
        return self._record("event_callback", envelope, answer, "acknowledged", summary)

    async def run_step(self, callback_id: str, inputs: JsonDict) -> FunctionExecution:
        """A workflow reaches the app's step: Slack sends `function_executed` with the inputs
        and a token for this execution; the app completes it with functions.complete*."""
        execution = self.world.start_function(callback_id, inputs)
        event: JsonDict = {
            "type": "function_executed",
            "function": {
                "id": f"Fn{execution.id[2:]}",
                "callback_id": callback_id,
                "title": callback_id,
                "type": "app",
                "app_id": self.workspace.app_id,
            },
            "inputs": inputs,
            "function_execution_id": execution.id,
            "workflow_execution_id": f"Wf{execution.id[2:]}",
            "event_ts": self._action_ts(),
            "bot_access_token": execution.token,
        }
        event_id, context = self.world.event_ids()
        envelope = payloads.event_envelope(
            self.workspace,
            event,
            event_id=event_id,
            event_time=int(self.world.clock()),
            event_context=context,
        )
        answer = await self._send(json.dumps(envelope, ensure_ascii=False), "application/json")
        summary = f"function_executed {callback_id}"
        failure = answer.unusable()
        # The token is not a secret the page or a log may show.
        shown = {**envelope, "event": {**event, "bot_access_token": "xwfp-…"}}
        if failure is not None:
            self._record("event_callback", shown, answer, "failed", summary, reason=failure)
        else:
            self._record("event_callback", shown, answer, "acknowledged", summary)
        return execution

    async def _authorize(self, request: Request) -> Response:
        if self.oauth is None:
            return JSONResponse({"error": "app_not_distributed"}, status_code=404)
        return await self.oauth.authorize(request)

    async def uninstall(self) -> Delivery:
        """An admin removes the app: its token stops working and Slack sends app_uninstalled."""
        if self.oauth is not None:
            self.oauth.revoked = True
        return await self._app_event({"type": "app_uninstalled"}, "app_uninstalled")

    async def revoke_bot_token(self) -> Delivery:
        """The bot's token is revoked (the app stays): Slack sends tokens_revoked."""
        if self.oauth is not None:
            self.oauth.revoked = True
        tokens = {"oauth": [], "bot": [self.workspace.bot_user.id]}
        return await self._app_event({"type": "tokens_revoked", "tokens": tokens}, "tokens_revoked")

    async def _app_event(self, event: JsonDict, summary: str) -> Delivery:
        event = {**event, "event_ts": self._action_ts()}
        event_id, context = self.world.event_ids()
        envelope = payloads.event_envelope(
            self.workspace,
            event,
            event_id=event_id,
            event_time=int(self.world.clock()),
            event_context=context,
        )
        answer = await self._send(json.dumps(envelope, ensure_ascii=False), "application/json")
        failure = answer.unusable()
        if failure is not None:
            return self._record(
                "event_callback", envelope, answer, "failed", summary, reason=failure
            )
        return self._record("event_callback", envelope, answer, "acknowledged", summary)

    async def shortcut(self, user_id: str, callback_id: str) -> Delivery:
        """The person runs one of the app's global shortcuts, from anywhere in Slack."""
        user = self._person(user_id)
        if self.workspace.shortcut(callback_id, "global") is None:
            raise ClientActionError(f"the app has no global shortcut {callback_id!r}")
        payload = payloads.interaction(
            self.workspace,
            "shortcut",
            user,
            callback_id=callback_id,
            # Global shortcuts carry no channel: the app asks for one if it needs one.
            trigger_id=self.world.issue_trigger(user.id, None),
            action_ts=self._action_ts(),
        )
        return await self._acknowledged("shortcut", payload, f"{callback_id} by {user.id}")

    async def message_shortcut(
        self, user_id: str, channel_id: str, message_ts: str, callback_id: str
    ) -> Delivery:
        """The person runs one of the app's message shortcuts from a message's menu."""
        user = self._person(user_id)
        channel = self._conversation_of(user, channel_id)
        if self.workspace.shortcut(callback_id, "message") is None:
            raise ClientActionError(f"the app has no message shortcut {callback_id!r}")
        message = self.world.message(channel.id, message_ts)
        # Ephemeral messages have no "more actions" menu in Slack.
        if message is None or message.ephemeral_to is not None:
            raise ClientActionError(f"{user.id} cannot act on message {message_ts} in {channel.id}")
        token = self.world.issue_response_url(channel.id, user.id, None)
        payload = payloads.interaction(
            self.workspace,
            "message_action",
            user,
            callback_id=callback_id,
            trigger_id=self.world.issue_trigger(user.id, channel.id),
            action_ts=self._action_ts(),
            message_ts=message.ts,
            message=payloads.message_object(self.workspace, message),
            channel={"id": channel.id, "name": payloads.channel_name(channel)},
            response_url=self._response_url_for(token),
        )
        summary = f"{callback_id} on {channel.id}/{message.ts} by {user.id}"
        return await self._acknowledged("message_action", payload, summary)

    async def submit(self, view_id: str) -> Delivery:
        """The person presses the modal's submit button."""
        view = self.world.interactive_view(view_id)
        if view.type != "modal" or view.view.get("submit") is None:
            raise ClientActionError(f"view {view_id} has no submit button")
        summary = f"{view.view.get('callback_id') or view.id} by {view.user_id}"
        refused = state.input_errors(view.blocks, view.values)
        if refused:
            view.errors = refused
            return self._blocked(refused, summary)
        view.errors = {}
        payload = payloads.interaction(
            self.workspace,
            "view_submission",
            self.world.user(view.user_id),
            trigger_id=self.world.issue_trigger(view.user_id, view.channel_id),
            view=payloads.view_object(self.workspace, view),
            response_urls=self._response_urls(view),
        )
        answer = await self._send_interaction(payload)
        failure = answer.unusable()
        if failure is not None:
            return self._failed("view_submission", payload, answer, summary, failure)
        outcome, problem = self._apply_response_action(view, answer.body)
        if problem is not None:
            return self._failed("view_submission", payload, answer, summary, problem)
        return self._record("view_submission", payload, answer, outcome, summary)

    async def close_view(self, view_id: str) -> Delivery | None:
        """The person closes the top modal; view_closed goes out when it set notify_on_close."""
        view = self.world.interactive_view(view_id)
        if view.type != "modal":
            raise ClientActionError(f"view {view_id} is not a modal")
        cleared = bool(view.view.get("clear_on_close"))
        if cleared:
            self.world.clear(view.user_id)
        else:
            self.world.close_top(view.user_id)
        if not view.view.get("notify_on_close"):
            return None
        payload = payloads.interaction(
            self.workspace,
            "view_closed",
            self.world.user(view.user_id),
            view=payloads.view_object(self.workspace, view),
            is_cleared=cleared,
        )
        return await self._acknowledged("view_closed", payload, f"{view.id} by {view.user_id}")

    # --- applying the bot's answers --------------------------------------------------------

    def _apply_response_action(self, view: OpenView, body: str) -> tuple[Outcome, str | None]:
        """What Slack does with a view_submission answer: the outcome, or why it refused it."""
        if not body.strip():
            return self._close_submitted(view), None
        try:
            answer = json.loads(body)
        except ValueError:
            return "failed", "the answer is neither empty nor JSON"
        if answer == {}:
            return self._close_submitted(view), None
        if not isinstance(answer, dict):
            return "failed", "the answer is not a JSON object"
        try:
            match answer.get("response_action"):
                case "errors":
                    view.errors = _checked_errors(view, answer.get("errors"))
                    return "errors", None
                case "update":
                    replacement = self.world.prepare(answer.get("view"), "modal", view)
                    self.world.replace(view, replacement)
                    return "updated", None
                case "push":
                    pushed = self.world.prepare(answer.get("view"), "modal")
                    self.world.push_modal(view.user_id, pushed)
                    return "pushed", None
                case "clear":
                    self.world.clear(view.user_id)
                    return "cleared", None
                case other:
                    return "failed", f"response_action {other!r} is not one Slack knows"
        except (ValueError, SlackError) as refused:
            return "failed", str(refused)

    def _close_submitted(self, view: OpenView) -> Outcome:
        stack = self.world.stacks.get(view.user_id, [])
        if stack and stack[-1] is view:
            self.world.close_top(view.user_id)
        return "closed"

    def _post_response(self, url: ResponseUrl, reply: JsonDict, via: str) -> str | None:
        """Post a message the way a response_url does; the error Slack would answer, if any."""
        channel = self.world.channels.get(url.channel_id)
        if channel is None:
            return "channel_not_found"
        original = self.world.message(channel.id, url.original_ts) if url.original_ts else None
        if reply.get("delete_original"):
            if original is not None:
                self.world.delete(original)
            return None
        text = reply.get("text") or ""
        blocks = reply.get("blocks") or None
        if not isinstance(text, str):
            return "invalid_payload"
        if blocks is not None and message_problems(blocks):
            return "invalid_blocks"
        if not text and not blocks:
            return "no_text"
        if reply.get("replace_original") and original is not None:
            self.world.rewrite(original, text=text, blocks=blocks or [])
            return None
        in_channel = reply.get("response_type") == "in_channel"
        posted = self.world.post(
            channel,
            text=text,
            blocks=blocks or [],
            user=self.workspace.bot_user.id,
            via=via,
            ephemeral_to=None if in_channel else url.user_id,
            thread_ts=reply.get("thread_ts") if isinstance(reply.get("thread_ts"), str) else None,
        )
        if url.original_ts is None:
            url.original_ts = posted.ts
        return None

    async def _response_url(self, request: Request) -> JSONResponse:
        url = self.world.response_urls.get(request.path_params["token"])
        status, error = await self._use_response_url(url, request)
        where = url.channel_id if url else "?"
        summary = f"response_url → {where} {error or 'ok'}"
        self.world.log("response_url", summary, ok=error is None, status=status)
        if error is not None:
            return JSONResponse({"ok": False, "error": error}, status_code=status)
        return JSONResponse({"ok": True})

    async def _use_response_url(
        self, url: ResponseUrl | None, request: Request
    ) -> tuple[int, str | None]:
        if url is None:
            return 404, "no_service"
        if self.world.clock() - url.issued_at > RESPONSE_URL_TTL:
            return 404, "expired_url"
        if url.uses >= RESPONSE_URL_USES:
            return 404, "used_url"
        try:
            reply = json.loads(await request.body())
        except ValueError:
            reply = None
        if not isinstance(reply, dict):
            return 400, "invalid_payload"
        error = self._post_response(url, reply, "response_url")
        if error is not None:
            return 400, error
        url.uses += 1
        return 200, None

    # --- delivering ------------------------------------------------------------------------

    async def _send(
        self, body: str, content_type: str = "application/x-www-form-urlencoded"
    ) -> _Answer:
        forgery, self._forgery = self._forgery, None
        timestamp = str(int(self.world.clock() + (forgery.skew if forgery else 0.0)))
        signature = self._signer.generate_signature(timestamp=timestamp, body=body) or ""
        if forgery is not None and forgery.signature is not None:
            signature = forgery.signature
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature,
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        }
        if self._http is None:
            self._http = httpx.AsyncClient(trust_env=False)
        started = time.perf_counter()
        failure: str | None = None
        try:
            response = await self._http.post(
                self.bot_url, content=body.encode(), headers=headers, timeout=self.ack_timeout
            )
        except httpx.TimeoutException:
            failure = "operation_timeout"
        except httpx.TransportError:
            failure = "dispatch_failed"
        ms = round((time.perf_counter() - started) * 1000, 1)
        if failure is not None:
            return _Answer(0, "", ms, timestamp, signature, failure)
        return _Answer(response.status_code, response.text, ms, timestamp, signature, None)

    async def _send_interaction(self, payload: JsonDict) -> _Answer:
        return await self._send(urlencode({"payload": json.dumps(payload, ensure_ascii=False)}))

    async def _acknowledged(self, kind: DeliveryKind, payload: JsonDict, summary: str) -> Delivery:
        answer = await self._send_interaction(payload)
        failure = answer.unusable()
        if failure is not None:
            return self._failed(kind, payload, answer, summary, failure)
        return self._record(kind, payload, answer, "acknowledged", summary)

    def _failed(
        self, kind: DeliveryKind, payload: JsonDict, answer: _Answer, summary: str, reason: str
    ) -> Delivery:
        return self._record(kind, payload, answer, "failed", summary, TROUBLE_CONNECTING, reason)

    def _record(
        self,
        kind: DeliveryKind,
        payload: JsonDict,
        answer: _Answer,
        outcome: Outcome,
        summary: str,
        error: str | None = None,
        reason: str | None = None,
    ) -> Delivery:
        delivery = Delivery(
            kind=kind,
            payload=payload,
            status=answer.status,
            body=answer.body,
            ms=answer.ms,
            timestamp=answer.timestamp,
            signature=answer.signature,
            outcome=outcome,
            at=self.world.clock(),
            error=error,
            reason=reason,
        )
        self.world.deliveries.append(delivery)
        self.world.log(
            "delivery",
            f"{kind} {summary} → {answer.status or answer.failure} {outcome}",
            ok=outcome != "failed",
            status=answer.status,
            ms=answer.ms,
            signature=answer.signature,
        )
        return delivery

    def _blocked(self, refused: dict[str, str], summary: str) -> Delivery:
        error = "; ".join(f"{block_id}: {message}" for block_id, message in refused.items())
        self.world.log("delivery", f"view_submission {summary} not sent: {error}", ok=False)
        return Delivery(
            kind="view_submission",
            payload={},
            status=0,
            body="",
            ms=0.0,
            timestamp="",
            signature="",
            outcome="blocked",
            at=self.world.clock(),
            error=error,
            reason="the Slack client checks required and bounded inputs before sending",
        )

    # --- helpers ---------------------------------------------------------------------------

    def _person(self, user_id: str) -> User:
        user = self.workspace.user(user_id)
        if user is None or user.is_bot:
            raise ClientActionError(f"no person {user_id} in the workspace")
        return user

    def _conversation_of(self, user: User, channel_id: str) -> Channel:
        channel = self.world.channels.get(channel_id)
        if channel is None or user.id not in channel.members:
            raise ClientActionError(f"{user.id} is not in a conversation {channel_id}")
        return channel

    def _set(
        self, view: OpenView, action_id: str, value: UserInput
    ) -> tuple[JsonDict, JsonDict, JsonDict]:
        block, element = state.find_element(view.blocks, action_id)
        offered = list(view.offered.get(action_id, []))
        if element.get("type") == "multi_external_select":
            # Options picked from earlier searches stay picked while the person searches again.
            current = view.values.get(block["block_id"], {}).get(action_id) or {}
            offered += current.get("selected_options") or []
        chosen = state.chosen(element, value, offered)
        user = self._person(view.user_id)
        for channel_id in state.picked_conversations(chosen):
            channel = self.world.channels.get(channel_id)
            if channel is None or (channel.is_private and user.id not in channel.members):
                raise ClientActionError(f"{user.id} cannot pick conversation {channel_id}")
        view.values.setdefault(block["block_id"], {})[action_id] = chosen
        return block, element, chosen

    def _response_urls(self, view: OpenView) -> list[JsonDict]:
        """`response_urls` of a view_submission: one per picked channel that asked for one."""
        urls: list[JsonDict] = []
        for block, element in state.elements(view.blocks):
            if block["type"] != "input" or not element.get("response_url_enabled"):
                continue
            value = view.values[block["block_id"]][element["action_id"]]
            for channel_id in state.picked_conversations(value):
                token = self.world.issue_response_url(channel_id, view.user_id, None)
                urls.append(
                    {
                        "block_id": block["block_id"],
                        "action_id": element["action_id"],
                        "channel_id": channel_id,
                        "response_url": self._response_url_for(token),
                    }
                )
        return urls

    def _response_url_for(self, token: str) -> str:
        return f"{self.public_url}/response/{token}"

    def _action_ts(self) -> str:
        return f"{self.world.clock():.6f}"

    def _client_routes(self) -> list[Route]:
        """`/_client/*`: the people's actions for a browser page, thin over the methods above."""

        async def command(data: JsonDict) -> object:
            return asdict(
                await self.slash_command(
                    _text(data, "user_id"),
                    _text(data, "channel_id"),
                    str(data.get("command") or "/visning"),
                    str(data.get("text") or ""),
                )
            )

        async def suggest(data: JsonDict) -> object:
            options = await self.suggest(
                _text(data, "view_id"), _text(data, "action_id"), str(data.get("value") or "")
            )
            return {"options": options}

        async def select(data: JsonDict) -> object:
            delivery = await self.select(
                _text(data, "view_id"), _text(data, "action_id"), _input(data)
            )
            return None if delivery is None else asdict(delivery)

        async def set_value(data: JsonDict) -> object:
            self.set_value(_text(data, "view_id"), _text(data, "action_id"), _input(data))
            return {"ok": True}

        async def submit(data: JsonDict) -> object:
            return asdict(await self.submit(_text(data, "view_id")))

        async def click(data: JsonDict) -> object:
            delivery = await self.click(
                _text(data, "channel_id"),
                _text(data, "message_ts"),
                _text(data, "action_id"),
                _text(data, "user_id"),
            )
            return asdict(delivery)

        async def press(data: JsonDict) -> object:
            return asdict(await self.press(_text(data, "view_id"), _text(data, "action_id")))

        async def home(data: JsonDict) -> object:
            match data.get("tab") or "home":
                case "home":
                    tab: Literal["home", "messages"] = "home"
                case "messages":
                    tab = "messages"
                case _:
                    raise ClientActionError("tab is home or messages")
            return asdict(await self.open_app_home(_text(data, "user_id"), tab))

        async def shortcut(data: JsonDict) -> object:
            return asdict(await self.shortcut(_text(data, "user_id"), _text(data, "callback_id")))

        async def message_shortcut(data: JsonDict) -> object:
            delivery = await self.message_shortcut(
                _text(data, "user_id"),
                _text(data, "channel_id"),
                _text(data, "message_ts"),
                _text(data, "callback_id"),
            )
            return asdict(delivery)

        async def close(data: JsonDict) -> object:
            delivery = await self.close_view(_text(data, "view_id"))
            return None if delivery is None else asdict(delivery)

        async def snapshot(request: Request) -> JSONResponse:
            return JSONResponse(self.snapshot())

        actions: dict[str, Callable[[JsonDict], Awaitable[object]]] = {
            "command": command,
            "suggest": suggest,
            "select": select,
            "set": set_value,
            "submit": submit,
            "click": click,
            "press": press,
            "close": close,
            "home": home,
            "shortcut": shortcut,
            "message_shortcut": message_shortcut,
        }
        routes = [
            Route(f"/_client/{name}", _client_endpoint(a), methods=["POST"])
            for name, a in actions.items()
        ]
        return [Route("/_client/state", snapshot, methods=["GET"]), *routes]


def _client_endpoint(
    action: Callable[[JsonDict], Awaitable[object]],
) -> Callable[[Request], Awaitable[JSONResponse]]:
    async def endpoint(request: Request) -> JSONResponse:
        try:
            data = await request.json()
            if not isinstance(data, dict):
                raise ClientActionError("send a JSON object")
            result = await action(data)
        except (ClientActionError, ValueError) as refused:
            return JSONResponse({"error": str(refused)}, status_code=400)
        return JSONResponse(result)

    return endpoint


def _text(data: JsonDict, name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise ClientActionError(f"{name} is required")
    return value


def _input(data: JsonDict) -> UserInput:
    # JSON already limits the value to text, an object, a list or null; state.chosen checks
    # that it fits the element.
    return cast(UserInput, data.get("value"))


def _command_reply(body: str) -> JsonDict:
    """A slash command's answer body as a message: JSON, or plain text taken as the text."""
    try:
        reply = json.loads(body)
    except ValueError:
        return {"text": body}
    return reply if isinstance(reply, dict) else {"text": body}


def _suggested_options(answer: _Answer) -> tuple[list[JsonDict], str | None]:
    failure = answer.unusable()
    if failure is not None:
        return [], failure
    try:
        body = json.loads(answer.body)
    except ValueError:
        return [], "the answer is not JSON"
    if isinstance(body, dict) and "options" in body:
        problems = options_problems(body["options"], "/options")
    elif isinstance(body, dict) and "option_groups" in body:
        problems = option_groups_problems(body["option_groups"], "/option_groups")
    else:
        return [], "the answer has neither options nor option_groups"
    if problems:
        return [], "; ".join(problems)
    return element_options(body), None


def _checked_errors(view: OpenView, errors: object) -> dict[str, str]:
    """`response_action: errors` as Slack accepts it: messages keyed by input block_ids."""
    if not isinstance(errors, dict) or not errors:
        raise ValueError("errors must be a non-empty object")
    inputs = {b["block_id"] for b in view.blocks if b["type"] == "input"}
    for block_id, message in errors.items():
        if block_id not in inputs:
            raise ValueError(f"errors names {block_id!r}, which is not an input block")
        if not isinstance(message, str) or not message:
            raise ValueError(f"the error for {block_id!r} is not a text")
    return dict(errors)

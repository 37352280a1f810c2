"""The workspace's live state and Slack's rules for changing it."""

from __future__ import annotations

import asyncio
import copy
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from devtools.playground.slack import state
from devtools.playground.slack.records import (
    ApiCall,
    Delivery,
    FunctionExecution,
    JsonDict,
    Message,
    OpenView,
    TimelineEntry,
)
from devtools.playground.slack.validation import problem, view_problems
from devtools.playground.slack.workspace import Channel, User, Workspace

TRIGGER_TTL = 3.0
RESPONSE_URL_TTL = 30 * 60.0
RESPONSE_URL_USES = 5
MAX_MODAL_STACK = 3
SLACKBOT = "USLACKBOT"


class SlackError(Exception):
    """A Web API failure: `{"ok": false, "error": code, "response_metadata": {messages}}`."""

    def __init__(self, error: str, messages: list[str] | None = None) -> None:
        super().__init__(error if not messages else f"{error}: {'; '.join(messages)}")
        self.error = error
        self.messages = messages or []

    def answer(self) -> JsonDict:
        """The JSON body Slack answers with."""
        body: JsonDict = {"ok": False, "error": self.error}
        if self.messages:
            body["response_metadata"] = {"messages": self.messages}
        return body


@dataclass
class Trigger:
    """A trigger_id: one views.open/push within three seconds of the interaction."""

    user_id: str
    issued_at: float
    channel_id: str | None
    used: bool = False


@dataclass
class ResponseUrl:
    """A response_url: five posts within thirty minutes into one conversation."""

    channel_id: str
    user_id: str
    issued_at: float
    original_ts: str | None
    """The message `replace_original`/`delete_original` act on."""
    uses: int = 0


def dm_id(user_id: str) -> str:
    """The id of the app's direct-message conversation with a person."""
    return "D" + user_id.removeprefix("U")


class World:
    """Everything that changes while the workspace runs, and the records of how it changed."""

    def __init__(self, workspace: Workspace, clock: Callable[[], float], secret: str) -> None:
        self.workspace = workspace
        self.clock = clock
        self._secret = secret.encode()
        self.channels: dict[str, Channel] = {c.id: c for c in workspace.channels}
        self.messages: dict[str, list[Message]] = {c.id: [] for c in workspace.channels}
        self.views: dict[str, OpenView] = {}
        self.stacks: dict[str, list[OpenView]] = {}
        self.homes: dict[str, OpenView] = {}
        self.triggers: dict[str, Trigger] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self.api_calls: list[ApiCall] = []
        self.function_executions: dict[str, FunctionExecution] = {}
        self.deliveries: list[Delivery] = []
        self.timeline: list[TimelineEntry] = []
        """Oldest first; the fake shows it newest first."""
        self._counter = 0
        self._last_micros = 0
        self._change = asyncio.Event()

    def log(
        self,
        kind: Literal["delivery", "api", "response_url"],
        summary: str,
        *,
        ok: bool,
        status: int | None = None,
        ms: float | None = None,
        signature: str | None = None,
    ) -> None:
        """Add a line to the event log."""
        shown = signature[:11] + "…" if signature else None
        self.timeline.append(TimelineEntry(self.clock(), kind, summary, ok, status, ms, shown))
        # Every change to the workspace is logged, so this is where waiters learn of one.
        self._change.set()
        self._change = asyncio.Event()

    async def next_change(self) -> None:
        """Return after the next logged event."""
        await self._change.wait()

    # --- ids -----------------------------------------------------------------------------

    def _next(self) -> int:
        self._counter += 1
        return self._counter

    def _opaque(self, label: str) -> str:
        # Derived from the signing secret: deterministic for tests, unguessable without it.
        return hmac.new(self._secret, label.encode(), hashlib.sha256).hexdigest()[:24]

    def short_id(self) -> str:
        """A block_id/action_id like the ones Slack generates for elements that lack one."""
        n = self._next()
        return f"{self._opaque(f'id{n}')[:4]}{n:x}"

    def new_ts(self) -> str:
        """A message ts: the clock's time in microseconds, kept strictly increasing."""
        micros = max(int(self.clock() * 1_000_000), self._last_micros + 1)
        self._last_micros = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def event_ids(self) -> tuple[str, str]:
        """A new event's `event_id` and `event_context`, opaque as Slack's are."""
        n = self._next()
        return f"Ev{self._opaque(f'event{n}')[:10].upper()}", f"4-{self._opaque(f'context{n}')}"

    def _new_hash(self) -> str:
        n = self._next()
        return f"{int(self.clock())}.{self._opaque(f'hash{n}')[:8]}"

    # --- people and conversations ---------------------------------------------------------

    def user(self, user_id: str) -> User:
        """The user with this id, or `user_not_found`."""
        user = self.workspace.user(user_id)
        if user is None:
            raise SlackError("user_not_found")
        return user

    def conversation(self, ref: object) -> Channel:
        """The conversation an API argument names (id or name) as the bot can see it."""
        if not isinstance(ref, str) or not ref:
            raise SlackError("channel_not_found")
        name = ref.removeprefix("#")
        channel = self.channels.get(ref) or next(
            (c for c in self.channels.values() if c.name == name and not c.is_im), None
        )
        # A private channel the app has not joined does not exist as far as the app can tell.
        if channel is None or (channel.is_private and not channel.bot_is_member):
            raise SlackError("channel_not_found")
        return channel

    def dm_with(self, user_id: str) -> Channel:
        """The app's direct-message conversation with a person, opened on first use."""
        user = self.user(user_id)
        channel_id = dm_id(user.id)
        if channel_id not in self.channels:
            self.channels[channel_id] = Channel(channel_id, user.name, (user.id,), is_im=True)
            self.messages[channel_id] = []
        return self.channels[channel_id]

    # --- messages -------------------------------------------------------------------------

    def post(
        self,
        channel: Channel,
        *,
        text: str,
        blocks: list[JsonDict],
        user: str,
        via: str,
        ephemeral_to: str | None = None,
        thread_ts: str | None = None,
    ) -> Message:
        """Add a message to a conversation."""
        message = Message(
            channel=channel.id,
            ts=self.new_ts(),
            text=text,
            blocks=state.with_ids(blocks, self.short_id),
            user=user,
            via=via,
            ephemeral_to=ephemeral_to,
            thread_ts=thread_ts,
        )
        self.messages[channel.id].append(message)
        return message

    def message(self, channel_id: str, ts: str) -> Message | None:
        """The message with this ts in a conversation."""
        return next((m for m in self.messages.get(channel_id, []) if m.ts == ts), None)

    def rewrite(self, message: Message, *, text: str, blocks: list[JsonDict] | None) -> None:
        """Edit a message in place; blocks left out are kept, as chat.update keeps them."""
        message.text = text
        if blocks is not None:
            message.blocks = state.with_ids(blocks, self.short_id)
        message.edited = True

    def delete(self, message: Message) -> None:
        """Remove a message."""
        self.messages[message.channel].remove(message)

    # --- triggers and response URLs -------------------------------------------------------

    def start_function(self, callback_id: str, inputs: JsonDict) -> FunctionExecution:
        """A new execution of a workflow step, with its own token."""
        n = self._next()
        execution = FunctionExecution(
            id=f"Fx{self._opaque(f'function{n}')[:10].upper()}",
            callback_id=callback_id,
            inputs=inputs,
            token=f"xwfp-{self._opaque(f'function-token{n}')}",
        )
        self.function_executions[execution.id] = execution
        return execution

    def function_token(self, token: str) -> bool:
        """Whether a token is one Slack handed out for a step execution not yet completed."""
        return any(
            e.token == token and e.outcome is None for e in self.function_executions.values()
        )

    def issue_trigger(self, user_id: str, channel_id: str | None) -> str:
        """A fresh trigger_id for an interaction by `user_id`."""
        n = self._next()
        trigger_id = f"{n}.{int(self.clock())}.{self._opaque(f'trigger{n}')}"
        self.triggers[trigger_id] = Trigger(user_id, self.clock(), channel_id)
        return trigger_id

    def take_trigger(self, trigger_id: object) -> Trigger:
        """Use a trigger_id up, or fail the way Slack does."""
        trigger = self.triggers.get(trigger_id) if isinstance(trigger_id, str) else None
        if trigger is None:
            raise SlackError("invalid_trigger_id")
        if trigger.used or self.clock() - trigger.issued_at > TRIGGER_TTL:
            raise SlackError("expired_trigger_id")
        trigger.used = True
        return trigger

    def issue_response_url(self, channel_id: str, user_id: str, original_ts: str | None) -> str:
        """A fresh response_url token for posts into `channel_id` on behalf of `user_id`."""
        n = self._next()
        token = f"{n}/{self._opaque(f'response{n}')}"
        self.response_urls[token] = ResponseUrl(channel_id, user_id, self.clock(), original_ts)
        return token

    # --- views ----------------------------------------------------------------------------

    def prepare(self, view: object, view_type: str, replacing: OpenView | None = None) -> JsonDict:
        """The view as Slack will hold it, or `invalid_arguments` saying what is wrong."""
        problems = view_problems(view)
        if problems or not isinstance(view, dict):
            raise SlackError("invalid_arguments", problems)
        if view["type"] != view_type:
            raise SlackError("invalid_arguments", [problem(f"must be {view_type}", "/view/type")])
        external_id = view.get("external_id")
        if external_id and any(
            v.external_id == external_id and v is not replacing and not v.closed
            for v in self.views.values()
        ):
            raise SlackError("duplicate_external_id")
        prepared = copy.deepcopy(view)
        prepared["blocks"] = state.with_ids(prepared["blocks"], self.short_id)
        return prepared

    def _new_view(
        self, user_id: str, body: JsonDict, channel_id: str | None, below: OpenView | None
    ) -> OpenView:
        view_id = f"V{self._next():08d}"
        opened = OpenView(
            id=view_id,
            user_id=user_id,
            view=body,
            hash=self._new_hash(),
            values=state.state_values(body["blocks"], channel_id),
            root_view_id=below.root_view_id if below else view_id,
            previous_view_id=below.id if below else None,
            channel_id=channel_id,
        )
        self.views[view_id] = opened
        return opened

    def open_modal(self, trigger: Trigger, body: JsonDict) -> OpenView:
        """views.open: a new modal stack for the trigger's user."""
        self.clear(trigger.user_id)
        opened = self._new_view(trigger.user_id, body, trigger.channel_id, None)
        self.stacks[trigger.user_id] = [opened]
        return opened

    def push_modal(self, user_id: str, body: JsonDict) -> OpenView:
        """views.push or `response_action: push`: a modal on top of the user's stack."""
        stack = self.stacks.get(user_id, [])
        if not stack:
            raise SlackError("not_found")
        if len(stack) >= MAX_MODAL_STACK:
            raise SlackError("push_limit_reached")
        pushed = self._new_view(user_id, body, stack[-1].channel_id, stack[-1])
        stack.append(pushed)
        return pushed

    def find_view(self, view_id: object, external_id: object) -> OpenView:
        """The open view a views.update names by view_id or external_id."""
        if isinstance(view_id, str) and view_id:
            found = self.views.get(view_id)
        elif isinstance(external_id, str) and external_id:
            found = next(
                (v for v in self.views.values() if v.external_id == external_id and not v.closed),
                None,
            )
        else:
            raise SlackError(
                "invalid_arguments", [problem("view_id or external_id is required", "")]
            )
        if found is None or found.closed:
            raise SlackError("not_found")
        return found

    def replace(self, current: OpenView, body: JsonDict) -> OpenView:
        """views.update or `response_action: update`: a new version of the same view."""
        current.values = state.state_values(body["blocks"], current.channel_id, current.values)
        current.view = body
        current.hash = self._new_hash()
        current.errors = {}
        return current

    def publish_home(self, user_id: str, body: JsonDict) -> OpenView:
        """views.publish: the user's App Home, a new version when it exists."""
        home = self.homes.get(user_id)
        if home is not None:
            return self.replace(home, body)
        home = self._new_view(user_id, body, None, None)
        self.homes[user_id] = home
        return home

    def interactive_view(self, view_id: str) -> OpenView:
        """A view the user can act in right now: the top of a modal stack, or an App Home."""
        view = self.views.get(view_id)
        if view is None or view.closed:
            raise state.ClientActionError(f"view {view_id} is not open")
        if view.type == "modal" and self.stacks[view.user_id][-1] is not view:
            raise state.ClientActionError(f"view {view_id} is covered by a pushed view")
        return view

    def close_top(self, user_id: str) -> None:
        """Close the top modal of a user's stack, showing the one below."""
        self.stacks[user_id].pop().closed = True

    def clear(self, user_id: str) -> None:
        """Close every modal of a user's stack."""
        for view in self.stacks.pop(user_id, []):
            view.closed = True

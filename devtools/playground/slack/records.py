"""What the fake Slack holds and records: messages, open views, API calls, deliveries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

JsonDict = dict[str, Any]
StateValues = dict[str, dict[str, JsonDict]]
"""`view.state.values`: block_id -> action_id -> typed value, exactly as Slack sends it."""

DeliveryKind = Literal[
    "slash_command",
    "block_actions",
    "block_suggestion",
    "view_submission",
    "view_closed",
    "shortcut",
    "message_action",
    "event_callback",
]
Outcome = Literal[
    "acknowledged",  # 200 and nothing more to do
    "replied",  # a slash command's answer body became a message
    "options",  # a block_suggestion answer with valid options
    "closed",  # view_submission: empty answer, the modal closed
    "errors",  # view_submission: errors shown on input blocks
    "updated",
    "pushed",
    "cleared",
    "blocked",  # the Slack client refused to send it (a required field was empty); nothing sent
    "failed",  # Slack shows the user an error; `error` says which
]

TROUBLE_CONNECTING = "We had some trouble connecting. Try again?"
"""What Slack shows in a modal or beside an element when the app's answer is unusable."""


@dataclass
class Message:
    """A message in a channel as its members see it (`ephemeral_to`: the one user who does)."""

    channel: str
    ts: str
    text: str
    blocks: list[JsonDict]
    user: str
    via: str
    """chat.postMessage, chat.postEphemeral, response_url, command_reply or slackbot."""
    ephemeral_to: str | None = None
    thread_ts: str | None = None
    edited: bool = False


@dataclass
class OpenView:
    """One version-tracked view: a modal in a user's stack or a user's App Home."""

    id: str
    user_id: str
    view: JsonDict
    """The view as the app sent it, with the block_ids and action_ids Slack fills in."""
    hash: str
    values: StateValues
    root_view_id: str
    previous_view_id: str | None = None
    channel_id: str | None = None
    """The conversation the modal was opened from (`default_to_current_conversation`)."""
    errors: dict[str, str] = field(default_factory=dict)
    """Errors shown under input blocks, by block_id."""
    offered: dict[str, list[JsonDict]] = field(default_factory=dict)
    """The options an external select last showed, by action_id: what the user may pick."""
    closed: bool = False

    @property
    def blocks(self) -> list[JsonDict]:
        """The view's blocks."""
        blocks: list[JsonDict] = self.view["blocks"]
        return blocks

    @property
    def type(self) -> str:
        """`modal` or `home`."""
        return str(self.view["type"])

    @property
    def external_id(self) -> str:
        """The app's own id for the view, or empty."""
        return str(self.view.get("external_id") or "")


@dataclass
class ApiCall:
    """One Web API call the bot made and what it was answered."""

    method: str
    args: JsonDict
    result: JsonDict
    status: int
    at: float

    @property
    def ok(self) -> bool:
        """Whether Slack answered `ok: true`."""
        return bool(self.result.get("ok"))


@dataclass
class Delivery:
    """One signed request to the bot and what Slack made of the answer."""

    kind: DeliveryKind
    payload: JsonDict
    """The slash command's form fields, the interaction's `payload` JSON or the event's JSON."""
    status: int
    """The bot's HTTP status; 0 when it never answered (timeout, refused connection)."""
    body: str
    ms: float
    timestamp: str
    signature: str
    outcome: Outcome
    at: float
    error: str | None = None
    """What Slack shows the user when the outcome is `failed` or `blocked`."""
    reason: str | None = None
    """Why, for the developer: Slack itself never says."""


@dataclass
class TimelineEntry:
    """One line of the event log a browser page shows."""

    at: float
    kind: Literal["delivery", "api", "response_url"]
    summary: str
    ok: bool
    status: int | None = None
    ms: float | None = None
    signature: str | None = None
    """Truncated: enough to tell requests apart, useless to replay."""


@dataclass
class FunctionExecution:
    """One run of the app's workflow step (custom function), and how the app completed it."""

    id: str
    callback_id: str
    inputs: JsonDict
    token: str
    """The just-in-time token Slack hands the app for this execution (``xwfp-…``)."""
    outcome: Literal["success", "error"] | None = None
    outputs: JsonDict | None = None
    error: str | None = None

"""The Web API methods the bot calls, with Slack's arguments, answers and errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse

from devtools.playground.slack.oauth import OAuthFlow
from devtools.playground.slack.payloads import (
    channel_object,
    message_object,
    user_object,
    view_object,
)
from devtools.playground.slack.records import ApiCall, FunctionExecution, JsonDict, Message
from devtools.playground.slack.validation import message_problems
from devtools.playground.slack.workspace import Channel
from devtools.playground.slack.world import SlackError, World, dm_id

MAX_MESSAGE_TEXT = 40_000
_JSON_ARGUMENTS = {
    "view": "invalid_arguments",
    "blocks": "invalid_blocks_format",
    "outputs": "invalid_arguments",
}

Method = Callable[[World, JsonDict], JsonDict]


def _string(args: JsonDict, name: str) -> str | None:
    value = args.get(name)
    return value if isinstance(value, str) and value else None


def _flag(args: JsonDict, name: str) -> bool:
    return args.get(name) in (True, 1, "1", "true")


def _content(args: JsonDict) -> tuple[str, list[JsonDict] | None]:
    text = args.get("text") or ""
    blocks = args.get("blocks")
    if blocks in (None, ""):
        blocks = None
    elif problems := message_problems(blocks):
        raise SlackError("invalid_blocks", problems)
    if not isinstance(text, str):
        raise SlackError("invalid_arguments", ["[ERROR] must be a string [json-pointer:/text]"])
    if not text and not blocks:
        raise SlackError("no_text")
    if len(text) > MAX_MESSAGE_TEXT:
        raise SlackError("msg_too_long")
    return text, blocks


def _destination(world: World, ref: object) -> Channel:
    # chat.postMessage also takes a user id, meaning the app's DM with that person.
    if isinstance(ref, str) and ref.startswith("U") and world.workspace.user(ref) is not None:
        return world.dm_with(ref)
    return world.conversation(ref)


def auth_test(world: World, args: JsonDict) -> JsonDict:
    """auth.test: who the token belongs to."""
    ws = world.workspace
    return {
        "url": f"https://{ws.domain}.slack.com/",
        "team": ws.team_name,
        "user": ws.bot_user.name,
        "team_id": ws.team_id,
        "user_id": ws.bot_user.id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": False,
    }


def chat_post_message(world: World, args: JsonDict) -> JsonDict:
    """chat.postMessage: only where the app is a member (or public with chat:write.public)."""
    ws = world.workspace
    channel = _destination(world, args.get("channel"))
    if not channel.bot_is_member and (channel.is_private or not ws.chat_write_public):
        raise SlackError("not_in_channel")
    text, blocks = _content(args)
    message = world.post(
        channel,
        text=text,
        blocks=blocks or [],
        user=ws.bot_user.id,
        via="chat.postMessage",
        thread_ts=_string(args, "thread_ts"),
    )
    return {"channel": channel.id, "ts": message.ts, "message": message_object(ws, message)}


def chat_post_ephemeral(world: World, args: JsonDict) -> JsonDict:
    """chat.postEphemeral: seen only by `user`, who must be in the conversation."""
    channel = world.conversation(args.get("channel"))
    user = world.user(_string(args, "user") or "")
    if user.id not in channel.members:
        raise SlackError("user_not_in_channel")
    text, blocks = _content(args)
    message = world.post(
        channel,
        text=text,
        blocks=blocks or [],
        user=world.workspace.bot_user.id,
        via="chat.postEphemeral",
        ephemeral_to=user.id,
        thread_ts=_string(args, "thread_ts"),
    )
    return {"message_ts": message.ts}


def _posted_message(world: World, args: JsonDict) -> tuple[Channel, Message]:
    # Ephemeral messages are not addressable by ts; every other message here is the app's own.
    channel = world.conversation(args.get("channel"))
    message = world.message(channel.id, _string(args, "ts") or "")
    if message is None or message.ephemeral_to is not None:
        raise SlackError("message_not_found")
    return channel, message


def chat_update(world: World, args: JsonDict) -> JsonDict:
    """chat.update: blocks left out are kept, as Slack keeps them."""
    channel, message = _posted_message(world, args)
    text, blocks = _content(args)
    world.rewrite(message, text=text, blocks=blocks)
    return {
        "channel": channel.id,
        "ts": message.ts,
        "text": message.text,
        "message": message_object(world.workspace, message),
    }


def chat_delete(world: World, args: JsonDict) -> JsonDict:
    """chat.delete: a message that is not ephemeral."""
    channel, message = _posted_message(world, args)
    world.delete(message)
    return {"channel": channel.id, "ts": message.ts}


def users_info(world: World, args: JsonDict) -> JsonDict:
    """users.info: the profile; `locale` only with include_locale."""
    user = world.user(_string(args, "user") or "")
    return {
        "user": user_object(
            world.workspace, user, world.clock(), include_locale=_flag(args, "include_locale")
        )
    }


def conversations_info(world: World, args: JsonDict) -> JsonDict:
    """conversations.info: a conversation the app can see."""
    return {"channel": channel_object(world.conversation(args.get("channel")))}


def conversations_open(world: World, args: JsonDict) -> JsonDict:
    """conversations.open: the app's direct-message conversation with one person."""
    users = args.get("users")
    ids = users if isinstance(users, list) else str(users or "").split(",")
    ids = [i.strip() for i in ids if isinstance(i, str) and i.strip()]
    if len(ids) != 1:
        # Group DMs never come up in this app; refusing them keeps the fake honest about it.
        raise SlackError(
            "invalid_arguments", ["[ERROR] pass exactly one user [json-pointer:/users]"]
        )
    existed = dm_id(ids[0]) in world.channels
    channel = world.dm_with(ids[0])
    return {"no_op": existed, "already_open": existed, "channel": {"id": channel.id}}


def views_open(world: World, args: JsonDict) -> JsonDict:
    """views.open: validates the view first, then spends the trigger_id."""
    body = world.prepare(args.get("view"), "modal")
    trigger = world.take_trigger(args.get("trigger_id"))
    return {"view": view_object(world.workspace, world.open_modal(trigger, body))}


def views_push(world: World, args: JsonDict) -> JsonDict:
    """views.push: onto the stack of the trigger's user, at most three deep."""
    body = world.prepare(args.get("view"), "modal")
    trigger = world.take_trigger(args.get("trigger_id"))
    return {"view": view_object(world.workspace, world.push_modal(trigger.user_id, body))}


def views_update(world: World, args: JsonDict) -> JsonDict:
    """views.update: by view_id or external_id; a stale `hash` is a `hash_conflict`."""
    current = world.find_view(args.get("view_id"), args.get("external_id"))
    if _string(args, "hash") and args["hash"] != current.hash:
        raise SlackError("hash_conflict")
    body = world.prepare(args.get("view"), current.type, current)
    return {"view": view_object(world.workspace, world.replace(current, body))}


def views_publish(world: World, args: JsonDict) -> JsonDict:
    """views.publish: a user's App Home."""
    user = world.user(_string(args, "user_id") or "")
    home = world.homes.get(user.id)
    if home is not None and _string(args, "hash") and args["hash"] != home.hash:
        raise SlackError("hash_conflict")
    body = world.prepare(args.get("view"), "home", home)
    return {"view": view_object(world.workspace, world.publish_home(user.id, body))}


def _execution(world: World, args: JsonDict) -> FunctionExecution:
    execution = world.function_executions.get(_string(args, "function_execution_id") or "")
    if execution is None:
        raise SlackError("function_execution_not_found")
    if execution.outcome is not None:
        raise SlackError("function_execution_already_completed")
    return execution


def functions_complete_success(world: World, args: JsonDict) -> JsonDict:
    """functions.completeSuccess: the step's outputs, once."""
    execution = _execution(world, args)
    outputs = args.get("outputs")
    if not isinstance(outputs, dict):
        raise SlackError("invalid_arguments", ["[ERROR] outputs must be an object"])
    execution.outcome, execution.outputs = "success", outputs
    return {}


def functions_complete_error(world: World, args: JsonDict) -> JsonDict:
    """functions.completeError: the step failed, with a message Workflow Builder shows."""
    execution = _execution(world, args)
    error = _string(args, "error")
    if error is None:
        raise SlackError("invalid_arguments", ["[ERROR] missing required field: error"])
    execution.outcome, execution.error = "error", error
    return {}


METHODS: dict[str, Method] = {
    "functions.completeSuccess": functions_complete_success,
    "functions.completeError": functions_complete_error,
    "auth.test": auth_test,
    "chat.postMessage": chat_post_message,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.update": chat_update,
    "chat.delete": chat_delete,
    "users.info": users_info,
    "conversations.info": conversations_info,
    "conversations.open": conversations_open,
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
}


@dataclass
class _RateLimit:
    calls: int
    retry_after: int


class WebApi:
    """`/api/{method}`: authenticates, applies injected faults, runs the method, records it."""

    def __init__(self, world: World, bot_token: str, oauth: OAuthFlow | None = None) -> None:
        self._world = world
        self._token = bot_token
        self._oauth = oauth
        self._rate_limits: dict[str, _RateLimit] = {}

    def rate_limit(self, method: str, *, calls: int, retry_after: int) -> None:
        """Answer the next `calls` calls of `method` with HTTP 429 and `Retry-After`."""
        self._rate_limits[method] = _RateLimit(calls, retry_after)

    async def endpoint(self, request: Request) -> JSONResponse:
        """Serve one Web API call."""
        method = request.path_params["method"]
        args, token, unreadable = await _arguments(request)
        headers: dict[str, str] = {}
        limit = self._rate_limits.get(method)
        if limit is not None and limit.calls > 0:
            limit.calls -= 1
            status, answer = 429, {"ok": False, "error": "ratelimited"}
            headers["Retry-After"] = str(limit.retry_after)
        elif method == "oauth.v2.access":
            status, answer = 200, self._access(args, request.headers.get("authorization", ""))
        else:
            status, answer = 200, self._answer(method, args, token, unreadable)
        self._world.api_calls.append(ApiCall(method, args, answer, status, self._world.clock()))
        outcome = "ok" if answer.get("ok") else answer.get("error")
        self._world.log("api", f"{method} {outcome}", ok=bool(answer.get("ok")), status=status)
        return JSONResponse(answer, status_code=status, headers=headers)

    def _access(self, args: JsonDict, authorization: str) -> JsonDict:
        if self._oauth is None:
            return SlackError("invalid_client_id").answer()
        try:
            return {"ok": True, **self._oauth.access(args, authorization)}
        except SlackError as failure:
            return failure.answer()

    def _answer(
        self, method: str, args: JsonDict, token: str | None, unreadable: SlackError | None
    ) -> JsonDict:
        handler = METHODS.get(method)
        if handler is None:
            return SlackError("unknown_method").answer()
        if not token:
            return SlackError("not_authed").answer()
        if token != self._token and not self._world.function_token(token):
            return SlackError("invalid_auth").answer()
        if self._oauth is not None and self._oauth.revoked:
            return SlackError("token_revoked").answer()
        if unreadable is not None:
            return unreadable.answer()
        try:
            return {"ok": True, **handler(self._world, args)}
        except SlackError as failure:
            return failure.answer()


async def _arguments(request: Request) -> tuple[JsonDict, str | None, SlackError | None]:
    """Query, form and JSON arguments merged (slack_sdk uses all three), the token, and
    what made the arguments unreadable, if anything."""
    args: JsonDict = dict(request.query_params)
    unreadable: SlackError | None = None
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    if body and content_type.startswith("application/json"):
        try:
            decoded = json.loads(body)
        except ValueError:
            decoded = None
        if isinstance(decoded, dict):
            args.update(decoded)
        else:
            unreadable = SlackError("invalid_json")
    elif body:
        args.update(parse_qsl(body.decode(), keep_blank_values=True))
    token = args.pop("token", None)
    authorization = request.headers.get("authorization", "")
    if authorization.startswith("Bearer "):
        token = authorization.removeprefix("Bearer ").strip()
    for name, error in _JSON_ARGUMENTS.items():
        if isinstance(args.get(name), str) and args[name]:
            try:
                args[name] = json.loads(args[name])
            except ValueError:
                unreadable = unreadable or SlackError(error)
    return args, token if isinstance(token, str) else None, unreadable

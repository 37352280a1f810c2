"""Slack's JSON shapes: the view, message, user and channel objects, and request payloads."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from devtools.playground.slack.records import JsonDict, Message, OpenView
from devtools.playground.slack.workspace import Channel, User, Workspace


def view_object(ws: Workspace, view: OpenView) -> JsonDict:
    """A view as Slack returns it from views.* and sends it in interactions.

    A copy: recorded payloads must keep showing what was sent after the person types on.
    """
    body = copy.deepcopy(view.view)
    return {
        "id": view.id,
        "team_id": ws.team_id,
        "type": body["type"],
        "blocks": body["blocks"],
        "private_metadata": body.get("private_metadata", ""),
        "callback_id": body.get("callback_id", ""),
        "state": {"values": copy.deepcopy(view.values)},
        "hash": view.hash,
        "title": body.get("title"),
        "clear_on_close": bool(body.get("clear_on_close", False)),
        "notify_on_close": bool(body.get("notify_on_close", False)),
        "close": body.get("close"),
        "submit": body.get("submit"),
        "previous_view_id": view.previous_view_id,
        "root_view_id": view.root_view_id,
        "app_id": ws.app_id,
        "external_id": view.external_id,
        "app_installed_team_id": ws.team_id,
        "bot_id": ws.bot_id,
    }


def message_object(ws: Workspace, message: Message) -> JsonDict:
    """A message as chat.* returns it and block_actions carries it."""
    obj: JsonDict = {
        "type": "message",
        "user": message.user,
        "text": message.text,
        "blocks": message.blocks,
        "ts": message.ts,
        "team": ws.team_id,
    }
    if message.user == ws.bot_user.id:
        obj.update(bot_id=ws.bot_id, app_id=ws.app_id)
    if message.thread_ts:
        obj["thread_ts"] = message.thread_ts
    if message.edited:
        obj["edited"] = {"user": message.user, "ts": message.ts}
    return obj


def user_object(ws: Workspace, user: User, now: float, *, include_locale: bool) -> JsonDict:
    """A user as users.info returns it."""
    local = datetime.fromtimestamp(now, ZoneInfo(user.tz))
    offset = local.utcoffset()
    first, _, last = user.real_name.partition(" ")
    obj: JsonDict = {
        "id": user.id,
        "team_id": user.team_id or ws.team_id,
        "name": user.name,
        "deleted": user.deleted,
        "real_name": user.real_name,
        "tz": user.tz,
        "tz_label": local.tzname(),
        "tz_offset": int(offset.total_seconds()) if offset else 0,
        "profile": {
            "real_name": user.real_name,
            "display_name": user.real_name,
            "first_name": first,
            "last_name": last,
            "team": user.team_id or ws.team_id,
        },
        "is_admin": user.is_admin,
        "is_owner": user.is_owner,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "is_restricted": user.is_restricted,
        "is_ultra_restricted": user.is_ultra_restricted,
        "updated": 0,
    }
    if include_locale:
        obj["locale"] = user.locale
    return obj


def channel_object(channel: Channel) -> JsonDict:
    """A conversation as conversations.info returns it."""
    if channel.is_im:
        return {"id": channel.id, "is_im": True, "user": channel.members[0], "is_open": True}
    return {
        "id": channel.id,
        "name": channel.name,
        "name_normalized": channel.name,
        "is_channel": not channel.is_private,
        "is_group": channel.is_private,
        "is_im": False,
        "is_mpim": False,
        "is_private": channel.is_private,
        "is_archived": False,
        "is_general": False,
        "is_member": channel.bot_is_member,
        "created": 0,
        "num_members": len(channel.members) + int(channel.bot_is_member),
    }


def channel_name(channel: Channel) -> str:
    """The name Slack puts in requests: DMs and private channels get placeholders."""
    if channel.is_im:
        return "directmessage"
    if channel.is_private:
        return "privategroup"
    return channel.name


def command_form(
    ws: Workspace,
    *,
    user: User,
    channel: Channel,
    command: str,
    text: str,
    response_url: str,
    trigger_id: str,
) -> dict[str, str]:
    """The form fields of a slash command request, in Slack's order."""
    return {
        "token": ws.verification_token,
        "team_id": ws.team_id,
        "team_domain": ws.domain,
        "channel_id": channel.id,
        "channel_name": channel_name(channel),
        "user_id": user.id,
        "user_name": user.name,
        "command": command,
        "text": text,
        "api_app_id": ws.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def interaction(ws: Workspace, kind: str, user: User, **fields: Any) -> JsonDict:
    """An interaction payload: the fields every kind shares, then the kind's own."""
    return {
        "type": kind,
        "team": {"id": ws.team_id, "domain": ws.domain},
        "user": {
            "id": user.id,
            "username": user.name,
            "name": user.name,
            "team_id": user.team_id or ws.team_id,
        },
        "api_app_id": ws.app_id,
        "token": ws.verification_token,
        **fields,
        "enterprise": None,
        "is_enterprise_install": False,
    }


def event_envelope(
    ws: Workspace, event: JsonDict, *, event_id: str, event_time: int, event_context: str
) -> JsonDict:
    """An Events API request body: the event in Slack's `event_callback` envelope."""
    return {
        "token": ws.verification_token,
        "team_id": ws.team_id,
        "context_team_id": ws.team_id,
        "context_enterprise_id": None,
        "api_app_id": ws.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": ws.team_id,
                "user_id": ws.bot_user.id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": event_context,
    }

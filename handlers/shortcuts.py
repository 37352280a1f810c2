"""The shortcuts "Anmäl till visning": the form from anywhere in Slack, or from a message."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.forms.opening import Prefill
from handlers.context import services_of

SHORTCUT = "visning_shortcut"
MESSAGE_SHORTCUT = "visning_message"


async def open_form(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    """Acknowledge, then open an empty form (the agent picks the channel in it)."""
    await ack()
    services = services_of(context)
    services.tasks.spawn(
        services.forms.open(body["trigger_id"], body["user"]["id"], None, None, Prefill()),
        name="shortcut",
    )


async def open_form_from_message(
    ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
) -> None:
    """Acknowledge, then open the form pre-filled from the message, for its thread."""
    await ack()
    services = services_of(context)
    message = body.get("message") or {}
    text = message.get("text")
    services.tasks.spawn(
        services.message_shortcut.run(
            text=text if isinstance(text, str) else "",
            trigger_id=body["trigger_id"],
            user_id=body["user"]["id"],
            team_id=body["team"]["id"],
            channel_id=body["channel"]["id"],
            # A reply in a thread is answered in that thread, not a thread of its own.
            thread_ts=message.get("thread_ts") or body["message_ts"],
            response_url=body.get("response_url"),
        ),
        name="message-shortcut",
    )


def register(app: AsyncApp) -> None:
    """Wire the shortcuts."""
    app.shortcut(SHORTCUT)(open_form)
    app.message_shortcut(MESSAGE_SHORTCUT)(open_form_from_message)

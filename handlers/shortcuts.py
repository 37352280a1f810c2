"""The global shortcut "Anmäl till visning": the form, from anywhere in Slack."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.forms.opening import Prefill
from handlers.context import services_of

SHORTCUT = "visning_shortcut"


async def open_form(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    """Acknowledge, then open an empty form (the agent picks the channel in it)."""
    await ack()
    services = services_of(context)
    services.tasks.spawn(
        services.forms.open(body["trigger_id"], body["user"]["id"], None, None, Prefill()),
        name="shortcut",
    )


def register(app: AsyncApp) -> None:
    """Wire the shortcut."""
    app.shortcut(SHORTCUT)(open_form)

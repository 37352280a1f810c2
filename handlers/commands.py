"""``/visning``: acknowledge at once; help, history or the form follow from the services."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from handlers.context import services_of

COMMAND = "/visning"


async def visning(ack: AsyncAck, command: dict[str, Any], context: AsyncBoltContext) -> None:
    """Acknowledge, then open the form (or answer help/history) without holding Slack up."""
    await ack()
    services = services_of(context)
    services.tasks.spawn(
        services.command.run(
            text=str(command.get("text") or "")[:200],
            trigger_id=command["trigger_id"],
            user_id=command["user_id"],
            team_id=command["team_id"],
            channel_id=command.get("channel_id"),
            response_url=command.get("response_url"),
        ),
        name="command",
    )


def register(app: AsyncApp) -> None:
    """Wire the slash command."""
    app.command(COMMAND)(visning)

"""``/visning``: acknowledge at once; help, history or the form follow from the services."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from handlers.context import connections_of, services_of

COMMAND = "/visning"
OFFICE_WORDS = frozenset({"kontor", "office"})
"""The word of `/visning kontor`, in both languages."""


async def visning(ack: AsyncAck, command: dict[str, Any], context: AsyncBoltContext) -> None:
    """Acknowledge, then open the form (or answer help/history) without holding Slack up."""
    await ack()
    text = str(command.get("text") or "")[:200]
    connections = connections_of(context)
    first, _, rest = text.strip().partition(" ")
    if connections is not None and first.lower() in OFFICE_WORDS and context.respond is not None:
        # OAuth mode: `/visning kontor [kundnummer]` shows or sets the channel's office.
        respond = context.respond
        client = context.client

        async def office() -> None:
            if client is None:
                return
            reply = await connections.office_command(
                client,
                team_id=command["team_id"],
                user_id=command["user_id"],
                channel_id=command.get("channel_id"),
                argument=rest,
            )
            await respond(text=reply, response_type="ephemeral")

        connections.spawn(office(), name="office")
        return
    services = services_of(context)
    services.tasks.spawn(
        services.command.run(
            text=text,
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

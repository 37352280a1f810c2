"""A workspace's Vitec connection (OAuth mode): "Koppla Vitec" in App Home and its modal."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.ui.ids import ActionId, CallbackId
from handlers.context import connections_of


async def connect_clicked(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    """Open the modal (or, for someone who may not, say so)."""
    await ack()
    connections = connections_of(context)
    if connections is None or context.client is None:
        return
    await connections.open_connect(
        context.client,
        team_id=str(context.team_id),
        user_id=body["user"]["id"],
        trigger_id=body["trigger_id"],
    )


async def connect_submitted(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
) -> None:
    """Check the account with Vitec before the modal closes; inline errors when it fails."""
    connections = connections_of(context)
    if connections is None or context.client is None:
        await ack()
        return
    language = view.get("private_metadata") or "sv"
    answer = await connections.submit_connect(
        context.client,
        team_id=str(context.team_id),
        user_id=body["user"]["id"],
        values=view["state"]["values"],
        language="en" if language == "en" else "sv",
    )
    if answer is not None:
        await ack(**answer)
        return
    await ack()
    connections.spawn_home(context.client, team_id=str(context.team_id), user_id=body["user"]["id"])


async def channel_office_chosen(
    ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
) -> None:
    """A channel or an office picked in App Home: once both are, the channel's office is set."""
    await ack()
    connections = connections_of(context)
    view = body.get("view")
    if connections is None or context.client is None or not isinstance(view, dict):
        return
    values = view.get("state", {}).get("values", {})
    connections.spawn(
        connections.choose_channel_office(
            context.client, team_id=str(context.team_id), user_id=body["user"]["id"], values=values
        ),
        name="channel-office",
    )


def register(app: AsyncApp) -> None:
    """Wire the button, the modal and App Home's channel office selects."""
    app.action(ActionId.CONNECT_VITEC.value)(connect_clicked)
    app.action(ActionId.CHANNEL_OFFICE_CHANNEL.value)(channel_office_chosen)
    app.action(ActionId.CHANNEL_OFFICE.value)(channel_office_chosen)
    app.view(CallbackId.CONNECT_VITEC.value)(connect_submitted)

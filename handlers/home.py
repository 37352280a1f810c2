"""App Home: the agent's upcoming bookings and recent failures, refreshed when opened."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext

from handlers.context import connections_of, services_of


async def home_opened(
    event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
) -> None:
    """Publish the agent's home tab."""
    if event.get("tab") != "home":
        return
    connections = connections_of(context)
    if connections is not None and context.client is not None:
        # OAuth mode: the workspace's settings below the bookings, for its admins.
        connections.spawn_home(
            context.client, team_id=body.get("team_id") or "", user_id=event["user"]
        )
        return
    services = services_of(context)
    services.tasks.spawn(
        services.history.publish_home(team_id=body.get("team_id") or "", user_id=event["user"]),
        name="home",
    )


def register(app: AsyncApp) -> None:
    """Wire the App Home event."""
    app.event("app_home_opened")(home_opened)

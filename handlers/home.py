"""App Home: the agent's upcoming bookings and recent failures, refreshed when opened."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext

from handlers.context import services_of


async def home_opened(
    event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
) -> None:
    """Publish the agent's home tab."""
    if event.get("tab") != "home":
        return
    services = services_of(context)
    services.tasks.spawn(
        services.history.publish_home(team_id=body.get("team_id") or "", user_id=event["user"]),
        name="home",
    )


def register(app: AsyncApp) -> None:
    """Wire the App Home event."""
    app.event("app_home_opened")(home_opened)

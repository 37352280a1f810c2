"""App Home: the agent's bookings are published when the Home tab opens, and only then."""

from __future__ import annotations

from handlers.home import home_opened
from tests.handlers.conftest import (
    AGENT,
    TEAM,
    Asked,
    Calls,
    FakeService,
    Tasks,
    context_with,
    services,
)


async def test_opening_the_home_tab_publishes_the_agents_bookings(
    calls: Calls, asked: Asked
) -> None:
    tasks = Tasks(calls)
    context = context_with(services(tasks=tasks, history=FakeService(asked)))
    event = {"type": "app_home_opened", "user": AGENT, "tab": "home"}

    await home_opened(event, {"team_id": TEAM, "event": event}, context)
    await tasks.run()

    assert asked.calls == [("publish_home", (), {"team_id": TEAM, "user_id": AGENT})]
    assert calls.spawned == ["home"]


async def test_the_messages_tab_publishes_nothing(calls: Calls, asked: Asked) -> None:
    tasks = Tasks(calls)
    context = context_with(services(tasks=tasks, history=FakeService(asked)))
    event = {"type": "app_home_opened", "user": AGENT, "tab": "messages"}

    await home_opened(event, {"team_id": TEAM, "event": event}, context)
    await tasks.run()

    assert (asked.calls, calls.spawned) == ([], [])

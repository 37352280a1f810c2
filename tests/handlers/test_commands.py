"""``/visning``: acknowledged at once; the command then runs with what Slack said."""

from __future__ import annotations

from typing import Any

from handlers.commands import visning
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


def command(**fields: Any) -> dict[str, Any]:
    return {
        "command": "/visning",
        "text": "Götgatan 14",
        "trigger_id": "123.456.abc",
        "user_id": AGENT,
        "team_id": TEAM,
        "channel_id": "C0VISNING",
        "response_url": "https://hooks.slack.test/commands/T0VISNING/1/x",
        **fields,
    }


async def test_the_command_is_acked_before_anything_runs(calls: Calls, asked: Asked) -> None:
    tasks = Tasks(calls)
    context = context_with(services(tasks=tasks, command=FakeService(asked)))

    await visning(calls.ack, command(), context)

    assert calls.acks == [{}]
    assert (calls.spawned, asked.calls) == (["command"], []), "nothing ran before the ack"
    await tasks.run()
    assert asked.calls == [
        (
            "run",
            (),
            {
                "text": "Götgatan 14",
                "trigger_id": "123.456.abc",
                "user_id": AGENT,
                "team_id": TEAM,
                "channel_id": "C0VISNING",
                "response_url": "https://hooks.slack.test/commands/T0VISNING/1/x",
            },
        )
    ]


async def test_the_text_is_cut_and_a_missing_channel_or_text_is_none_or_empty(
    calls: Calls, asked: Asked
) -> None:
    tasks = Tasks(calls)
    context = context_with(services(tasks=tasks, command=FakeService(asked)))

    await visning(calls.ack, command(text="x" * 500, channel_id=None), context)
    await visning(calls.ack, command(text=None), context)
    await tasks.run()

    [(_, _, long), (_, _, empty)] = asked.calls
    assert (len(long["text"]), long["channel_id"]) == (200, None)
    assert empty["text"] == ""

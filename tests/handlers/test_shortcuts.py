"""The shortcuts: acknowledged at once, then the form for the one who used it."""

from __future__ import annotations

from typing import Any

from bot.forms.opening import Prefill
from handlers.shortcuts import open_form, open_form_from_message
from tests.handlers.conftest import AGENT, Asked, Calls, FakeService, Tasks, context_with, services


async def test_the_shortcut_opens_an_empty_form_in_the_agents_language(
    calls: Calls, asked: Asked
) -> None:
    tasks = Tasks(calls)
    context = context_with(services(tasks=tasks, forms=FakeService(asked)))
    body = {"type": "shortcut", "callback_id": "visning_shortcut", "trigger_id": "9.8.7"}

    await open_form(calls.ack, {**body, "user": {"id": AGENT}}, context)

    assert calls.acks == [{}]
    await tasks.run()
    # No channel (the agent picks one in the form) and no language: the services look it up.
    assert asked.calls == [("open", ("9.8.7", AGENT, None, None, Prefill()), {})]
    assert calls.spawned == ["shortcut"]


async def test_the_message_shortcut_opens_the_form_for_the_messages_thread(
    calls: Calls, asked: Asked
) -> None:
    tasks = Tasks(calls)
    context = context_with(services(tasks=tasks, message_shortcut=FakeService(asked)))
    message = {"text": "Åsa 070-123 45 67", "ts": "1700000002.000200"}
    body: dict[str, Any] = {
        "type": "message_action",
        "callback_id": "visning_message",
        "trigger_id": "9.8.7",
        "user": {"id": AGENT},
        "team": {"id": "T0VISNING"},
        "channel": {"id": "C0VISNING"},
        "message_ts": "1700000002.000200",
        "message": message,
        "response_url": "https://hooks.slack.test/1",
    }

    await open_form_from_message(calls.ack, body, context)
    reply = {**body, "message": {**message, "thread_ts": "1700000001.000100"}}
    await open_form_from_message(calls.ack, reply, context)

    assert calls.acks == [{}, {}]
    await tasks.run()
    common = {
        "text": "Åsa 070-123 45 67",
        "trigger_id": "9.8.7",
        "user_id": AGENT,
        "team_id": "T0VISNING",
        "channel_id": "C0VISNING",
        "response_url": "https://hooks.slack.test/1",
    }
    assert asked.calls == [
        ("run", (), {**common, "thread_ts": "1700000002.000200"}),
        ("run", (), {**common, "thread_ts": "1700000001.000100"}),
    ]
    assert calls.spawned == ["message-shortcut", "message-shortcut"]

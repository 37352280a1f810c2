"""The global shortcut: acknowledged at once, then an empty form for the one who used it."""

from __future__ import annotations

from bot.forms.opening import Prefill
from handlers.shortcuts import open_form
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

"""The workflow step: acknowledged at once, then booked and completed in the background."""

from __future__ import annotations

from typing import Any

from handlers.workflow import visning_step
from tests.handlers.conftest import Asked, Calls, FakeService, Tasks, context_with, services


async def test_the_step_hands_its_inputs_and_completion_to_the_use_case(
    calls: Calls, asked: Asked
) -> None:
    tasks = Tasks(calls)
    context = context_with(services(tasks=tasks, workflow_step=FakeService(asked)))
    failures: list[str] = []

    async def complete(outputs: dict[str, Any]) -> None:
        raise AssertionError("the use case completes, not the listener")

    async def fail(error: str) -> None:
        failures.append(error)

    event = {
        "type": "function_executed",
        "function_execution_id": "Fx0123",
        "inputs": {"objekt": "Götgatan 14"},
    }
    await visning_step(calls.ack, event, context, complete, fail)  # type: ignore[arg-type]

    assert calls.acks == [{}]
    await tasks.run()
    [(name, args, kwargs)] = asked.calls
    assert (name, args) == ("run", ())
    assert kwargs["inputs"] == {"objekt": "Götgatan 14"}
    assert kwargs["execution_id"] == "Fx0123"
    assert kwargs["complete"] is complete
    await kwargs["fail"]("Ange objektet.")
    assert failures == ["Ange objektet."]
    assert calls.spawned == ["workflow-step"]


async def test_a_step_without_inputs_still_reaches_the_use_case_to_be_failed(
    calls: Calls, asked: Asked
) -> None:
    tasks = Tasks(calls)
    context = context_with(services(tasks=tasks, workflow_step=FakeService(asked)))

    async def noop(*_: Any) -> None:
        return None

    await visning_step(calls.ack, {"inputs": "odd"}, context, noop, noop)  # type: ignore[arg-type]
    await tasks.run()
    [(_, _, kwargs)] = asked.calls
    assert (kwargs["inputs"], kwargs["execution_id"]) == ({}, "")

"""The Workflow Builder step "Anmäl till visning" (a custom function, ``function_executed``)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_bolt.context.complete.async_complete import AsyncComplete
from slack_bolt.context.fail.async_fail import AsyncFail

from bot.inbound.step import CALLBACK_ID
from handlers.context import services_of


async def visning_step(
    ack: AsyncAck,
    event: dict[str, Any],
    context: AsyncBoltContext,
    complete: AsyncComplete,
    fail: AsyncFail,
) -> None:
    """Acknowledge, then book and complete (or fail) the step in the background."""
    await ack()
    services = services_of(context)
    inputs = event.get("inputs")

    async def failed(error: str) -> None:
        await fail(error)

    services.tasks.spawn(
        services.workflow_step.run(
            inputs=inputs if isinstance(inputs, dict) else {},
            execution_id=str(event.get("function_execution_id") or ""),
            team_id=str(context.team_id or ""),
            complete=complete,
            fail=failed,
        ),
        name="workflow-step",
    )


def register(app: AsyncApp) -> None:
    """Wire the step."""
    app.function(CALLBACK_ID)(visning_step)

"""Undo: the listener acks at once and asks for the undo with who clicked, in which workspace."""

from __future__ import annotations

from typing import Any

from bot.ui.messages import Message
from handlers.actions import undo
from tests.handlers.conftest import AGENT, TEAM, Calls, Tasks, context_with, services


class People:
    async def language(self, user_id: str) -> str:
        return "sv"


class Signups:
    def __init__(self, answer: tuple[Message | None, str | None]) -> None:
        self.answer = answer
        self.asked: list[tuple[int, str, str, str]] = []

    async def undo(
        self, signup_id: int, user_id: str, team_id: str, language: str
    ) -> tuple[Message | None, str | None]:
        self.asked.append((signup_id, user_id, team_id, language))
        return self.answer


def body() -> dict[str, Any]:
    return {"user": {"id": AGENT}, "container": {"type": "message"}}


async def test_undo_asks_with_the_clicker_and_workspace_and_replaces_the_message(
    calls: Calls,
) -> None:
    tasks = Tasks(calls)
    signups = Signups((Message(text="ångrad", blocks=[]), None))
    context = context_with(services(tasks=tasks, people=People(), signups=signups))

    await undo(calls.ack, body(), {"value": "42"}, calls.respond, context)
    assert calls.acks == [{}]
    await tasks.run()

    assert signups.asked == [(42, AGENT, TEAM, "sv")]
    assert calls.responses == [{"replace_original": True, "text": "ångrad", "blocks": []}]


async def test_a_refused_undo_is_told_privately_and_the_message_stays(calls: Calls) -> None:
    tasks = Tasks(calls)
    signups = Signups((None, "Bara <@U0ERIK>, som gjorde anmälan, kan ångra den."))
    context = context_with(services(tasks=tasks, people=People(), signups=signups))

    await undo(calls.ack, body(), {"value": "42"}, calls.respond, context)
    await tasks.run()

    assert calls.responses == [
        {
            "text": "Bara <@U0ERIK>, som gjorde anmälan, kan ångra den.",
            "response_type": "ephemeral",
            "replace_original": False,
        }
    ]


async def test_an_undo_value_that_is_no_signup_id_asks_for_nothing(calls: Calls) -> None:
    tasks = Tasks(calls)
    signups = Signups((None, None))
    context = context_with(services(tasks=tasks, people=People(), signups=signups))

    await undo(calls.ack, body(), {"value": "1; DROP TABLE"}, calls.respond, context)
    await tasks.run()

    assert signups.asked == []
    assert calls.responses == []

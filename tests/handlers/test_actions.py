"""Undo: the listener acks at once and asks for the undo with who clicked, in which workspace."""

from __future__ import annotations

from typing import Any

from handlers.actions import undo
from tests.handlers.conftest import AGENT, TEAM, Calls, Tasks, context_with, services


class People:
    async def language(self, user_id: str) -> str:
        return "sv"


class Signups:
    def __init__(self, answer: tuple[dict[str, Any] | None, str | None]) -> None:
        self.answer = answer
        self.asked: list[tuple[int, str, str, str, str | None, str | None]] = []

    async def prompt(
        self,
        signup_id: int,
        user_id: str,
        team_id: str,
        language: str,
        *,
        response_url: str | None,
        channel_id: str | None,
    ) -> tuple[dict[str, Any] | None, str | None]:
        self.asked.append((signup_id, user_id, team_id, language, response_url, channel_id))
        return self.answer


class Forms:
    def __init__(self) -> None:
        self.dialogs: list[tuple[str, dict[str, Any]]] = []

    async def show_dialog(self, trigger_id: str, view: dict[str, Any]) -> None:
        self.dialogs.append((trigger_id, view))


def body() -> dict[str, Any]:
    return {
        "user": {"id": AGENT},
        "container": {"type": "message"},
        "trigger_id": "123.456.abc",
        "response_url": "https://hooks.slack.test/actions/T0VISNING/1/x",
        "channel": {"id": "C0VISNING"},
    }


async def test_undo_asks_the_clicker_to_confirm_in_a_dialog_of_their_own(calls: Calls) -> None:
    tasks = Tasks(calls)
    dialog = {"type": "modal", "callback_id": "undo_confirm"}
    signups, forms = Signups((dialog, None)), Forms()
    context = context_with(services(tasks=tasks, people=People(), undo=signups, forms=forms))

    await undo(calls.ack, body(), {"value": "42"}, calls.respond, context)
    assert calls.acks == [{}]
    await tasks.run()

    assert signups.asked == [
        (42, AGENT, TEAM, "sv", "https://hooks.slack.test/actions/T0VISNING/1/x", "C0VISNING")
    ]
    assert forms.dialogs == [("123.456.abc", dialog)]
    assert calls.responses == []


async def test_a_refused_undo_is_told_privately_and_the_message_stays(calls: Calls) -> None:
    tasks = Tasks(calls)
    signups, forms = Signups((None, "Bara <@U0ERIK>, som gjorde anmälan, kan ångra den.")), Forms()
    context = context_with(services(tasks=tasks, people=People(), undo=signups, forms=forms))

    await undo(calls.ack, body(), {"value": "42"}, calls.respond, context)
    await tasks.run()

    assert forms.dialogs == []
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
    context = context_with(services(tasks=tasks, people=People(), undo=signups))

    await undo(calls.ack, body(), {"value": "1; DROP TABLE"}, calls.respond, context)
    await tasks.run()

    assert signups.asked == []
    assert calls.responses == []

"""Connecting Vitec (OAuth mode): the button opens the modal, the modal's answer is the check's."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncBoltContext

from handlers.context import CONNECTIONS_KEY
from handlers.setup import channel_office_chosen, connect_clicked, connect_submitted
from tests.handlers.conftest import AGENT, TEAM, Asked, Calls, FakeService

CLIENT = object()
VALUES = {"vitec_username": {"vitec_username_input": {"type": "plain_text_input", "value": "x"}}}


class FakeConnections(FakeService):
    """The connection use case, recording its calls; ``spawn_home`` is recorded at once."""

    def spawn_home(self, client: Any, **kwargs: Any) -> None:
        self._asked.calls.append(("spawn_home", (client,), kwargs))

    def spawn(self, work: Any, *, name: str) -> None:
        self.spawned.append((name, work))

    def __init__(self, asked: Asked, **answers: Any) -> None:
        super().__init__(asked, **answers)
        self.spawned: list[tuple[str, Any]] = []


def oauth_context(connections: Any) -> AsyncBoltContext:
    context = AsyncBoltContext(user_id=AGENT, team_id=TEAM, client=CLIENT)
    context[CONNECTIONS_KEY] = connections
    return context


async def test_the_button_opens_the_modal_for_the_workspace(calls: Calls, asked: Asked) -> None:
    context = oauth_context(FakeConnections(asked))
    body = {"user": {"id": AGENT}, "trigger_id": "1.2.abc"}

    await connect_clicked(calls.ack, body, context)

    assert calls.acks == [{}]
    assert asked.calls == [
        ("open_connect", (CLIENT,), {"team_id": TEAM, "user_id": AGENT, "trigger_id": "1.2.abc"})
    ]


async def test_a_failed_check_answers_with_the_inline_errors(calls: Calls, asked: Asked) -> None:
    errors = {"response_action": "errors", "errors": {"vitec_password": "Vitec godtog inte…"}}
    context = oauth_context(FakeConnections(asked, submit_connect=errors))
    view = {"private_metadata": "en", "state": {"values": VALUES}}

    await connect_submitted(calls.ack, {"user": {"id": AGENT}}, view, context)

    assert calls.acks == [errors]
    assert asked.calls == [
        (
            "submit_connect",
            (CLIENT,),
            {"team_id": TEAM, "user_id": AGENT, "values": VALUES, "language": "en"},
        )
    ]


async def test_a_saved_connection_closes_the_modal_and_refreshes_home(
    calls: Calls, asked: Asked
) -> None:
    context = oauth_context(FakeConnections(asked))
    view = {"private_metadata": "<odd>", "state": {"values": VALUES}}

    await connect_submitted(calls.ack, {"user": {"id": AGENT}}, view, context)

    assert calls.acks == [{}]
    assert asked.calls[0][2]["language"] == "sv"
    assert asked.calls[1] == ("spawn_home", (CLIENT,), {"team_id": TEAM, "user_id": AGENT})


async def test_single_workspace_mode_has_no_connection_to_make(calls: Calls) -> None:
    context = AsyncBoltContext(user_id=AGENT, team_id=TEAM, client=CLIENT)
    view = {"private_metadata": "sv", "state": {"values": VALUES}}

    await connect_clicked(calls.ack, {"user": {"id": AGENT}, "trigger_id": "t"}, context)
    await connect_submitted(calls.ack, {"user": {"id": AGENT}}, view, context)

    assert calls.acks == [{}, {}]


async def test_a_channel_or_office_picked_in_app_home_is_handed_on_with_the_views_state(
    calls: Calls, asked: Asked
) -> None:
    connections = FakeConnections(asked)
    state = {"channel_office": {"channel_office_select": {"selected_option": {"value": "M1"}}}}
    body = {"user": {"id": AGENT}, "view": {"type": "home", "state": {"values": state}}}

    await channel_office_chosen(calls.ack, body, oauth_context(connections))
    [(name, work)] = connections.spawned
    await work

    assert calls.acks == [{}]
    assert name == "channel-office"
    assert asked.calls == [
        (
            "choose_channel_office",
            (CLIENT,),
            {"team_id": TEAM, "user_id": AGENT, "values": state},
        )
    ]

"""Listener tests call each listener as Bolt would, with a fake ack, respond and services."""

from __future__ import annotations

from collections.abc import Coroutine
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, cast

import pytest
from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond

from handlers.context import SERVICES_KEY

TEAM = "T0VISNING"
AGENT = "U0AGNETA"


@dataclass
class Calls:
    """What a listener acknowledged, responded and asked the services to do."""

    acks: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    spawned: list[str] = field(default_factory=list)

    async def _ack(self, **answer: Any) -> None:
        self.acks.append(answer)

    async def _respond(self, **message: Any) -> None:
        self.responses.append(message)

    @property
    def ack(self) -> AsyncAck:
        """Bolt's ack, recording what the listener acknowledged."""
        return cast(AsyncAck, self._ack)

    @property
    def respond(self) -> AsyncRespond:
        """Bolt's respond, recording what the listener sent to the response_url."""
        return cast(AsyncRespond, self._respond)


class Tasks:
    """Runs spawned work at once, so a test sees its effect when the listener returns."""

    def __init__(self, calls: Calls) -> None:
        self._calls = calls
        self.pending: list[Coroutine[Any, Any, Any]] = []

    def spawn(self, coro: Coroutine[Any, Any, Any], *, name: str) -> None:
        self._calls.spawned.append(name)
        self.pending.append(coro)

    async def run(self) -> None:
        while self.pending:
            await self.pending.pop(0)


@pytest.fixture
def calls() -> Calls:
    return Calls()


def context_with(services: Any, **fields: Any) -> AsyncBoltContext:
    """A request context as the gate leaves it: the services attached, the user known."""
    context = AsyncBoltContext(user_id=AGENT, team_id=TEAM, **fields)
    context[SERVICES_KEY] = services
    return context


def services(**parts: Any) -> SimpleNamespace:
    return SimpleNamespace(**parts)


@dataclass
class Asked:
    """Every call a fake service received: its method name, arguments and keyword arguments."""

    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = field(default_factory=list)


class FakeService:
    """A service whose every method records its call and returns ``answers[name]`` (or None)."""

    def __init__(self, asked: Asked, **answers: Any) -> None:
        self._asked = asked
        self._answers = answers

    def __getattr__(self, name: str) -> Any:
        async def method(*args: Any, **kwargs: Any) -> Any:
            self._asked.calls.append((name, args, kwargs))
            return self._answers.get(name)

        return method


@pytest.fixture
def asked() -> Asked:
    return Asked()

"""Assembling a simulated Vitec Connect: the ASGI app, its state, and a blocking server."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Mount, Route

from devtools.simulator.admin import admin_routes
from devtools.simulator.config import SimulatorConfig
from devtools.simulator.gate import Gate
from devtools.simulator.loopback import LoopbackOnly, require_loopback
from devtools.simulator.state import STOCKHOLM, SimulatorState

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

ADMIN_PREFIX = "/_simulator"
_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]


def _stockholm_now() -> datetime:
    return datetime.now(STOCKHOLM)


class Simulator:
    """A local Vitec Connect: ``app`` to serve or drive in-process, ``state`` to steer it."""

    def __init__(
        self,
        config: SimulatorConfig,
        *,
        now: Callable[[], datetime],
        sleep: Callable[[float], Awaitable[None]],
    ) -> None:
        self.config = config
        self.state = SimulatorState(config, now=now)
        gate = Gate(self.state, sleep)
        self.app = Starlette(
            routes=[
                Mount(ADMIN_PREFIX, routes=admin_routes(self.state)),
                Route("/{path:path}", gate.handle, methods=_METHODS),
            ]
        )


def create_simulator(
    config: SimulatorConfig | None = None,
    *,
    now: Callable[[], datetime] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> Simulator:
    """A simulator whose sample data is built for the day ``now()`` returns (default: real time)."""
    return Simulator(config or SimulatorConfig(), now=now or _stockholm_now, sleep=sleep)


def serve(
    host: str, port: int, config: SimulatorConfig | None = None, *, latency: float | None = None
) -> None:
    """Run a simulator with uvicorn until interrupted; ``latency`` overrides the config's.

    It listens on loopback only (NotLoopbackError otherwise) and answers only requests whose
    Host and Origin name this machine.
    """
    config = config or SimulatorConfig()
    if latency is not None:
        config = replace(config, latency=latency)
    app = LoopbackOnly(create_simulator(config).app)
    uvicorn.run(app, host=require_loopback(host), port=port, log_level="info")

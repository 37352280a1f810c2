"""The simulator behind a network that can refuse a connection, lose an answer or deliver late."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import httpx

from devtools.simulator import Simulator

Trouble = Literal["refused", "answer_lost", "late"]


@dataclass
class Fault:
    """What the network does to requests with this method whose path starts with ``path``.

    ``refused``: never sent (connection refused). ``answer_lost``: carried out, but no answer
    arrives. ``late``: no answer, and the request reaches Vitec only after the next request.
    The first ``skip`` matching requests pass; then ``times`` of them meet the fault.
    """

    method: str
    path: str
    trouble: Trouble
    times: int = 1
    skip: int = 0


class Network(httpx.AsyncBaseTransport):
    """An httpx transport to the in-process simulator, with faults a network has."""

    def __init__(self, simulator: Simulator) -> None:
        self._vitec = httpx.ASGITransport(simulator.app)
        self.faults: list[Fault] = []
        self._late: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        fault = self._fault_for(request)
        if fault is not None and fault.trouble == "refused":
            raise httpx.ConnectError("connection refused", request=request)
        if fault is not None and fault.trouble == "late":
            self._late.append(request)
            raise httpx.ReadTimeout("no answer in time", request=request)
        late, self._late = self._late, []
        response = await self._vitec.handle_async_request(request)
        await response.aread()
        for delayed in late:
            answered = await self._vitec.handle_async_request(delayed)
            await answered.aread()
        if fault is not None and fault.trouble == "answer_lost":
            raise httpx.ReadTimeout("no answer in time", request=request)
        return response

    def _fault_for(self, request: httpx.Request) -> Fault | None:
        path = request.url.path.lstrip("/")
        for fault in self.faults:
            if fault.method != request.method or not path.startswith(fault.path):
                continue
            if fault.skip:
                fault.skip -= 1
                return None
            if fault.times:
                fault.times -= 1
                return fault
        return None

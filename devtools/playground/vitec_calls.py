"""The bot's calls to Vitec as the bot itself saw them, recorded at its HTTP transport.

The bot's Vitec client sends every request through `RecordingTransport`, so the side panel
shows what the bot sent, what came back and how long the bot waited for it: connection, network
and Vitec together, including the requests that never got an answer (a timeout, or a picker that
stopped waiting). Personal data is masked as it is recorded; nothing unmasked is kept.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from bot.vitec.client import MAX_CONNECTIONS
from devtools.playground.masking import mask_json, mask_query, mask_text
from devtools.simulator.auth import masked as masked_authorization

KEPT = 500
"""Calls kept in memory; `VitecCalls.total` still counts every call."""
_SHOWN_TEXT = 2000


@dataclass
class VitecCall:
    """One HTTP request the bot sent to Vitec, and its answer once it came."""

    number: int
    """1 for the first call since the playground started, counting on."""
    at: float
    """When the bot sent it, in epoch seconds."""
    method: str
    path: str
    """Below Vitec's base URL, e.g. ``/Viewing/M30011/OBJ…``."""
    query: str
    """Decoded and masked."""
    authorization: str | None
    request_body: Any
    status: int | None = None
    response_body: Any = None
    ms: float | None = None
    """What the bot waited, from sending the request to the last byte of the answer."""
    failure: str | None = None
    """Why no answer came: ``ReadTimeout``, ``ConnectError``, or ``avbruten`` when cancelled."""

    @property
    def pending(self) -> bool:
        """Whether the bot is still waiting."""
        return self.ms is None


def _readable(body: bytes) -> Any:
    """A body as the panel shows it: masked JSON when it parses, else masked (cut) text."""
    if not body:
        return None
    try:
        return mask_json(json.loads(body))
    except (ValueError, RecursionError):
        return mask_text(body[:_SHOWN_TEXT].decode("utf-8", errors="replace"))


async def _raw_body(response: httpx.Response) -> bytes:
    """The answer's bytes as they came: the client decodes them itself, as it would anyway."""
    stream = response.stream
    if not isinstance(stream, httpx.AsyncByteStream):
        raise TypeError("the transport underneath answered with a synchronous stream")
    try:
        return b"".join([chunk async for chunk in stream])
    finally:
        await stream.aclose()


def _failure(exc: BaseException) -> str:
    if isinstance(exc, asyncio.CancelledError):
        return "avbruten"
    return type(exc).__name__


class VitecCalls:
    """The record: the newest `KEPT` calls, oldest first, and how many there were in all."""

    def __init__(self, kept: int = KEPT) -> None:
        self.calls: deque[VitecCall] = deque(maxlen=kept)
        self.total = 0
        self.changes = 0
        """Goes up whenever a call starts or ends, so a poll can tell the record changed."""

    def start(self, call: VitecCall) -> None:
        """Record a call the bot is sending."""
        self.total += 1
        self.changes += 1
        self.calls.append(call)

    def changed(self) -> None:
        """Note that a recorded call got its answer (or gave up)."""
        self.changes += 1

    def find(self, number: int) -> VitecCall | None:
        """A call still kept, by its number."""
        first = self.calls[0].number if self.calls else 1
        index = number - first
        return self.calls[index] if 0 <= index < len(self.calls) else None


class RecordingTransport(httpx.AsyncBaseTransport):
    """An httpx transport that records each request and answer into `VitecCalls`."""

    def __init__(
        self,
        calls: VitecCalls,
        base_path: str,
        inner: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.time,
        timer: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.calls = calls
        self._base_path = base_path.rstrip("/")
        # The limits the bot's own client sets; a custom transport has to carry them itself.
        self._inner = inner or httpx.AsyncHTTPTransport(
            limits=httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=20)
        )
        self._clock = clock
        self._timer = timer

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send the request on, recording it, the answer and the time the bot waited."""
        call = VitecCall(
            number=self.calls.total + 1,
            at=self._clock(),
            method=request.method,
            path=mask_text(request.url.path.removeprefix(self._base_path) or "/"),
            query=mask_query(request.url.query.decode("ascii", errors="replace")),
            authorization=masked_authorization(request.headers.get("authorization")),
            request_body=_readable(request.content),
        )
        self.calls.start(call)
        started = self._timer()
        try:
            response = await self._inner.handle_async_request(request)
            raw = await _raw_body(response)
        except BaseException as exc:
            self._finish(call, started, failure=_failure(exc))
            raise
        shown = _readable(raw) if "content-encoding" not in response.headers else "(komprimerat)"
        self._finish(call, started, status=response.status_code, body=shown)
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            content=raw,
            extensions=response.extensions,
        )

    def _finish(
        self,
        call: VitecCall,
        started: float,
        *,
        status: int | None = None,
        body: Any = None,
        failure: str | None = None,
    ) -> None:
        call.status, call.response_body, call.failure = status, body, failure
        call.ms = round((self._timer() - started) * 1000, 1)
        self.calls.changed()

    async def aclose(self) -> None:
        """Close the connections underneath."""
        await self._inner.aclose()

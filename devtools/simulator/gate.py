"""The front door of the Vitec endpoints: request log, injected faults, routing and auth."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from starlette.responses import HTMLResponse, Response

from devtools.simulator import auth, endpoints
from devtools.simulator.errors import Invalid, Refusal, refusal_response, status_response
from devtools.simulator.state import RequestRecord

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from starlette.requests import Request

    from devtools.simulator.state import SimulatorState

_STATUS_MESSAGES = {
    400: "Begäran är ogiltig.",
    401: auth.DENIED,
    403: "Åtkomst nekad.",
    404: "Resursen hittades inte.",
    408: "Begäran tog för lång tid.",
    409: "Konflikt.",
    429: "För många anrop. Försök igen senare.",
    500: "An error has occurred.",
    502: "Bad Gateway",
    503: "Tjänsten är tillfälligt otillgänglig.",
    504: "Gateway Timeout",
}

_PROXY_PAGE = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Tjänsten är inte tillgänglig</title></head>
<body><h1>Tjänsten är tillfälligt otillgänglig</h1>
<p>Servern bakom proxyn svarade inte. Försök igen om en stund.</p></body></html>
"""

_LOGGED_TEXT = 2000


def _path(request: Request) -> str:
    """The path below wherever the simulator is mounted (``/vitec`` in the playground)."""
    return "/" + str(request.path_params.get("path", "")).lstrip("/")


def _loggable(body: bytes) -> Any:
    """The body as the request log shows it: JSON when it parses, else (cut) text, else None."""
    if not body:
        return None
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return body[:_LOGGED_TEXT].decode("utf-8", errors="replace")


class Gate:
    """Answers every request to the Vitec endpoints."""

    def __init__(self, state: SimulatorState, sleep: Callable[[float], Awaitable[None]]) -> None:
        self.state = state
        self.sleep = sleep

    async def handle(self, request: Request) -> Response:
        """Log the request, apply the faults in scope, then let the endpoint answer."""
        body = await request.body()
        record = RequestRecord(
            at=self.state.now(),
            method=request.method,
            path=_path(request),
            query=request.url.query,
            authorization=auth.masked(request.headers.get("authorization")),
            body=_loggable(body),
        )
        self.state.requests.appendleft(record)
        started = time.perf_counter()
        response = await self._answer(request, body)
        record.status = response.status_code
        record.ms = round((time.perf_counter() - started) * 1000, 2)
        return response

    def _status(self, status: int, headers: dict[str, str] | None = None) -> Response:
        message = _STATUS_MESSAGES.get(status, f"HTTP {status}")
        if status == 401:
            headers = {**auth.CHALLENGE, **(headers or {})}
        return status_response(self.state.config.error_body, status, message, headers)

    async def _answer(self, request: Request, body: bytes) -> Response:
        method, path = request.method, _path(request)
        state = self.state
        hold = state.faults.hold
        if hold is not None and hold.stage == "before" and hold.hits(method, path):
            await state.held.wait()
        delay = state.config.latency
        latency = state.faults.latency
        if latency is not None and latency.hits(method, path):
            delay += latency.seconds
        if delay > 0:
            await self.sleep(delay)
        early = self._fault_answer(method, path)
        if early is not None:
            return early
        response = self._dispatch(request, body)
        failure = state.faults.applied_then_error
        if failure is not None and failure.hits(method, path) and response.status_code < 300:
            response = self._status(failure.status)
        hold = state.faults.hold
        if hold is not None and hold.stage == "after" and hold.hits(method, path):
            await state.held.wait()
        return response

    def _fault_answer(self, method: str, path: str) -> Response | None:
        """An answer a fault gives instead of the endpoint's, if one is in scope."""
        faults = self.state.faults
        forced = faults.forced_status
        if forced is not None and forced.hits(method, path):
            forced.count -= 1
            if forced.count <= 0:
                faults.forced_status = None
            headers = (
                {"Retry-After": str(forced.retry_after)} if forced.retry_after is not None else None
            )
            return self._status(forced.status, headers)
        limit = faults.rate_limit
        if limit is not None and limit.hits(method, path):
            if limit.count is not None:
                limit.count -= 1
                if limit.count <= 0:
                    faults.rate_limit = None
            return self._status(429, {"Retry-After": str(limit.retry_after)})
        errors = faults.server_errors
        if (
            errors is not None
            and errors.hits(method, path)
            and self.state.dice.random() < errors.rate
        ):
            return self._status(errors.status)
        page = faults.non_json
        if page is not None and page.hits(method, path):
            return HTMLResponse(_PROXY_PAGE, status_code=page.status)
        return None

    def _dispatch(self, request: Request, body: bytes) -> Response:
        found = endpoints.route(request.method, _path(request))
        if found is None:
            message = f"No HTTP resource was found that matches the request URI '{request.url}'."
            return status_response(self.state.config.error_body, 404, message)
        if found.endpoint is None:
            message = f"The requested resource does not support http method '{request.method}'."
            response = status_response(self.state.config.error_body, 405, message)
            response.headers["Allow"] = ", ".join(found.allowed)
            return response
        try:
            offices = auth.unlocked_offices(request.headers.get("authorization"), self.state.config)
            call = endpoints.Call(
                state=self.state,
                params=dict(found.params),
                query={k.lower(): v for k, v in request.query_params.items()},
                body=body,
                offices=offices,
            )
            return found.endpoint(call)
        except (Refusal, Invalid) as refusal:
            return refusal_response(self.state.config.error_body, refusal)

"""HTTP mode: Starlette serving Bolt at ``POST /slack/events`` and a health check.

A request reaches Bolt only when it is small, arrived in time, is text, carries Slack's signature
and parses; anything else is refused with a 4xx before any of it is parsed or logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import uvicorn
from slack_bolt.adapter.starlette.async_handler import to_starlette_response
from slack_bolt.async_app import AsyncApp, AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.app import build_app
from bot.services import Services, build_services
from bot.settings import Settings

log = logging.getLogger(__name__)

ServicesFactory = Callable[[Settings], Awaitable[Services]]

MAX_BODY_BYTES = 1_000_000
"""Slack's largest request, a submitted form with every field filled in, is tens of kilobytes."""
BODY_TIMEOUT = 5.0
"""Seconds a client gets to send its body; Slack sends it at once and gives up after 3 s."""
KEEP_ALIVE_TIMEOUT = 5
"""Seconds an idle connection stays open for the next request."""
MAX_CONNECTIONS = 1000
"""Connections and requests at once; beyond it uvicorn answers 503 instead of queueing."""


class _RefusedError(Exception):
    """A request answered with a 4xx before Bolt sees it."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def create_web_app(
    settings: Settings,
    services_factory: ServicesFactory = build_services,
    *,
    max_body_bytes: int = MAX_BODY_BYTES,
    body_timeout: float = BODY_TIMEOUT,
) -> Starlette:
    """The bot's web app; services are built at startup and closed at shutdown."""
    bolt: AsyncApp | None = None
    running: Services | None = None
    verifier = SignatureVerifier(settings.slack_signing_secret.get_secret_value())

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        nonlocal bolt, running
        running = await services_factory(settings)
        bolt = build_app(running)
        running.start()
        try:
            yield
        finally:
            await running.aclose()

    async def slack_events(request: Request) -> Response:
        if bolt is None:
            return JSONResponse({"error": "starting"}, status_code=503)
        try:
            body = await _read_body(request, max_body_bytes, body_timeout)
            text = _decoded(body)
            _check_signed(text, request, verifier)
            parsed = _parsed(text, request)
        except _RefusedError as refused:
            # One line, no body: what was sent may be personal data, or an attack's payload.
            log.warning("refused a request: %s (HTTP %d)", refused.reason, refused.status)
            return JSONResponse({"error": refused.reason}, status_code=refused.status)
        # What Bolt's Starlette adapter does for a POST, with the body already read and parsed.
        return to_starlette_response(await bolt.async_dispatch(parsed))

    async def healthz(_: Request) -> Response:
        if running is None:
            return JSONResponse({"status": "starting"}, status_code=503)
        loaded = running.directory.estates_loaded
        return JSONResponse(
            {
                # Degraded, not down: bookings and contact look-ups work without the estate
                # list, only the property picker waits for it.
                "status": "ok" if loaded else "degraded",
                "estates_loaded": loaded,
                "estates": running.directory.cache_status(),
                "background_tasks": len(running.tasks),
            }
        )

    return Starlette(
        routes=[
            Route("/slack/events", slack_events, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ],
        lifespan=lifespan,
    )


def server_options(settings: Settings) -> dict[str, Any]:
    """How uvicorn serves the bot: bounded waits and connections for clients that dawdle."""
    return {
        "host": settings.host,
        "port": settings.port,
        "log_level": settings.log_level.lower(),
        "access_log": False,
        "timeout_keep_alive": KEEP_ALIVE_TIMEOUT,
        "limit_concurrency": MAX_CONNECTIONS,
        # Waiting on a request whose headers never end is not bounded by uvicorn; the HTTPS
        # proxy in front of the bot (see the README) is what cuts such a client off.
    }


def serve(settings: Settings) -> None:
    """Serve HTTP mode until interrupted."""
    uvicorn.run(create_web_app(settings), **server_options(settings))


async def _read_body(request: Request, limit: int, timeout: float) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _RefusedError(413, f"the body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise _RefusedError(413, f"the body is larger than {limit} bytes")
                chunks.append(chunk)
    except TimeoutError:
        raise _RefusedError(408, f"the body did not arrive within {timeout:g} s") from None
    except ClientDisconnect:
        raise _RefusedError(400, "the client went away while sending the body") from None
    return b"".join(chunks)


def _decoded(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise _RefusedError(400, "the body is not UTF-8") from None


def _check_signed(body: str, request: Request, verifier: SignatureVerifier) -> None:
    timestamp = request.headers.get("x-slack-request-timestamp")
    signature = request.headers.get("x-slack-signature")
    try:
        valid = verifier.is_valid(body, timestamp, signature)
    except ValueError:  # a timestamp that is not a number
        valid = False
    if not valid:
        raise _RefusedError(401, "the request is not signed with the app's signing secret")


_PAYLOAD = "payload="


def interaction_payload(text: str) -> str | None:
    """The JSON of an interaction body (``payload=…``, percent-encoded), decoded in C.

    What ``parse_qsl`` makes of it, in a tenth of the time (about 1 ms of CPU for a submitted
    form's 7 kB): every ``%XX`` becomes ``\\xXX`` for the ``unicode_escape`` codec, whose bytes
    are then read as UTF-8. None for anything else, or anything this cannot decode exactly
    (other fields, a raw backslash, a stray ``%``, bytes that are not UTF-8): Bolt reads those.
    """
    if not text.startswith(_PAYLOAD):
        return None
    value = text[len(_PAYLOAD) :]
    if "&" in value or "\\" in value:
        return None
    try:
        escaped = value.replace("+", " ").replace("%", "\\x").encode("ascii")
        return escaped.decode("unicode_escape").encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None


def _bolt_request(text: str, request: Request) -> AsyncBoltRequest:
    query = request.query_params
    headers = request.headers
    payload = (
        interaction_payload(text)
        if headers.get("content-type", "").startswith("application/x-www-form-urlencoded")
        else None
    )
    if payload is None:
        return AsyncBoltRequest(body=text, query=query, headers=headers)  # type: ignore[arg-type]
    body = json.loads(payload)
    if not isinstance(body, dict):
        raise AttributeError("the payload is not a JSON object")
    # Bolt takes only a str in HTTP mode, and parses it again; given the parsed body (as in
    # Socket Mode), it keeps it. The raw body and the mode are then what HTTP mode has.
    parsed = AsyncBoltRequest(body=body, query=query, headers=headers, mode="socket_mode")  # type: ignore[arg-type]
    parsed.raw_body = text
    parsed.mode = "http"
    return parsed


def _parsed(text: str, request: Request) -> AsyncBoltRequest:
    """Bolt's request for the body, parsed once; a body Bolt cannot read is refused here."""
    try:
        parsed = _bolt_request(text, request)
    except json.JSONDecodeError:
        raise _RefusedError(400, "the body's JSON does not parse") from None
    except AttributeError:
        # JSON that is no object (a list, a string, a number) gets as far as Bolt's reading of
        # the request's context, which looks keys up in it.
        raise _RefusedError(400, "the body is not a JSON object or a form") from None
    if not isinstance(parsed.body, dict):
        raise _RefusedError(400, "the body is not a JSON object or a form")
    return parsed

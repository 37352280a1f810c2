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
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.request.internals import parse_body
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Message

from bot.app import build_app, build_oauth_app, token_rotator
from bot.connections import Connections
from bot.services import Services, build_services
from bot.settings import Settings
from bot.tenants import Tenants, open_tenants

log = logging.getLogger(__name__)

ServicesFactory = Callable[[Settings], Awaitable[Services]]
TenantsFactory = Callable[[Settings], Awaitable[Tenants]]

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
    tenants_factory: TenantsFactory = open_tenants,
) -> Starlette:
    """The bot's web app; services are built at startup and closed at shutdown.

    In OAuth mode (SLACK_CLIENT_ID set) it also serves Slack's install flow at
    ``/slack/install`` and ``/slack/oauth_redirect``, and each workspace's office gets its own
    services (``tenants_factory``); otherwise ``services_factory`` builds the one workspace's.
    """
    handler: AsyncSlackRequestHandler | None = None
    running: Services | None = None
    tenants: Tenants | None = None
    verifier = SignatureVerifier(settings.slack_signing_secret.get_secret_value())

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        nonlocal handler, running, tenants
        if settings.oauth:
            tenants = await tenants_factory(settings)
            app = build_oauth_app(tenants, Connections(tenants))
            handler = AsyncSlackRequestHandler(app)
            try:
                if app.installation_store is not None:
                    await tenants.start(app.installation_store, token_rotator(settings, app))
                yield
            finally:
                await tenants.aclose()
            return
        running = await services_factory(settings)
        handler = AsyncSlackRequestHandler(build_app(running))
        running.start()
        try:
            yield
        finally:
            await running.aclose()

    async def install(request: Request) -> Response:
        # Slack's OAuth flow: Bolt's install page and redirect, GET only, no body to read.
        if handler is None:
            return JSONResponse({"error": "starting"}, status_code=503)
        return await handler.handle(request)

    async def slack_events(request: Request) -> Response:
        if handler is None:
            return JSONResponse({"error": "starting"}, status_code=503)
        try:
            body = await _read_body(request, max_body_bytes, body_timeout)
            text = _decoded(body)
            _check_signed(text, request, verifier)
            _check_parses(text, request)
        except _RefusedError as refused:
            # One line, no body: what was sent may be personal data, or an attack's payload.
            log.warning("refused a request: %s (HTTP %d)", refused.reason, refused.status)
            return JSONResponse({"error": refused.reason}, status_code=refused.status)
        return await handler.handle(_replaying(request, body))

    async def healthz(_: Request) -> Response:
        if tenants is not None:
            bundles = tenants.bundles
            return JSONResponse(
                {
                    "status": "ok",
                    "offices": len(bundles),
                    "estates_loaded": sum(s.directory.estates_loaded for s in bundles.values()),
                    "background_tasks": len(tenants.process.tasks),
                }
            )
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
            *(
                [
                    Route("/slack/install", install, methods=["GET"]),
                    Route("/slack/oauth_redirect", install, methods=["GET"]),
                ]
                if settings.oauth
                else []
            ),
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


def _check_parses(text: str, request: Request) -> None:
    # The same reading Bolt gives the body next, so nothing that gets past here fails there.
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        payload = parse_body(text, content_type or None)
    except json.JSONDecodeError:
        raise _RefusedError(400, "the body's JSON does not parse") from None
    if not isinstance(payload, dict):
        raise _RefusedError(400, "the body is not a JSON object or a form")


def _replaying(request: Request, body: bytes) -> Request:
    """The request again, its body served from what was read already."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await request.receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(request.scope, receive)

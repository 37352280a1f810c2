"""HTTP mode: Starlette serving Bolt at ``POST /slack/events``, a health check and metrics.

A request reaches Bolt only when it is small, arrived in time, is text, carries Slack's signature
and parses; anything else is refused with a 4xx before any of it is parsed or logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import uvicorn
from pydantic import SecretStr
from slack_bolt.adapter.starlette.async_handler import (
    AsyncSlackRequestHandler,
    to_starlette_response,
)
from slack_bolt.async_app import AsyncApp, AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot import metrics
from bot.app import build_app, build_oauth_app, token_rotator
from bot.connections import Connections
from bot.logs import configure_logging
from bot.services import Services, build_services
from bot.settings import Settings, load_settings
from bot.tenants import Tenants, open_tenants
from bot.webhooks import notification_route

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
    bolt: AsyncApp | None = None
    handler: AsyncSlackRequestHandler | None = None
    running: Services | None = None
    tenants: Tenants | None = None
    verifier = SignatureVerifier(settings.slack_signing_secret.get_secret_value())

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        nonlocal bolt, handler, running, tenants
        if settings.oauth:
            tenants = await tenants_factory(settings)
            bolt = build_oauth_app(tenants, Connections(tenants))
            handler = AsyncSlackRequestHandler(bolt)
            try:
                if bolt.installation_store is not None:
                    await tenants.start(bolt.installation_store, token_rotator(settings, bolt))
                yield
            finally:
                await tenants.aclose()
            return
        running = await services_factory(settings)
        bolt = build_app(running)
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
        if bolt is None:
            return JSONResponse({"error": "starting"}, status_code=503)
        arrived = time.perf_counter()
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
        response = to_starlette_response(await bolt.async_dispatch(parsed))
        metrics.ACK_SECONDS.labels(metrics.request_kind(parsed.body)).observe(
            time.perf_counter() - arrived
        )
        return response

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

    metrics_token = settings.metrics_token

    async def metrics_page(request: Request) -> Response:
        if metrics_token is not None and not _bearer_matches(request, metrics_token):
            return PlainTextResponse(
                "a bearer token (METRICS_TOKEN) is required\n",
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        bundles = list(tenants.bundles.values()) if tenants is not None else []
        if running is not None:
            bundles.append(running)
        if bundles:
            caches = [bundle.directory.cache_status() for bundle in bundles]
            ages = [cache["age_s"] for cache in caches if cache["age_s"] is not None]
            metrics.record_estate_cache(
                sum(cache["loaded"] for cache in caches), max(ages) if ages else None
            )
        return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE)

    return Starlette(
        routes=[
            Route("/slack/events", slack_events, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            notification_route(
                settings,
                lambda: (
                    [running]
                    if running is not None
                    else list(tenants.bundles.values())
                    if tenants is not None
                    else None
                ),
            ),
            Route("/metrics", metrics_page, methods=["GET"]),
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


def serve(settings: Settings, workers: int = 1) -> None:
    """Serve HTTP mode until interrupted, in ``workers`` processes sharing one socket.

    Several processes need a database they can share (PostgreSQL) and a directory for their
    metrics (PROMETHEUS_MULTIPROC_DIR): ``visningsbot run`` sees to both. Each worker is a new
    interpreter that builds its app with :func:`app_from_environment`.
    """
    if workers == 1:
        uvicorn.run(create_web_app(settings), **server_options(settings))
        return
    uvicorn.run(
        f"{__name__}:{app_from_environment.__name__}",
        factory=True,
        workers=workers,
        **server_options(settings),
    )


def app_from_environment() -> Starlette:
    """The web app of one worker process, from the environment as ``visningsbot run`` reads it."""
    settings = load_settings()
    configure_logging(settings.log_level)
    return create_web_app(settings)


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


def _bearer_matches(request: Request, token: SecretStr) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    expected = token.get_secret_value().encode()
    # Compared in constant time, so the answer's timing does not spell the token out.
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), expected)


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

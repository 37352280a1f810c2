"""HTTP mode: Starlette serving Bolt at ``POST /slack/events`` and a health check."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.app import build_app
from bot.services import Services, build_services
from bot.settings import Settings

ServicesFactory = Callable[[Settings], Awaitable[Services]]


def create_web_app(
    settings: Settings, services_factory: ServicesFactory = build_services
) -> Starlette:
    """The bot's web app; services are built at startup and closed at shutdown."""
    handler: AsyncSlackRequestHandler | None = None
    running: Services | None = None

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        nonlocal handler, running
        running = await services_factory(settings)
        handler = AsyncSlackRequestHandler(build_app(running))
        running.start()
        try:
            yield
        finally:
            await running.aclose()

    async def slack_events(request: Request) -> Response:
        if handler is None:
            return JSONResponse({"error": "starting"}, status_code=503)
        return await handler.handle(request)

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

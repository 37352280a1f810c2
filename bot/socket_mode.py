"""Socket Mode: the same app over a websocket, for workspaces that cannot reach the bot by HTTP."""

from __future__ import annotations

import asyncio
import signal

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.app import build_app
from bot.services import build_services
from bot.settings import Settings


async def run_socket_mode(settings: Settings) -> None:
    """Connect to Slack over Socket Mode until SIGINT/SIGTERM, then shut down cleanly."""
    assert settings.slack_app_token is not None  # noqa: S101 - only called in socket mode
    services = await build_services(settings)
    handler = AsyncSocketModeHandler(
        build_app(services), settings.slack_app_token.get_secret_value()
    )
    services.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    try:
        await stop.wait()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
        await services.aclose()

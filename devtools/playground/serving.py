"""Run an ASGI app on a loopback socket inside the current event loop."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator
from dataclasses import dataclass

import uvicorn
from starlette.types import ASGIApp


class _EmbeddedServer(uvicorn.Server):
    """A uvicorn server that leaves the process's signal handlers to whoever owns the process.

    Several servers share one event loop here (fake Slack, bot, simulator); each one swapping
    SIGINT/SIGTERM handlers and restoring them on exit would undo the others' in stop order.
    """

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@dataclass
class RunningServer:
    """A server started by `serve_in_background`."""

    url: str
    """Base URL without a trailing slash, e.g. http://127.0.0.1:54321."""
    _server: uvicorn.Server
    _task: asyncio.Task[None]

    async def stop(self) -> None:
        """Finish in-flight requests, run the app's shutdown and close the socket."""
        self._server.should_exit = True
        await self._task


async def _serve(server: uvicorn.Server, sock: socket.socket) -> None:
    try:
        await server.serve(sockets=[sock])
    except SystemExit as exc:
        # uvicorn exits the process when the app's startup fails; a SystemExit escaping a task
        # would stop the whole event loop, so it becomes an ordinary error of this server.
        raise RuntimeError("the app failed during startup; its lifespan error is logged") from exc


async def serve_in_background(
    app: ASGIApp, host: str = "127.0.0.1", port: int = 0
) -> RunningServer:
    """Start `app` under uvicorn on `host:port` (0 picks a free port) and wait until it listens."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, lifespan="auto", timeout_graceful_shutdown=5
    )
    server = _EmbeddedServer(config)
    task = asyncio.create_task(_serve(server, sock))
    # uvicorn offers no startup callback; `started` flips once the socket accepts connections.
    while not server.started:
        if task.done():
            sock.close()
            task.result()
            raise RuntimeError(f"the server on {host}:{bound_port} stopped while starting")
        await asyncio.sleep(0.005)
    return RunningServer(url=f"http://{host}:{bound_port}", _server=server, _task=task)

"""Loopback TCP stand-ins for a database that stops answering: a stalling proxy, a silent server."""

from __future__ import annotations

import asyncio
import contextlib
from types import TracebackType
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


class TcpProxy:
    """Relays loopback connections to a server until told to stall (hold every byte) or cut."""

    def __init__(self, target: URL) -> None:
        self._target = target
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._relays: set[asyncio.Task[None]] = set()
        self._server: asyncio.Server | None = None
        self.port = 0

    @property
    def database_url(self) -> str:
        """The target's URL with the proxy in the server's place."""
        proxied = self._target.set(host="127.0.0.1", port=self.port)
        return proxied.render_as_string(hide_password=False)

    def stall(self) -> None:
        """From now on nothing passes either way; new connections are accepted, never answered."""
        self._flowing.clear()

    def resume(self) -> None:
        """Let everything held pass, and relay as before."""
        self._flowing.set()

    def cut(self) -> None:
        """Close every relayed connection at once, as a server that went away would."""
        for task in self._relays:
            task.cancel()
        for writer in self._writers:
            writer.close()

    async def __aenter__(self) -> Self:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        await asyncio.gather(*self._relays, return_exceptions=True)

    async def _accept(
        self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter
    ) -> None:
        self._writers.add(client_out)
        await self._flowing.wait()
        server_in, server_out = await asyncio.open_connection(
            self._target.host, self._target.port or 5432
        )
        self._writers.add(server_out)
        for source, sink in ((client_in, server_out), (server_in, client_out)):
            task = asyncio.create_task(self._relay(source, sink))
            self._relays.add(task)
            task.add_done_callback(self._relays.discard)

    async def _relay(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError):
            while data := await source.read(65536):
                await self._flowing.wait()
                sink.write(data)
                await sink.drain()
        sink.close()


class SilentServer:
    """Accepts connections on loopback and never says a word."""

    def __init__(self) -> None:
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []
        self.address = ""

    async def __aenter__(self) -> Self:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.address = f"127.0.0.1:{self._server.sockets[0].getsockname()[1]}"
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for writer in self._writers:
            writer.close()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _accept(self, _: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.append(writer)

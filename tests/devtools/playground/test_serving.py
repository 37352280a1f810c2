"""serve_in_background: a real loopback socket inside the test's event loop."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from devtools.playground.serving import serve_in_background


async def _hello(request: Request) -> PlainTextResponse:
    return PlainTextResponse("hej")


async def test_serves_on_a_free_loopback_port_until_stopped() -> None:
    server = await serve_in_background(Starlette(routes=[Route("/", _hello)]))
    assert server.url.startswith("http://127.0.0.1:")
    async with httpx.AsyncClient() as client:
        assert (await client.get(server.url + "/")).text == "hej"
        await server.stop()
        with pytest.raises(httpx.ConnectError):
            await client.get(server.url + "/")


async def test_two_servers_share_the_loop() -> None:
    first = await serve_in_background(Starlette(routes=[Route("/", _hello)]))
    second = await serve_in_background(Starlette(routes=[Route("/", _hello)]))
    assert first.url != second.url
    async with httpx.AsyncClient() as client:
        assert (await client.get(second.url + "/")).status_code == 200
    await first.stop()
    await second.stop()

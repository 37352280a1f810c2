"""The aiohttp transport on loopback: what Vitec receives, and never-sent told from maybe-sent."""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from aiohttp import web

from bot.vitec.client import VitecClient, create_http_client
from bot.vitec.errors import VitecConnectError, VitecTimeoutError
from bot.vitec.models import AddViewingParticipant, BookingOptions
from bot.vitec.transport import AiohttpTransport
from tests.bot.vitec.support import BASIC_AUTH, CONTACT, CUSTOMER, PASSWORD, USERNAME, VIEWING
from tests.tcp import SilentServer

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable

    Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

QUICK = httpx.Timeout(connect=0.5, read=0.3, write=0.5, pool=0.5)


async def serve(handler: Handler) -> tuple[web.AppRunner, str]:
    """A loopback HTTP server answering every path with ``handler``; its base URL."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


@pytest.fixture
async def received() -> AsyncIterator[tuple[list[dict[str, Any]], str]]:
    """A server that records each request and answers with one follow-up row; its base URL."""
    seen: list[dict[str, Any]] = []

    async def vitec(request: web.Request) -> web.Response:
        seen.append(
            {
                "method": request.method,
                "path": request.raw_path,
                "authorization": request.headers.get("Authorization"),
                "content_type": request.headers.get("Content-Type"),
                "body": await request.read(),
            }
        )
        return web.json_response([{"viewingId": VIEWING, "contactId": CONTACT}])

    runner, url = await serve(vitec)
    yield seen, url
    await runner.cleanup()


def client_at(url: str, timeout: httpx.Timeout = QUICK) -> VitecClient:
    http = create_http_client(url, USERNAME, PASSWORD, timeout=timeout)
    assert isinstance(http._transport, AiohttpTransport)  # the production default
    return VitecClient(http, sleep=_no_sleep)


async def _no_sleep(_: float) -> None:
    return None


async def test_a_request_reaches_vitec_as_httpx_built_it(
    received: tuple[list[dict[str, Any]], str],
) -> None:
    seen, url = received
    async with client_at(url) as client:
        rows = await client.participant_follow_up(CUSTOMER, CONTACT, VIEWING)
    assert [row.viewing_id for row in rows] == [VIEWING]
    [request] = seen
    assert request["method"] == "GET"
    assert request["path"].startswith(f"/ViewingParticipant/{CUSTOMER}/")
    assert request["authorization"] == BASIC_AUTH
    assert request["body"] == b""


async def test_an_odd_path_and_a_json_body_arrive_byte_for_byte(
    received: tuple[list[dict[str, Any]], str],
) -> None:
    seen, url = received
    body = {"name": "Åsa Öberg", "note": "x" * 10_000}
    async with httpx.AsyncClient(
        base_url=url, transport=AiohttpTransport(max_connections=2)
    ) as http:
        answer = await http.post("/a%2Fb/%C3%A5?q=%C3%B6+x", json=body)
    assert answer.status_code == 200
    [request] = seen
    assert request["path"] == "/a%2Fb/%C3%A5?q=%C3%B6+x"
    assert request["content_type"] == "application/json"
    assert json.loads(request["body"]) == body


async def test_a_gzipped_answer_is_decoded_and_a_broken_one_is_a_decoding_error() -> None:
    async def vitec(request: web.Request) -> web.Response:
        payload = gzip.compress(b"[]") if request.path == "/good" else b"not gzip"
        return web.Response(body=payload, headers={"Content-Encoding": "gzip"})

    runner, url = await serve(vitec)
    try:
        async with httpx.AsyncClient(
            base_url=url, transport=AiohttpTransport(max_connections=2)
        ) as http:
            assert (await http.get("/good")).json() == []
            with pytest.raises(httpx.DecodingError):
                await http.get("/broken")
    finally:
        await runner.cleanup()


async def test_an_html_error_page_comes_back_as_an_answer() -> None:
    async def vitec(_: web.Request) -> web.Response:
        return web.Response(status=502, text="<html>Bad gateway</html>", content_type="text/html")

    runner, url = await serve(vitec)
    try:
        async with httpx.AsyncClient(
            base_url=url, transport=AiohttpTransport(max_connections=2)
        ) as http:
            answer = await http.get("/")
        assert (answer.status_code, answer.text) == (502, "<html>Bad gateway</html>")
    finally:
        await runner.cleanup()


async def test_a_refused_connection_is_never_sent() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    async with client_at(f"http://127.0.0.1:{port}") as client:
        with pytest.raises(VitecConnectError):
            await client.book_participant(CUSTOMER, VIEWING, "TS-1", CONTACT, _booking())


async def test_a_vitec_that_never_answers_may_have_booked() -> None:
    async with SilentServer() as silent, client_at(f"http://{silent.address}") as client:
        with pytest.raises(VitecTimeoutError) as caught:
            await client.book_participant(CUSTOMER, VIEWING, "TS-1", CONTACT, _booking())
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)


async def test_a_connection_closed_after_the_request_may_have_booked() -> None:
    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")  # the request arrived; the answer never does
        writer.close()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with client_at(f"http://127.0.0.1:{port}") as client:
            with pytest.raises(VitecTimeoutError) as caught:
                await client.book_participant(CUSTOMER, VIEWING, "TS-1", CONTACT, _booking())
        assert isinstance(caught.value.__cause__, httpx.ReadError)
    finally:
        server.close()
        await server.wait_closed()


async def test_closing_the_client_closes_the_session(
    received: tuple[list[dict[str, Any]], str],
) -> None:
    _, url = received
    transport = AiohttpTransport(max_connections=2)
    http = httpx.AsyncClient(base_url=url, transport=transport)
    await http.get("/")
    await http.aclose()
    assert transport._session is None


def _booking() -> AddViewingParticipant:
    return AddViewingParticipant(
        participated=False,
        reminder_time=None,
        sms_reminder=False,
        mail_confirmation=True,
        sms_confirmation=False,
        contact_message=None,
        lead_source_id=None,
        options=BookingOptions(
            is_deadline_validation_enabled=True, enable_booking_limit_validation=True
        ),
    )

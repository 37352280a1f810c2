"""Slack answering something that is not JSON: the fallbacks go on, nothing raises."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from slack_sdk.web.async_client import AsyncWebClient

from bot.notify import Reporter
from bot.ui.messages import text_message

MESSAGE = text_message("Åsa Öberg är anmäld")
Answer = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def plain_503(_: web.Request) -> web.StreamResponse:
    return web.Response(status=503, text="upstream connect error", content_type="text/plain")


async def html_500(_: web.Request) -> web.StreamResponse:
    return web.Response(
        status=500, text="<html><h1>502 Bad Gateway</h1></html>", content_type="text/html"
    )


async def truncated_json(_: web.Request) -> web.StreamResponse:
    return web.Response(status=200, text='{"ok": tr', content_type="application/json")


async def refused(_: web.Request) -> web.StreamResponse:
    return web.json_response({"ok": False, "error": "channel_not_found"})


@pytest.fixture(params=[plain_503, html_500, truncated_json, refused])
async def broken_slack(
    request: pytest.FixtureRequest,
) -> AsyncIterator[tuple[TestServer, list[str]]]:
    answer: Answer = request.param
    calls: list[str] = []

    async def handle(req: web.Request) -> web.StreamResponse:
        calls.append(req.path.rsplit("/", 1)[-1])
        return await answer(req)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield server, calls
    await server.close()


def reporter_for(server: TestServer) -> Reporter:
    client = AsyncWebClient(token="xoxb-test", base_url=str(server.make_url("/api/")))
    return Reporter(client)


async def test_every_fallback_is_tried_and_the_message_counts_as_undelivered(
    broken_slack: tuple[TestServer, list[str]],
) -> None:
    server, calls = broken_slack
    delivered = await reporter_for(server).to_channel(
        MESSAGE,
        channel_id="C0VISNING",
        user_id="U0AGNETA",
        response_url=None,
    )
    assert delivered.route == "nowhere"
    assert not delivered.reached
    assert calls == [
        "chat.postMessage",
        "chat.postEphemeral",
        "conversations.open",
    ]


async def test_a_modal_update_answered_without_json_is_reported_as_not_updated(
    broken_slack: tuple[TestServer, list[str]],
) -> None:
    server, _ = broken_slack
    assert await reporter_for(server).update_view("V0FORM", {"type": "modal"}) is False


@pytest.mark.parametrize("answer", [plain_503, html_500])
async def test_a_response_url_answering_an_error_page_is_not_a_delivery(answer: Answer) -> None:
    app = web.Application()
    app.router.add_route("POST", "/response/1", answer)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        reporter = reporter_for(server)
        assert await reporter.respond(str(server.make_url("/response/1")), {"text": "x"}) is False
    finally:
        await server.close()

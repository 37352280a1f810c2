"""The Web API client every part of the bot calls Slack with: failures counted by method."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY
from slack_sdk.errors import SlackApiError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.services import CountingWebClient
from bot.slack_failures import SLACK_FAILURES
from devtools.playground.serving import serve_in_background


async def _web_api(request: Request) -> Response:
    method = request.path_params["method"]
    if method == "chat.postMessage":
        return JSONResponse({"ok": False, "error": "channel_not_found"})
    if method == "views.open":
        return PlainTextResponse("Bad gateway", status_code=502)
    return JSONResponse({"ok": True})


def _errors_of(method: str) -> dict[str, float]:
    return {
        sample.labels["error"]: sample.value
        for family in REGISTRY.collect()
        for sample in family.samples
        if sample.name == "visningsbot_slack_api_errors_total" and sample.labels["method"] == method
    }


def _errors(method: str, error: str) -> float:
    labels = {"method": method, "error": error}
    return REGISTRY.get_sample_value("visningsbot_slack_api_errors_total", labels) or 0.0


async def test_a_failed_call_is_counted_by_method_and_slack_error_and_still_raised() -> None:
    slack = await serve_in_background(
        Starlette(routes=[Route("/api/{method}", _web_api, methods=["POST"])])
    )
    client = CountingWebClient(token="xoxb-test", base_url=f"{slack.url}/api/")
    refused = _errors("chat.postMessage", "channel_not_found")
    try:
        with pytest.raises(SlackApiError):
            await client.chat_postMessage(channel="C0VISNING", text="Bokad")
        assert _errors("chat.postMessage", "channel_not_found") == refused + 1

        # A proxy's page instead of Slack's JSON: counted under the kind of failure it was.
        before = _errors_of("views.open")
        with pytest.raises(SLACK_FAILURES):
            await client.views_open(trigger_id="1.2.3", view={"type": "modal"})
        after = _errors_of("views.open")
        counted = {e: n - before.get(e, 0.0) for e, n in after.items() if n != before.get(e)}
        assert counted == {"HTTP 502 without a JSON body": 1.0}

        succeeded = _errors_of("auth.test")
        await client.auth_test()
        assert _errors_of("auth.test") == succeeded
    finally:
        await slack.stop()

"""The Web API's envelope: authentication, encodings, unknown methods and rate limits."""

from __future__ import annotations

import json
from types import SimpleNamespace

import httpx
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_async_handlers
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler

from tests.devtools.playground.kit import TOKEN, VISNINGAR, Harness, section


async def test_a_wrong_or_missing_token_is_refused(slack: Harness) -> None:
    wrong = slack.client(token="xoxb-wrong")
    anonymous = slack.client()

    with pytest.raises(SlackApiError) as refused:
        await wrong.chat_postMessage(channel=VISNINGAR, text="x")
    with pytest.raises(SlackApiError) as unauthenticated:
        await anonymous.auth_test()

    assert refused.value.response["error"] == "invalid_auth"
    assert unauthenticated.value.response["error"] == "not_authed"
    assert slack.fake.messages(VISNINGAR) == []


async def test_unknown_method(slack: Harness) -> None:
    with pytest.raises(SlackApiError) as refused:
        await slack.web.api_call("chat.postMessagee", json={"channel": VISNINGAR})

    assert refused.value.response["error"] == "unknown_method"


async def test_form_encoded_and_json_bodies_and_token_argument(slack: Harness) -> None:
    blocks = json.dumps([section("Från formulär")])
    async with httpx.AsyncClient(base_url=slack.fake_url) as http:
        form = await http.post(
            "/api/chat.postMessage",
            data={"token": TOKEN, "channel": VISNINGAR, "text": "a", "blocks": blocks},
        )
        as_json = await http.post(
            "/api/chat.postMessage",
            json={"channel": VISNINGAR, "text": "b"},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        broken = await http.post(
            "/api/chat.postMessage",
            data={"token": TOKEN, "channel": VISNINGAR, "blocks": "[{"},
        )

    assert form.json()["ok"] is True
    assert as_json.json()["ok"] is True
    assert broken.json() == {"ok": False, "error": "invalid_blocks_format"}
    first, second = slack.fake.messages(VISNINGAR)
    assert first.blocks[0]["text"]["text"] == "Från formulär"
    assert second.text == "b"


async def test_calls_are_recorded_without_the_token(slack: Harness) -> None:
    await slack.web.chat_postMessage(channel=VISNINGAR, text="Hej")

    call = slack.fake.api_calls[-1]
    assert call.method == "chat.postMessage"
    assert call.args == {"channel": VISNINGAR, "text": "Hej"}
    assert call.ok
    assert call.result["ts"]
    assert slack.fake.timeline()[0].summary == "chat.postMessage ok"


async def test_rate_limit_fault_and_the_sdks_retry_handler(
    slack: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    waited: list[float] = []

    async def no_sleep(seconds: float) -> None:
        waited.append(seconds)

    # The handler sleeps Retry-After plus jitter through its module's `asyncio`.
    monkeypatch.setattr(builtin_async_handlers, "asyncio", SimpleNamespace(sleep=no_sleep))
    slack.fake.rate_limit("chat.postMessage", calls=2, retry_after=7)
    patient = slack.client(
        token=TOKEN, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)]
    )

    posted = await patient.chat_postMessage(channel=VISNINGAR, text="Till slut")

    assert posted["ok"] is True
    assert [c.status for c in slack.fake.api_calls] == [429, 429, 200]
    assert slack.fake.api_calls[0].result == {"ok": False, "error": "ratelimited"}
    assert len(waited) == 2
    assert all(7 <= w < 8 for w in waited)
    assert [m.text for m in slack.fake.messages(VISNINGAR)] == ["Till slut"]


async def test_rate_limit_without_a_retry_handler_reaches_the_caller(slack: Harness) -> None:
    slack.fake.rate_limit("views.open")

    with pytest.raises(SlackApiError) as limited:
        await slack.web.views_open(trigger_id="x", view={"type": "modal"})

    assert limited.value.response.status_code == 429
    assert limited.value.response.headers["Retry-After"] == "1"
    assert slack.fake.api_calls[-1].status == 429

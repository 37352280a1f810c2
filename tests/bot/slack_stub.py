"""A Slack Web API client whose answers a test writes, with the calls it received."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

Answer = dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]]


class StubSlack(AsyncWebClient):
    """Answers each Web API method from ``answers`` (``{"ok": False, ...}`` raises as Slack's)."""

    def __init__(self, answers: dict[str, Answer] | None = None) -> None:
        super().__init__(token="xoxb-stub")
        self.answers: dict[str, Answer] = answers or {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.hang: set[str] = set()
        """Methods that never answer (a Slack that is down or slow)."""

    def methods(self) -> list[str]:
        """The methods called, in order."""
        return [method for method, _ in self.calls]

    async def api_call(  # type: ignore[override]
        self,
        api_method: str,
        *,
        http_verb: str = "POST",
        params: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        **_: Any,
    ) -> AsyncSlackResponse:
        args = {**(params or {}), **(data or {}), **(json or {})}
        self.calls.append((api_method, args))
        if api_method in self.hang:
            await asyncio.Event().wait()
        answer = self.answers.get(api_method, {"ok": False, "error": "unknown_method"})
        body = answer(args) if callable(answer) else answer
        response = AsyncSlackResponse(
            client=self,
            http_verb=http_verb,
            api_url=f"https://slack.test/api/{api_method}",
            req_args={},
            data={"ok": True, **body},
            headers={},
            status_code=200,
        )
        validated: AsyncSlackResponse = response.validate()  # type: ignore[no-untyped-call]
        return validated

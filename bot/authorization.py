"""Who the bot is in its one workspace: asked of Slack once per process, not once per request."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient

Authorize = Callable[[], Awaitable[AuthorizeResult]]


def single_workspace(client: AsyncWebClient) -> Authorize:
    """Bolt's ``authorize`` for a single-workspace app: one ``auth.test``, shared by all.

    Bolt's built-in single-team authorization calls ``auth.test`` for every request that arrives
    before the first answer, so a burst at start-up costs a burst of Slack calls and latency.
    (A plain function: Bolt passes arguments by the names it finds in the signature.)
    """
    lock = asyncio.Lock()
    known: list[AuthorizeResult] = []

    async def authorize() -> AuthorizeResult:
        if not known:
            async with lock:
                if not known:
                    answer = await client.auth_test()
                    known.append(
                        AuthorizeResult.from_auth_test_response(
                            auth_test_response=answer, bot_token=client.token
                        )
                    )
        return known[0]

    return authorize

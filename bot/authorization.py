"""Who the bot is in its one workspace: asked of Slack once per process, not once per request.

Requests from any other workspace or organisation are refused here, before any listener runs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)

Authorize = Callable[[str | None, str | None], Awaitable[AuthorizeResult | None]]


def single_workspace(client: AsyncWebClient) -> Authorize:
    """Bolt's ``authorize`` for a single-workspace app: one ``auth.test``, shared by all.

    Bolt's built-in single-team authorization calls ``auth.test`` for every request that arrives
    before the first answer, so a burst at start-up costs a burst of Slack calls and latency.
    A request whose ``team_id`` or ``enterprise_id`` is not the installation's gets None, which
    Bolt answers with its refusal. (A plain function: Bolt passes arguments by the names it
    finds in the signature.)
    """
    lock = asyncio.Lock()
    known: list[AuthorizeResult] = []

    async def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult | None:
        if not known:
            async with lock:
                if not known:
                    answer = await client.auth_test()
                    known.append(
                        AuthorizeResult.from_auth_test_response(
                            auth_test_response=answer, bot_token=client.token
                        )
                    )
        installed = known[0]
        if team_id != installed.team_id or (enterprise_id or None) != (
            installed.enterprise_id or None
        ):
            log.warning("refused a request from another workspace or organisation")
            return None
        return installed

    return authorize

"""What a failed Slack Web API call looks like, whatever Slack (or a proxy) answered."""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError

SLACK_FAILURES: tuple[type[Exception], ...] = (
    SlackClientError,
    # slack_sdk answers a text/plain body (a proxy's 5xx page) with a string it then calls
    # ``.get`` on, and a body that is not JSON with an aiohttp response in the error.
    AttributeError,
    ValueError,
    aiohttp.ClientError,
    TimeoutError,
)
"""What a Web API call raises when Slack refused it, failed, or answered something not JSON."""


def slack_error(exc: BaseException) -> str:
    """Slack's error code (``channel_not_found``…), or the kind of failure; never raises."""
    if isinstance(exc, SlackApiError):
        data = getattr(exc.response, "data", None)
        if isinstance(data, dict) and isinstance(data.get("error"), str):
            return str(data["error"])
        status = getattr(exc.response, "status_code", None) or getattr(exc.response, "status", None)
        return f"HTTP {status} without a JSON body" if status else "no JSON body"
    return type(exc).__name__

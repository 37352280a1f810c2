"""``POST /vitec/notifications/{secret}``: where Vitec delivers its notifications.

Vitec wants a 2xx within two seconds and says nothing of how it authenticates itself, so the
URL carries a long secret (``VITEC_NOTIFICATION_SECRET``), compared in constant time; a wrong
one gets the same 404 as a path that does not exist. The body is read bounded in size and time,
handed to the background, and answered at once.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Callable, Sequence

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.services import Services
from bot.settings import Settings
from bot.vitec.notifications import read_notification

log = logging.getLogger(__name__)

PATH = "/vitec/notifications/{secret}"
MAX_NOTIFICATION_BYTES = 64_000
"""A notification names a change by ids; its ``data`` is small. Far above any real one."""
BODY_TIMEOUT = 1.0
"""Seconds the body gets to arrive: Vitec gives the whole exchange two."""


class _Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def notification_route(
    settings: Settings, services: Callable[[], Sequence[Services] | None]
) -> Route:
    """The route Vitec posts notifications to.

    ``services`` gives the bundles that may act on one: the one workspace's, or every office of
    every workspace in OAuth mode (each passes over other offices' notifications); None while
    the process is starting.
    """
    secret = settings.vitec_notification_secret

    async def receive(request: Request) -> Response:
        given = str(request.path_params.get("secret", ""))
        if secret is None or not hmac.compare_digest(
            given.encode(), secret.get_secret_value().encode()
        ):
            log.warning("refused a notification: not the notification URL (HTTP 404)")
            return JSONResponse({"error": "not found"}, status_code=404)
        bundles = services()
        if bundles is None:
            return JSONResponse({"error": "starting"}, status_code=503)
        try:
            payload = await _read_json(request)
        except _Refused as refused:
            log.warning("refused a notification: %s (HTTP %d)", refused.reason, refused.status)
            return JSONResponse({"error": refused.reason}, status_code=refused.status)
        notification = read_notification(dict(request.query_params), payload)
        if notification is None:
            log.warning("refused a notification: not one Vitec sends (HTTP 400)")
            return JSONResponse({"error": "not a notification"}, status_code=400)
        office = (notification.customer_id or "").casefold()
        for bundle in bundles:
            # A workspace's office bundle hears only its office's notifications; the one
            # bundle of single-workspace mode hears all (and says when one is another's).
            if bundle.office is None or bundle.directory.customer_id.casefold() == office:
                bundle.notifications.received(notification)
        return JSONResponse({"ok": True})

    return Route(PATH, receive, methods=["POST"])


async def _read_json(request: Request) -> object:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_NOTIFICATION_BYTES:
        raise _Refused(413, "the body is too large")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(BODY_TIMEOUT):
            async for chunk in request.stream():
                size += len(chunk)
                if size > MAX_NOTIFICATION_BYTES:
                    raise _Refused(413, "the body is too large")
                chunks.append(chunk)
    except TimeoutError:
        raise _Refused(408, "the body did not arrive in time") from None
    except ClientDisconnect:
        raise _Refused(400, "the client went away") from None
    raw = b"".join(chunks)
    if not raw.strip():
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _Refused(400, "the body is not JSON") from None

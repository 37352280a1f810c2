"""Local servers for this machine only: loopback sockets, clients, Host and Origin headers.

The simulator hands out passwords and the playground books on anyone's behalf, without logins:
safe only while nothing but this machine can reach them. Binding to loopback keeps other
machines out; checking Host and Origin keeps out web pages in the user's own browser, which can
reach loopback too (a page on another site, or a DNS name rebound to 127.0.0.1).
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send


class NotLoopbackError(ValueError):
    """A local server was asked to listen where other machines can reach it."""


def is_loopback_host(host: str) -> bool:
    """Whether a host name or address (no port; IPv6 with or without brackets) is this machine."""
    name = host.strip().removeprefix("[").removesuffix("]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def require_loopback(host: str) -> str:
    """The host, if it is a loopback address to bind to; NotLoopbackError otherwise."""
    if not is_loopback_host(host):
        raise NotLoopbackError(
            f"{host} can be reached from other machines; this server has no logins and "
            "listens on this machine only: use 127.0.0.1, ::1 or localhost"
        )
    return host


def is_loopback_client(client: tuple[str, int] | None) -> bool:
    """Whether a request's peer address is this machine."""
    return client is not None and is_loopback_host(client[0])


def _is_loopback_authority(authority: str) -> bool:
    try:
        host = urlsplit(f"//{authority}").hostname
    except ValueError:
        return False
    return host is not None and is_loopback_host(host)


def _is_loopback_origin(origin: str) -> bool:
    # "null" (a sandboxed frame, a file) and every other site are refused.
    parts = urlsplit(origin)
    return parts.scheme in {"http", "https"} and _is_loopback_authority(parts.netloc)


class LoopbackOnly:
    """ASGI middleware: refuses with 403 any request whose Host or Origin is not this machine."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = Headers(scope=scope)
            origin = headers.get("origin")
            refused = None
            if not _is_loopback_authority(headers.get("host", "")):
                refused = "Host"
            elif origin is not None and not _is_loopback_origin(origin):
                refused = "Origin"
            if refused is not None:
                response = PlainTextResponse(
                    f"refused: the {refused} header does not name this machine", status_code=403
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

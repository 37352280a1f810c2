"""httpx's requests to Vitec sent through aiohttp: the same client, a third of the CPU per call.

httpx's own transport (httpcore on anyio) spent about 1.6 ms of CPU on each Vitec call under
load, much of it examining every pooled connection for every request; aiohttp, which the Slack
SDK already uses, spends about 0.5 ms. The client above keeps httpx's API, timeouts, retries and
tests. What matters most here is that a failure still tells "certainly never sent" from "may have
reached Vitec": a booking is repeated only after the former.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import aiohttp
import httpx
from yarl import URL

if TYPE_CHECKING:
    from collections.abc import Mapping

KEEPALIVE_SECONDS = 5.0
"""How long an idle connection to Vitec stays open (httpx's default)."""


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Sends an httpx request with aiohttp and answers with an httpx response, body read."""

    def __init__(self, *, max_connections: int, keepalive: float = KEEPALIVE_SECONDS) -> None:
        self._max_connections = max_connections
        self._keepalive = keepalive
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        # Made at the first request: an aiohttp session belongs to the running event loop.
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(
                    limit=self._max_connections, keepalive_timeout=self._keepalive
                ),
                # httpx decodes the body as it would its own transport's, by Content-Encoding.
                auto_decompress=False,
                cookie_jar=aiohttp.DummyCookieJar(),
                trust_env=False,
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Vitec's answer, or the httpx error that says whether the request may have been sent."""
        try:
            async with self._client().request(
                request.method,
                URL(str(request.url), encoded=True),
                headers=list(request.headers.multi_items()),
                data=request.content or None,
                allow_redirects=False,
                timeout=_timeout(request.extensions.get("timeout", {})),
            ) as answer:
                body = await answer.read()
        except aiohttp.InvalidURL as exc:
            raise httpx.UnsupportedProtocol(type(exc).__name__, request=request) from exc
        except aiohttp.ConnectionTimeoutError as exc:
            # No connection in time, from the pool or to Vitec: nothing was sent.
            raise httpx.ConnectTimeout(type(exc).__name__, request=request) from exc
        except aiohttp.ClientConnectorError as exc:
            # Refused, unreachable or unresolvable: nothing was sent.
            raise httpx.ConnectError(type(exc).__name__, request=request) from exc
        except aiohttp.ServerTimeoutError as exc:
            raise httpx.ReadTimeout(type(exc).__name__, request=request) from exc
        except (aiohttp.ClientError, OSError) as exc:
            # Anything else happened on a connection the request may have gone out on.
            raise httpx.ReadError(type(exc).__name__, request=request) from exc
        extensions = {"http_version": b"HTTP/1.1"}
        if answer.reason:
            extensions["reason_phrase"] = answer.reason.encode("latin-1", "replace")
        return httpx.Response(
            answer.status,
            headers=list(answer.raw_headers),
            stream=httpx.ByteStream(body),
            request=request,
            extensions=extensions,
        )

    async def aclose(self) -> None:
        """Close every connection."""
        if self._session is not None:
            await self._session.close()
            self._session = None


def _timeout(phases: Mapping[str, float | None]) -> aiohttp.ClientTimeout:
    """httpx's phases in aiohttp's terms; aiohttp has no write timeout, the read one follows it.

    aiohttp's ``connect`` covers waiting for a pooled connection and opening one, so it gets both
    of httpx's budgets.
    """
    connect, pool, read = phases.get("connect"), phases.get("pool"), phases.get("read")
    return aiohttp.ClientTimeout(
        total=None,
        connect=None if connect is None or pool is None else connect + pool,
        sock_connect=connect,
        sock_read=read,
    )

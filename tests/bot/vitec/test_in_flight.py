"""Requests beyond the connection pool wait their turn in the client, not in the pool."""

import asyncio

import httpx
import pytest

from bot.vitec import client as vitec_client
from bot.vitec.client import VitecClient, create_http_client


async def test_no_more_than_the_pools_size_are_in_flight(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vitec_client, "MAX_CONNECTIONS", 2)
    in_flight = 0
    most = 0
    gate = asyncio.Event()
    two_in = asyncio.Event()

    async def vitec(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        if in_flight == 2:
            two_in.set()
        await gate.wait()
        in_flight -= 1
        return httpx.Response(200, json=[])

    http = create_http_client("http://vitec.test", "u", "p", transport=httpx.MockTransport(vitec))
    async with VitecClient(http) as client:
        calls = [asyncio.create_task(client.lead_sources("M30011")) for _ in range(5)]
        await two_in.wait()
        for _ in range(20):  # give the other three every chance to get in, too
            await asyncio.sleep(0)
        gate.set()
        assert await asyncio.gather(*calls) == [()] * 5
    assert most == 2

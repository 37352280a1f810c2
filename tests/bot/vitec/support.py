"""Shared fixtures' building blocks for the Vitec client tests: ids, credentials, a fake sleep."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

import httpx

from bot.vitec.client import create_http_client

if TYPE_CHECKING:
    import respx

BASE_URL = "https://connect.vitec.test"
USERNAME = "visningsbot-partner"
PASSWORD = "Hemligt-Lösen-7f3a"
BASIC_AUTH = "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()

CUSTOMER = "M30011"
ESTATE = "OBJ11385_1395932274"
VIEWING = "VIS4B2E0C1D9A7F"
SLOT = "TS-0042"
CONTACT = "ADR0123456789ABCDEF0123456789ABCDEF"
OTHER_CONTACT = "ADRFEDCBA9876543210FEDCBA9876543210"


def contact_id(number: int) -> str:
    """A well-formed contact id that differs for every number."""
    return f"ADR{number:032X}"


def http_for(router: respx.MockRouter) -> httpx.AsyncClient:
    """The production HTTP client, with the router standing in for the network."""
    transport = httpx.MockTransport(router.async_handler)
    return create_http_client(BASE_URL, USERNAME, PASSWORD, transport=transport)


class FakeSleep:
    """Stands in for asyncio.sleep: records each delay and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)

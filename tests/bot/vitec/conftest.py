from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import respx

from bot.vitec.client import VitecClient
from tests.bot.vitec.support import BASE_URL, FakeSleep, http_for

if TYPE_CHECKING:
    from collections.abc import AsyncIterator


@pytest.fixture
def sleep() -> FakeSleep:
    return FakeSleep()


@pytest.fixture
def vitec_mock() -> respx.MockRouter:
    """Vitec Connect as respx sees it; any request without a route fails the test."""
    return respx.MockRouter(base_url=BASE_URL, assert_all_called=False)


@pytest.fixture
async def client(vitec_mock: respx.MockRouter, sleep: FakeSleep) -> AsyncIterator[VitecClient]:
    # A jitter of 0.5 makes every backoff exactly 75 % of its ceiling.
    async with VitecClient(http_for(vitec_mock), sleep=sleep, jitter=lambda: 0.5) as vitec_client:
        yield vitec_client

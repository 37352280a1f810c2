"""Ledger fixtures: a fake clock and ledgers opened on the test's database (tests/databases.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bot.store import Ledger
from tests.bot.store.factories import FakeClock
from tests.tcp import SilentServer

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from tests.bot.store.factories import OpenLedger


@pytest.fixture
def clock() -> FakeClock:
    """The clock every ledger of the test reads."""
    return FakeClock()


@pytest.fixture
async def open_ledger(database_url: str, clock: FakeClock) -> AsyncIterator[OpenLedger]:
    """Opens ledgers on the test's database, each with engines of its own as processes would."""
    opened: list[Ledger] = []

    async def open_one() -> Ledger:
        ledger = await Ledger.open(database_url, clock=clock)
        opened.append(ledger)
        return ledger

    yield open_one
    for ledger in opened:
        await ledger.close()


@pytest.fixture
async def ledger(open_ledger: OpenLedger) -> Ledger:
    """A migrated ledger on the test's database."""
    return await open_ledger()


@pytest.fixture
async def silent_server() -> AsyncIterator[str]:
    """``host:port`` of a loopback server that accepts connections and never answers."""
    async with SilentServer() as server:
        yield server.address

"""A ledger database that stops answering: the agent hears "försök igen" in time, nothing is booked.

Every booking is written to the ledger before Vitec is called, so a write that does not finish
within the booking deadline means no booking at all, and an answer the agent can act on.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy.engine import make_url

from bot.store import SignupStatus
from bot.ui.form import slot_block_id
from bot.ui.texts import texts
from devtools.simulator import known
from tests.scenarios.conftest import AGENT, Stack
from tests.scenarios.test_booking import fill_form
from tests.tcp import TcpProxy

TRY_AGAIN = texts("sv").error_ledger_unavailable


def booking_requests(stack: Stack) -> list[Any]:
    """Booking POSTs Vitec received."""
    return [r for r in stack.vitec_requests("POST", "/Viewing") if "/Participant/" in r.path]


async def assert_told_to_try_again_with_nothing_booked(stack: Stack, view_id: str) -> None:
    delivery = await stack.slack.submit(view_id)

    # The answer came as the bot's own inline error, well inside Slack's 3 s.
    assert delivery.outcome == "errors", delivery
    assert delivery.ms < 3000
    assert stack.slack.view(view_id).errors == {slot_block_id(known.ESTATE_ID): TRY_AGAIN}
    assert "Försök igen" in TRY_AGAIN
    assert booking_requests(stack) == []
    assert stack.bookings() == []


async def assert_the_late_write_is_settled_and_a_retry_books(stack: Stack, view_id: str) -> None:
    await stack.settle()
    ledger = stack.services.ledger
    [attempt] = await ledger.recent(team_id=stack.slack.workspace.team_id, user_id=AGENT)
    assert (attempt.status, attempt.notified) == (SignupStatus.FAILED, True)
    assert stack.bookings() == []

    delivery = await stack.slack.submit(view_id)
    await stack.settle()
    assert delivery.outcome == "closed"
    [booking] = stack.bookings()
    assert booking.contact_id == known.ASA_OBERG


@pytest.mark.postgres
class TestPostgresqlStopsAnswering:
    # On the loop of the tests that use it (the module's: see conftest), or it could not answer.
    @pytest_asyncio.fixture(loop_scope="module")
    async def proxy(self, postgres_url: str) -> AsyncIterator[TcpProxy]:
        async with TcpProxy(make_url(postgres_url)) as proxy:
            yield proxy

    @pytest.fixture
    def stack_overrides(self, proxy: TcpProxy) -> dict[str, Any]:
        return {"database_url": proxy.database_url}

    async def test_a_submission_is_answered_in_time_and_nothing_is_booked(
        self, stack: Stack, proxy: TcpProxy
    ) -> None:
        view_id = await fill_form(stack)
        proxy.stall()

        await assert_told_to_try_again_with_nothing_booked(stack, view_id)

        proxy.resume()
        await assert_the_late_write_is_settled_and_a_retry_books(stack, view_id)

    async def test_a_server_that_went_away_is_answered_the_same_way(
        self, stack: Stack, proxy: TcpProxy
    ) -> None:
        view_id = await fill_form(stack)
        proxy.stall()
        proxy.cut()

        await assert_told_to_try_again_with_nothing_booked(stack, view_id)

        proxy.resume()
        await stack.settle()
        delivery = await stack.slack.submit(view_id)
        await stack.settle()
        assert delivery.outcome == "closed"
        assert len(stack.bookings()) == 1


class TestSqliteLockedByAnotherProcess:
    async def test_a_submission_is_answered_in_time_and_nothing_is_booked(
        self, stack: Stack
    ) -> None:
        view_id = await fill_form(stack)
        path = make_url(stack.settings.database_url.get_secret_value()).database
        assert path is not None
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # holds the write lock, as a stuck process would

            await assert_told_to_try_again_with_nothing_booked(stack, view_id)
        finally:
            other.close()

        await assert_the_late_write_is_settled_and_a_retry_books(stack, view_id)

"""The reconcile pass tells every agent it can, and counts as told only what Slack delivered."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any, cast

import pytest

from bot.booking.announce import Announcer
from bot.booking.machine import BookingMachine
from bot.booking.reconcile import Reconciler
from bot.notify import Delivered, Reporter
from bot.store import Ledger, SignupStatus
from bot.ui.messages import Message
from tests.bot.store.factories import FakeClock, new_signup

LEASE = timedelta(seconds=30)


class ScriptedReporter:
    """A reporter whose deliveries fail for the contacts named in ``failing``."""

    def __init__(self, *, raising: set[str], nowhere: set[str]) -> None:
        self.raising = raising
        self.nowhere = nowhere
        self.told: list[str] = []

    async def to_channel(self, message: Message, **_: Any) -> Delivered:
        return self._deliver(message)

    async def to_user(self, message: Message, **_: Any) -> Delivered:
        return self._deliver(message)

    def _deliver(self, message: Message) -> Delivered:
        name = next(n for n in ("Anna", "Bertil", "Cecilia") if n in message.text)
        if name in self.raising:
            raise RuntimeError("Slack is down")
        if name in self.nowhere:
            return Delivered("nowhere")
        self.told.append(name)
        return Delivered("channel", "C01")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def ledger(database_url: str, clock: FakeClock) -> AsyncIterator[Ledger]:
    opened = await Ledger.open(database_url, clock=clock)
    yield opened
    await opened.close()


async def settled(ledger: Ledger, name: str, n: int) -> int:
    signup, _ = await ledger.begin(
        new_signup(contact_id=f"ADR00{n}", view_id=f"V{n}", contact_name=f"{name} Svensson"),
        worker="w1",
        lease=LEASE,
    )
    await ledger.finish(signup.id, SignupStatus.BOOKED, worker="w1")
    return signup.id


def flow(ledger: Ledger, reporter: ScriptedReporter, clock: FakeClock) -> Reconciler:
    return Reconciler(
        # Settled outcomes are only announced: Vitec is not asked.
        machine=BookingMachine(vitec=cast("Any", None), ledger=ledger, worker="w2"),
        announcer=Announcer(cast("Reporter", reporter), ledger),
        ledger=ledger,
        worker="w2",
        lease=LEASE,
    )


async def test_one_failing_announcement_does_not_stop_the_others(
    ledger: Ledger, clock: FakeClock
) -> None:
    ids = [await settled(ledger, name, n) for n, name in enumerate(("Anna", "Bertil", "Cecilia"))]
    clock.advance(LEASE * 2)
    reporter = ScriptedReporter(raising={"Anna"}, nowhere={"Bertil"})

    told = await flow(ledger, reporter, clock).reconcile_stale()

    assert reporter.told == ["Cecilia"]
    assert told == 2, "Bertil's attempt was tried; Anna's raised"
    notified = [(await ledger.get(i)).notified for i in ids]  # type: ignore[union-attr]
    assert notified == [False, False, True], "only the delivered outcome counts as told"


async def test_an_outcome_nobody_could_be_told_of_is_announced_again_later(
    ledger: Ledger, clock: FakeClock
) -> None:
    await settled(ledger, "Bertil", 1)
    clock.advance(LEASE * 2)
    reporter = ScriptedReporter(raising=set(), nowhere={"Bertil"})
    await flow(ledger, reporter, clock).reconcile_stale()
    assert reporter.told == []

    reporter.nowhere.clear()
    clock.advance(LEASE * 2)
    await flow(ledger, reporter, clock).reconcile_stale()
    assert reporter.told == ["Bertil"]

"""A workspace's office reconciles only its own attempts: never another workspace's or office's."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.store import SignupStatus
from tests.bot.store.factories import new_signup

if TYPE_CHECKING:
    from bot.store import Ledger
    from tests.bot.store.factories import FakeClock

LEASE = timedelta(seconds=30)


async def test_stale_attempts_are_claimed_per_office(ledger: Ledger, clock: FakeClock) -> None:
    ids = {}
    for team_id, customer_id in (("T0A", "M30011"), ("T0A", "M30012"), ("T0B", "M30011")):
        signup, _ = await ledger.begin(
            new_signup(f"V{team_id}{customer_id}", team_id=team_id, customer_id=customer_id),
            worker="web-1",
            lease=LEASE,
        )
        ids[team_id, customer_id] = signup.id
    clock.advance(LEASE)

    [mine] = await ledger.claim_stale(worker="w", lease=LEASE, office=("T0A", "M30012"))
    assert mine.id == ids["T0A", "M30012"]
    assert await ledger.claim_stale(worker="w", lease=LEASE, office=("T0C", "M30011")) == []
    rest = await ledger.claim_stale(worker="w", lease=LEASE)
    assert {s.id for s in rest} == {ids["T0A", "M30011"], ids["T0B", "M30011"]}


async def test_untold_outcomes_are_claimed_per_office(ledger: Ledger, clock: FakeClock) -> None:
    for team_id in ("T0A", "T0B"):
        signup, _ = await ledger.begin(
            new_signup(f"V{team_id}", team_id=team_id), worker="web-1", lease=LEASE
        )
        await ledger.finish(signup.id, SignupStatus.BOOKED, worker="web-1")
    clock.advance(LEASE * 2)

    [told] = await ledger.claim_unnotified(
        worker="w", lease=LEASE, grace=LEASE, office=("T0B", "M30011")
    )
    assert told.team_id == "T0B"

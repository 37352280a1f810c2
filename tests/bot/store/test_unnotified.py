"""Outcomes settled by a process that died before telling the agent are announced by another."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.store import SignupStatus
from tests.bot.store.factories import new_signup

if TYPE_CHECKING:
    from bot.store import Ledger
    from tests.bot.store.factories import FakeClock, OpenLedger

LEASE = timedelta(seconds=30)
GRACE = timedelta(minutes=1)


async def settled(ledger: Ledger, contact_id: str, status: SignupStatus) -> int:
    signup, _ = await ledger.begin(new_signup(contact_id=contact_id), worker="w1", lease=LEASE)
    await ledger.finish(signup.id, status, worker="w1")
    return signup.id


async def test_only_untold_outcomes_past_the_grace_period_are_taken(
    ledger: Ledger, clock: FakeClock
) -> None:
    booked = await settled(ledger, "ADR001", SignupStatus.BOOKED)
    told = await settled(ledger, "ADR002", SignupStatus.REFUSED)
    await ledger.mark_notified(told)
    unknown = await settled(ledger, "ADR003", SignupStatus.UNKNOWN)

    assert await ledger.claim_unnotified(worker="w2", lease=LEASE, grace=GRACE) == []
    clock.advance(GRACE)
    [claimed] = await ledger.claim_unnotified(worker="w2", lease=LEASE, grace=GRACE)

    assert (claimed.id, claimed.claimed_by) == (booked, "w2")
    assert unknown != claimed.id, "an unknown outcome is reconciled, not announced"
    assert await ledger.claim_unnotified(worker="w3", lease=LEASE, grace=GRACE) == []


async def test_announcing_releases_the_row_for_good(ledger: Ledger, clock: FakeClock) -> None:
    booked = await settled(ledger, "ADR001", SignupStatus.BOOKED)
    clock.advance(GRACE)
    await ledger.claim_unnotified(worker="w2", lease=LEASE, grace=GRACE)
    await ledger.mark_notified(booked)
    row = await ledger.get(booked)
    assert row is not None
    assert (row.notified, row.claimed_by, row.claim_expires_at) == (True, None, None)
    clock.advance(LEASE * 2)
    assert await ledger.claim_unnotified(worker="w3", lease=LEASE, grace=GRACE) == []


async def test_a_claimer_that_dies_too_leaves_it_for_the_next_after_the_lease(
    ledger: Ledger, clock: FakeClock
) -> None:
    await settled(ledger, "ADR001", SignupStatus.BOOKED)
    clock.advance(GRACE)
    assert len(await ledger.claim_unnotified(worker="w2", lease=LEASE, grace=GRACE)) == 1
    assert await ledger.claim_unnotified(worker="w3", lease=LEASE, grace=GRACE) == []
    clock.advance(LEASE)
    assert len(await ledger.claim_unnotified(worker="w3", lease=LEASE, grace=GRACE)) == 1


async def test_two_processes_never_announce_the_same_outcome(
    open_ledger: OpenLedger, clock: FakeClock
) -> None:
    first, second = await open_ledger(), await open_ledger()
    for n in range(20):
        await settled(first, f"ADR{n:03}", SignupStatus.BOOKED)
    clock.advance(GRACE)
    a, b = await asyncio.gather(
        first.claim_unnotified(worker="w1", lease=LEASE, grace=GRACE, limit=20),
        second.claim_unnotified(worker="w2", lease=LEASE, grace=GRACE, limit=20),
    )
    ids_a, ids_b = {s.id for s in a}, {s.id for s in b}
    assert not ids_a & ids_b
    assert len(ids_a | ids_b) == 20

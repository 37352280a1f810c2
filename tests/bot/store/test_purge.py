"""Retention: settled attempts are deleted after the retention period, unsettled ones blanked."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.store import SignupStatus
from bot.store.ledger import hashed_contact_id
from tests.bot.store.factories import START, new_signup

if TYPE_CHECKING:
    from bot.store import Ledger
    from tests.bot.store.factories import FakeClock, OpenLedger

LEASE = timedelta(seconds=30)
RETENTION = timedelta(days=90)
NON_PERSONAL_BOOKING = {
    "participated": False,
    "reminderTime": 60,
    "smsReminder": True,
    "mailConfirmation": True,
    "smsConfirmation": False,
    "leadSourceId": "LS1",
    "options": {"isDeadlineValidationEnabled": True, "enableBookingLimitValidation": True},
}


async def stored_rows(database_url: str) -> list[str]:
    """Every row of the ledger as text, the way someone reading a backup would see it."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT * FROM signups"))).all()
    finally:
        await engine.dispose()
    return [" ".join(str(value) for value in row) for row in rows]


async def test_a_settled_attempt_is_deleted_after_the_retention_period(
    database_url: str, ledger: Ledger, clock: FakeClock
) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    await ledger.finish(signup.id, SignupStatus.BOOKED, message="Anna Svensson anmäld")
    clock.advance(RETENTION + timedelta(seconds=1))

    assert await ledger.purge(older_than=RETENTION) == 1

    assert await ledger.get(signup.id) is None
    assert await stored_rows(database_url) == []


async def test_every_kind_of_settled_attempt_is_deleted(ledger: Ledger, clock: FakeClock) -> None:
    settled = [
        SignupStatus.BOOKED,
        SignupStatus.ALREADY_BOOKED,
        SignupStatus.REFUSED,
        SignupStatus.FAILED,
    ]
    ids = []
    for n, status in enumerate(settled):
        signup, _ = await ledger.begin(new_signup(contact_id=f"ADR{n}"), worker="w", lease=LEASE)
        await ledger.finish(signup.id, status)
        ids.append(signup.id)
    removed, _ = await ledger.begin(new_signup(contact_id="ADR9"), worker="w", lease=LEASE)
    await ledger.finish(removed.id, SignupStatus.BOOKED)
    await ledger.mark_removed(removed.id)
    clock.advance(RETENTION * 2)

    assert await ledger.purge(older_than=RETENTION) == 5
    assert [await ledger.get(signup_id) for signup_id in [*ids, removed.id]] == [None] * 5


async def test_the_retention_period_counts_from_the_outcome(
    ledger: Ledger, clock: FakeClock
) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    clock.advance(timedelta(days=10))
    await ledger.finish(signup.id, SignupStatus.UNKNOWN)
    clock.advance(timedelta(days=1))
    await ledger.finish(signup.id, SignupStatus.BOOKED)

    clock.advance(RETENTION)
    assert await ledger.purge(older_than=RETENTION) == 0
    clock.advance(timedelta(microseconds=1))
    assert await ledger.purge(older_than=RETENTION) == 1


async def test_recent_attempts_are_kept_whole(ledger: Ledger, clock: FakeClock) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    finished = await ledger.finish(signup.id, SignupStatus.BOOKED)
    clock.advance(RETENTION - timedelta(days=1))

    assert await ledger.purge(older_than=RETENTION) == 0
    assert await ledger.get(signup.id) == finished


async def test_an_unsettled_attempt_whose_viewing_is_still_ahead_is_kept_for_reconciliation(
    ledger: Ledger, clock: FakeClock
) -> None:
    # Booked long in advance: Vitec could not say whether it landed, and the viewing is in a year.
    far_ahead = START + timedelta(days=365)
    signup, _ = await ledger.begin(new_signup(slot_starts_at=far_ahead), worker="dead", lease=LEASE)
    clock.advance(RETENTION * 2)

    assert await ledger.purge(older_than=RETENTION) == 0
    [claimed] = await ledger.claim_stale(worker="web-1", lease=LEASE)
    assert claimed.id == signup.id
    assert claimed.contact_id == "ADR001"
    assert claimed.contact_name == "Anna Svensson"


async def test_an_unsettled_attempt_held_by_a_worker_is_left_to_it(
    ledger: Ledger, clock: FakeClock
) -> None:
    await ledger.begin(new_signup(), worker="dead", lease=LEASE)
    clock.advance(RETENTION * 2)
    [claimed] = await ledger.claim_stale(worker="web-1", lease=LEASE)

    assert await ledger.purge(older_than=RETENTION) == 0
    assert await ledger.get(claimed.id) == claimed


async def test_an_attempt_nobody_could_settle_is_blanked_with_its_contact_id_hashed(
    database_url: str, ledger: Ledger, clock: FakeClock
) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    unknown = await ledger.finish(signup.id, SignupStatus.UNKNOWN, message="Anna Svensson?")
    clock.advance(RETENTION * 2)

    assert await ledger.purge(older_than=RETENTION) == 1

    blanked = await ledger.get(signup.id)
    assert blanked is not None
    assert blanked.purged
    assert blanked.contact_id == "sha256:" + hashlib.sha256(b"ADR001").hexdigest()
    assert blanked.contact_name is None
    assert blanked.response_url is None
    assert blanked.vitec_message is None
    assert blanked.booking == NON_PERSONAL_BOOKING
    # What stays says that someone may be on that viewing, and since when nobody knows.
    kept = [
        *("id", "idempotency_key", "team_id", "user_id", "channel_id", "customer_id"),
        *("estate_id", "viewing_id", "time_slot_id", "estate_address", "status"),
        *("attempts", "slot_starts_at", "slot_ends_at", "created_at", "finished_at"),
    ]
    assert {name: getattr(blanked, name) for name in kept} == {
        name: getattr(unknown, name) for name in kept
    }
    [row] = await stored_rows(database_url)
    for personal in ("ADR001", "Anna", "070-123 45 67", "hooks.slack"):
        assert personal not in row


async def test_a_blanked_attempt_is_neither_reconciled_nor_announced(
    ledger: Ledger, clock: FakeClock
) -> None:
    await ledger.begin(new_signup(), worker="dead", lease=LEASE)
    clock.advance(RETENTION * 2)

    assert await ledger.purge(older_than=RETENTION) == 1
    assert await ledger.claim_stale(worker="web-1", lease=LEASE) == []
    assert await ledger.claim_unnotified(worker="web-1", lease=LEASE, grace=LEASE) == []


async def test_a_blanked_attempt_is_deleted_a_retention_period_later(
    ledger: Ledger, clock: FakeClock
) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="dead", lease=LEASE)
    clock.advance(RETENTION * 2)
    assert await ledger.purge(older_than=RETENTION) == 1

    clock.advance(RETENTION)
    assert await ledger.purge(older_than=RETENTION) == 0
    assert await ledger.get(signup.id) is not None
    clock.advance(timedelta(seconds=1))
    assert await ledger.purge(older_than=RETENTION) == 1
    assert await ledger.get(signup.id) is None


async def test_purge_is_idempotent(ledger: Ledger, clock: FakeClock) -> None:
    for n in range(3):
        signup, _ = await ledger.begin(new_signup(contact_id=f"ADR{n}"), worker="w", lease=LEASE)
        await ledger.finish(signup.id, SignupStatus.BOOKED)
    await ledger.begin(new_signup(contact_id="ADR3"), worker="dead", lease=LEASE)
    clock.advance(RETENTION * 2)

    assert await ledger.purge(older_than=RETENTION) == 4
    after_first = await ledger.recent(team_id="T01", user_id="U01")
    clock.advance(timedelta(days=1))
    assert await ledger.purge(older_than=RETENTION) == 0
    assert await ledger.recent(team_id="T01", user_id="U01") == after_first
    assert [signup.contact_id for signup in after_first] == [hashed_contact_id("ADR3")]


async def test_purge_works_through_more_rows_than_one_batch(
    ledger: Ledger, clock: FakeClock
) -> None:
    for n in range(250):
        signup, _ = await ledger.begin(new_signup(contact_id=f"ADR{n:04}"), worker="w", lease=LEASE)
        if n % 2:
            await ledger.finish(signup.id, SignupStatus.BOOKED)
    clock.advance(RETENTION * 2)

    assert await ledger.purge(older_than=RETENTION) == 250
    assert await ledger.purge(older_than=RETENTION) == 0
    remaining = await ledger.recent(team_id="T01", user_id="U01", limit=300)
    assert len(remaining) == 125
    assert all(signup.purged for signup in remaining)


async def test_two_processes_purging_at_once_purge_each_row_once(
    open_ledger: OpenLedger, clock: FakeClock
) -> None:
    one, two = await open_ledger(), await open_ledger()
    for n in range(30):
        signup, _ = await one.begin(new_signup(contact_id=f"ADR{n:03}"), worker="w", lease=LEASE)
        if n % 3:
            await one.finish(signup.id, SignupStatus.REFUSED)
    clock.advance(RETENTION * 2)

    counts = await asyncio.gather(one.purge(older_than=RETENTION), two.purge(older_than=RETENTION))

    assert sum(counts) == 30
    remaining = await one.recent(team_id="T01", user_id="U01", limit=30)
    assert len(remaining) == 10
    assert all(signup.purged for signup in remaining)

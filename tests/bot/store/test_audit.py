"""The audit trail: records in, read back by time, deleted after the retention period."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.store import AuditAction, Ledger, NewAuditEvent
from tests.bot.store.factories import START, FakeClock

CONTACTS = ("ADR0001", "ADR0002")


def search(user_id: str = "U01", contacts: tuple[str, ...] = CONTACTS) -> NewAuditEvent:
    return NewAuditEvent(
        team_id="T01",
        user_id=user_id,
        action=AuditAction.SEARCH,
        detail="phone",
        customer_id="M30011",
        result_count=len(contacts),
        contact_ids=contacts,
    )


async def test_records_come_back_as_written_oldest_first_with_the_time_they_were_made(
    ledger: Ledger, clock: FakeClock
) -> None:
    await ledger.audit.record(search())
    clock.advance(timedelta(minutes=1))
    undo = NewAuditEvent(
        team_id="T01",
        user_id="U02",
        action=AuditAction.UNDO,
        customer_id="M30011",
        contact_ids=("ADR0001",),
        signup_id=7,
        viewing_id="VIS1",
        time_slot_id="TS1",
    )
    await ledger.audit.record(undo)

    first, second = await ledger.audit.since(START)
    assert (first.at, first.action, first.contact_ids, first.result_count, first.detail) == (
        START,
        AuditAction.SEARCH,
        CONTACTS,
        2,
        "phone",
    )
    assert (second.at, second.user_id, second.signup_id, second.viewing_id) == (
        START + timedelta(minutes=1),
        "U02",
        7,
        "VIS1",
    )


async def test_since_and_until_bound_the_records_read(ledger: Ledger, clock: FakeClock) -> None:
    for user_id in ("U01", "U02", "U03"):
        await ledger.audit.record(search(user_id))
        clock.advance(timedelta(hours=1))
    window = await ledger.audit.since(START + timedelta(hours=1), START + timedelta(hours=2))
    assert [e.user_id for e in window] == ["U02"]


async def test_purge_deletes_records_older_than_the_retention_and_keeps_the_rest(
    ledger: Ledger, clock: FakeClock
) -> None:
    await ledger.audit.record(search("U01"))
    clock.advance(timedelta(days=89))
    await ledger.audit.record(search("U02"))
    clock.advance(timedelta(days=2))

    assert await ledger.audit.purge(older_than=timedelta(days=90)) == 1
    assert [e.user_id for e in await ledger.audit.since(START)] == ["U02"]
    assert await ledger.audit.purge(older_than=timedelta(days=90)) == 0
    with pytest.raises(ValueError, match="positive"):
        await ledger.audit.purge(older_than=timedelta(0))


async def test_a_search_keeps_at_most_a_hundred_contact_ids(ledger: Ledger) -> None:
    many = tuple(f"ADR{n:04d}" for n in range(150))
    await ledger.audit.record(search(contacts=many))
    [event] = await ledger.audit.since(START)
    assert event.contact_ids == many[:100]

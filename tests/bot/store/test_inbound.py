"""Follows, handled notifications and merged contacts, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from bot.store import Follow, Ledger, notification_key
from tests.bot.store.factories import FakeClock, new_signup

LEASE = timedelta(minutes=2)
GOTGATAN = Follow("T01", "C01", "M30011", "OBJ1")


async def test_a_channel_follows_an_estate_once_and_can_stop(ledger: Ledger) -> None:
    assert await ledger.inbound.follow(GOTGATAN, user_id="U01") is True
    assert await ledger.inbound.follow(GOTGATAN, user_id="U02") is False
    other = Follow("T01", "C02", "M30011", "OBJ1")
    await ledger.inbound.follow(other, user_id="U01")

    assert await ledger.inbound.followers("M30011", "OBJ1") == [GOTGATAN, other]
    assert await ledger.inbound.followers("M30011", "OBJ2") == []
    assert await ledger.inbound.followers("M99999", "OBJ1") == []

    assert await ledger.inbound.unfollow(GOTGATAN) is True
    assert await ledger.inbound.unfollow(GOTGATAN) is False
    assert await ledger.inbound.followers("M30011", "OBJ1") == [other]


async def test_a_notification_is_first_delivered_once_until_it_is_purged(
    ledger: Ledger, clock: FakeClock
) -> None:
    key = notification_key("M30011", "ViewingParticipant", "VID1")
    assert await ledger.inbound.first_delivery(key) is True
    assert await ledger.inbound.first_delivery(key) is False
    assert await ledger.inbound.first_delivery(notification_key("M30011", "x", "VID2")) is True

    clock.advance(timedelta(days=2))
    assert await ledger.inbound.purge(older_than=timedelta(days=1)) == 2
    assert await ledger.inbound.first_delivery(key) is True


async def test_merged_contacts_are_re_keyed_to_the_contact_kept(ledger: Ledger) -> None:
    first, _ = await ledger.begin(new_signup("V1", contact_id="ADRGONE"), worker="w1", lease=LEASE)
    second, _ = await ledger.begin(new_signup("V2", contact_id="ADRKEPT"), worker="w1", lease=LEASE)

    assert await ledger.inbound.merge_contacts(["ADRGONE", "ADRKEPT"], "ADRKEPT") == 1
    assert await ledger.inbound.merge_contacts([], "ADRKEPT") == 0

    assert (await ledger.get(first.id)).contact_id == "ADRKEPT"  # type: ignore[union-attr]
    assert (await ledger.get(second.id)).contact_id == "ADRKEPT"  # type: ignore[union-attr]

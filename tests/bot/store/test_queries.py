"""What agents see: `/visning historik` and App Home read the ledger through these queries."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.store import SignupStatus
from tests.bot.store.factories import START, new_signup

if TYPE_CHECKING:
    from bot.store import Ledger, Signup
    from tests.bot.store.factories import FakeClock

LEASE = timedelta(seconds=30)


async def _record(
    ledger: Ledger,
    clock: FakeClock,
    contact_id: str,
    status: SignupStatus | None,
    **changes: Any,
) -> Signup:
    # Each attempt a minute after the previous one, so "newest" is well defined.
    clock.advance(timedelta(minutes=1))
    signup, _ = await ledger.begin(
        new_signup(contact_id=contact_id, **changes), worker="web-1", lease=LEASE
    )
    if status is None:
        return signup
    if status is SignupStatus.REMOVED:
        await ledger.finish(signup.id, SignupStatus.BOOKED)
        return await ledger.mark_removed(signup.id)
    return await ledger.finish(signup.id, status)


def _contacts(signups: list[Signup]) -> list[str]:
    return [signup.contact_id for signup in signups]


async def test_recent_lists_the_agents_attempts_newest_first(
    ledger: Ledger, clock: FakeClock
) -> None:
    await _record(ledger, clock, "ADR1", SignupStatus.BOOKED)
    await _record(ledger, clock, "ADR2", SignupStatus.REFUSED, channel_id="C02")
    await _record(ledger, clock, "ADR3", None)
    await _record(ledger, clock, "ADR4", SignupStatus.BOOKED, user_id="U02")
    await _record(ledger, clock, "ADR5", SignupStatus.BOOKED, team_id="T02")

    everywhere = await ledger.recent(team_id="T01", user_id="U01")
    in_channel = await ledger.recent(team_id="T01", user_id="U01", channel_id="C01")
    latest = await ledger.recent(team_id="T01", user_id="U01", limit=1)

    assert _contacts(everywhere) == ["ADR3", "ADR2", "ADR1"]
    assert [signup.status for signup in everywhere] == [
        SignupStatus.PENDING,
        SignupStatus.REFUSED,
        SignupStatus.BOOKED,
    ]
    assert _contacts(in_channel) == ["ADR3", "ADR1"]
    assert _contacts(latest) == ["ADR3"]


async def test_attempts_recorded_in_the_same_instant_keep_a_stable_order(
    ledger: Ledger,
) -> None:
    for contact_id in ("ADR1", "ADR2", "ADR3"):
        await ledger.begin(new_signup(contact_id=contact_id), worker="web-1", lease=LEASE)

    recent = await ledger.recent(team_id="T01", user_id="U01")

    assert _contacts(recent) == ["ADR3", "ADR2", "ADR1"]


async def test_upcoming_lists_the_agents_contacts_on_viewings_not_over_yet_soonest_first(
    ledger: Ledger, clock: FakeClock
) -> None:
    day = timedelta(days=1)
    await _record(ledger, clock, "LATER", SignupStatus.BOOKED, slot_starts_at=START + 3 * day)
    await _record(ledger, clock, "SOON", SignupStatus.BOOKED, slot_starts_at=START + day)
    await _record(
        ledger, clock, "ALREADY", SignupStatus.ALREADY_BOOKED, slot_starts_at=START + 2 * day
    )
    # Under way when the agent looks below: it started 13 minutes earlier and lasts 30.
    await _record(
        ledger, clock, "NOW", SignupStatus.BOOKED, slot_starts_at=START + timedelta(minutes=-4)
    )
    await _record(ledger, clock, "OVER", SignupStatus.BOOKED, slot_starts_at=START - day)
    await _record(ledger, clock, "UNDONE", SignupStatus.REMOVED, slot_starts_at=START + day)
    await _record(ledger, clock, "REFUSED", SignupStatus.REFUSED, slot_starts_at=START + day)
    await _record(ledger, clock, "WAITING", None, slot_starts_at=START + day)
    await _record(ledger, clock, "OTHER", SignupStatus.BOOKED, user_id="U02")
    assert clock() == START + timedelta(minutes=9)

    upcoming = await ledger.upcoming(team_id="T01", user_id="U01")
    first_two = await ledger.upcoming(team_id="T01", user_id="U01", limit=2)

    assert _contacts(upcoming) == ["NOW", "SOON", "ALREADY", "LATER"]
    assert _contacts(first_two) == ["NOW", "SOON"]


async def test_upcoming_drops_a_viewing_once_it_is_over(ledger: Ledger, clock: FakeClock) -> None:
    signup = await _record(ledger, clock, "ADR1", SignupStatus.BOOKED)

    clock.now = signup.slot_ends_at - timedelta(microseconds=1)
    assert _contacts(await ledger.upcoming(team_id="T01", user_id="U01")) == ["ADR1"]
    clock.now = signup.slot_ends_at
    assert await ledger.upcoming(team_id="T01", user_id="U01") == []


async def test_recent_failures_lists_what_the_agent_must_act_on_newest_first(
    ledger: Ledger, clock: FakeClock
) -> None:
    await _record(ledger, clock, "REFUSED", SignupStatus.REFUSED)
    await _record(ledger, clock, "BOOKED", SignupStatus.BOOKED)
    await _record(ledger, clock, "FAILED", SignupStatus.FAILED)
    await _record(ledger, clock, "WAITING", None)
    await _record(ledger, clock, "UNKNOWN", SignupStatus.UNKNOWN)
    await _record(ledger, clock, "UNDONE", SignupStatus.REMOVED)
    await _record(ledger, clock, "OTHER", SignupStatus.FAILED, team_id="T02")

    failures = await ledger.recent_failures(team_id="T01", user_id="U01")
    latest = await ledger.recent_failures(team_id="T01", user_id="U01", limit=2)

    assert _contacts(failures) == ["UNKNOWN", "FAILED", "REFUSED"]
    assert _contacts(latest) == ["UNKNOWN", "FAILED"]

"""The booking path: one submission books once, and stale attempts are reconciled by one worker."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from bot.store import (
    ClaimLostError,
    SignupNotFoundError,
    SignupStatus,
    TransitionError,
)
from tests.bot.store.factories import new_signup

if TYPE_CHECKING:
    from bot.store import Ledger
    from tests.bot.store.factories import FakeClock, OpenLedger

LEASE = timedelta(seconds=30)


async def test_begin_records_a_pending_attempt_owned_by_the_caller(
    ledger: Ledger, clock: FakeClock
) -> None:
    submission = new_signup()

    signup, owned = await ledger.begin(submission, worker="web-1", lease=LEASE)

    assert owned
    assert signup.status is SignupStatus.PENDING
    assert signup.idempotency_key == submission.idempotency_key
    assert signup.contact_name == "Anna Svensson"
    assert signup.booking == submission.booking
    assert (signup.created_at, signup.updated_at, signup.finished_at) == (clock(), clock(), None)
    assert (signup.claimed_by, signup.claim_expires_at) == ("web-1", clock() + LEASE)
    assert signup.attempts == 1
    assert not signup.purged
    assert not signup.notified
    assert await ledger.get(signup.id) == signup
    assert await ledger.by_key(submission.idempotency_key) == signup


async def test_a_second_delivery_gets_the_first_ones_row_and_does_not_own_it(
    ledger: Ledger,
) -> None:
    first, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)

    again, owned = await ledger.begin(new_signup(), worker="web-2", lease=LEASE)

    assert not owned
    assert again == first


async def test_a_second_delivery_after_the_outcome_answers_with_that_outcome(
    ledger: Ledger,
) -> None:
    first, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    booked = await ledger.finish(first.id, SignupStatus.BOOKED, worker="web-1")

    again, owned = await ledger.begin(new_signup(), worker="web-2", lease=LEASE)

    assert not owned
    assert again == booked


async def test_ten_concurrent_deliveries_of_one_submission_make_one_row_and_one_owner(
    open_ledger: OpenLedger,
) -> None:
    # Ten processes (engines of their own) receive the same submission at the same moment.
    ledgers = [await open_ledger() for _ in range(10)]
    # Connections are opened first so that the deliveries really meet in the database.
    await asyncio.gather(*(ledger.get(0) for ledger in ledgers))

    results = await asyncio.gather(
        *(
            ledger.begin(new_signup(), worker=f"web-{i}", lease=LEASE)
            for i, ledger in enumerate(ledgers)
        )
    )

    assert [owned for _, owned in results].count(True) == 1
    assert len({signup.id for signup, _ in results}) == 1
    assert len(await ledgers[0].recent(team_id="T01", user_id="U01")) == 1


async def test_a_submission_that_certainly_did_not_book_is_taken_on_again(
    ledger: Ledger, clock: FakeClock
) -> None:
    first, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    await ledger.finish(first.id, SignupStatus.REFUSED, message="Visningen är fullbokad")
    clock.advance(timedelta(seconds=20))
    corrected = new_signup(booking={"leadSourceId": "LS2"}, contact_name="Anna S.")

    retaken, owned = await ledger.begin(corrected, worker="web-2", lease=LEASE)

    assert owned
    assert retaken.id == first.id
    assert retaken.status is SignupStatus.PENDING
    assert (retaken.booking, retaken.contact_name) == ({"leadSourceId": "LS2"}, "Anna S.")
    assert (retaken.vitec_message, retaken.finished_at) == (None, None)
    assert (retaken.claimed_by, retaken.claim_expires_at) == ("web-2", clock() + LEASE)
    assert retaken.attempts == 2
    assert retaken.created_at == first.created_at
    assert retaken.updated_at == clock()


async def test_concurrent_resubmissions_after_a_failure_have_one_owner(
    open_ledger: OpenLedger,
) -> None:
    ledgers = [await open_ledger() for _ in range(5)]
    first, _ = await ledgers[0].begin(new_signup(), worker="web-0", lease=LEASE)
    await ledgers[0].finish(first.id, SignupStatus.FAILED)

    results = await asyncio.gather(
        *(
            ledger.begin(new_signup(), worker=f"web-{i}", lease=LEASE)
            for i, ledger in enumerate(ledgers)
        )
    )

    assert [owned for _, owned in results].count(True) == 1
    signup = await ledgers[0].get(first.id)
    assert signup is not None
    assert (signup.status, signup.attempts) == (SignupStatus.PENDING, 2)


@pytest.mark.parametrize(
    "status", [SignupStatus.BOOKED, SignupStatus.ALREADY_BOOKED, SignupStatus.UNKNOWN]
)
async def test_a_submission_that_may_have_booked_is_never_taken_on_again(
    ledger: Ledger, status: SignupStatus
) -> None:
    first, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    settled = await ledger.finish(first.id, status)

    again, owned = await ledger.begin(new_signup(), worker="web-2", lease=LEASE)

    assert not owned
    assert again == settled


async def test_other_slots_and_contacts_of_the_same_form_are_separate_attempts(
    ledger: Ledger,
) -> None:
    one, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    other_contact, owned_contact = await ledger.begin(
        new_signup(contact_id="ADR002"), worker="web-1", lease=LEASE
    )
    other_slot, owned_slot = await ledger.begin(
        new_signup(time_slot_id="TS002"), worker="web-1", lease=LEASE
    )

    assert owned_contact
    assert owned_slot
    assert len({one.id, other_contact.id, other_slot.id}) == 3


async def test_finish_records_the_outcome_and_releases_the_claim(
    ledger: Ledger, clock: FakeClock
) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    clock.advance(timedelta(seconds=1))

    refused = await ledger.finish(
        signup.id,
        SignupStatus.REFUSED,
        message="Sista anmälningsdag har passerat",
        error_field="time_slot",
        worker="web-1",
    )

    assert refused.status is SignupStatus.REFUSED
    assert refused.vitec_message == "Sista anmälningsdag har passerat"
    assert refused.error_field == "time_slot"
    assert (refused.finished_at, refused.updated_at) == (clock(), clock())
    assert (refused.claimed_by, refused.claim_expires_at) == (None, None)
    assert await ledger.get(signup.id) == refused


async def test_an_unknown_outcome_can_be_settled_later_and_is_news_again(
    ledger: Ledger,
) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    await ledger.finish(signup.id, SignupStatus.UNKNOWN, message="Inget svar från Vitec")
    await ledger.mark_notified(signup.id)

    booked = await ledger.finish(signup.id, SignupStatus.BOOKED, worker="reconciler")

    assert booked.status is SignupStatus.BOOKED
    assert booked.vitec_message is None
    assert not booked.notified


@pytest.mark.parametrize(
    "settled",
    [
        SignupStatus.BOOKED,
        SignupStatus.ALREADY_BOOKED,
        SignupStatus.REFUSED,
        SignupStatus.FAILED,
    ],
)
async def test_a_settled_outcome_is_not_overwritten(ledger: Ledger, settled: SignupStatus) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    await ledger.finish(signup.id, settled)

    with pytest.raises(TransitionError) as raised:
        await ledger.finish(signup.id, SignupStatus.UNKNOWN)

    assert not isinstance(raised.value, ClaimLostError)
    assert raised.value.signup.status is settled


@pytest.mark.parametrize("status", [SignupStatus.PENDING, SignupStatus.REMOVED])
async def test_finish_takes_only_outcomes_of_a_call(ledger: Ledger, status: SignupStatus) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)

    with pytest.raises(ValueError, match="not an outcome"):
        await ledger.finish(signup.id, status)


async def test_changes_to_a_missing_attempt_say_so(ledger: Ledger) -> None:
    with pytest.raises(SignupNotFoundError):
        await ledger.finish(404, SignupStatus.BOOKED)
    with pytest.raises(SignupNotFoundError):
        await ledger.mark_notified(404)
    with pytest.raises(SignupNotFoundError):
        await ledger.mark_removed(404)
    assert await ledger.get(404) is None
    assert await ledger.by_key("0" * 64) is None


async def test_mark_notified_remembers_the_agent_was_told(ledger: Ledger) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    await ledger.finish(signup.id, SignupStatus.BOOKED)

    await ledger.mark_notified(signup.id)

    told = await ledger.get(signup.id)
    assert told is not None
    assert told.notified


@pytest.mark.parametrize("booked", [SignupStatus.BOOKED, SignupStatus.ALREADY_BOOKED])
async def test_undo_marks_a_booking_removed_and_repeating_it_is_harmless(
    ledger: Ledger, clock: FakeClock, booked: SignupStatus
) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    finished = await ledger.finish(signup.id, booked)
    clock.advance(timedelta(minutes=5))

    removed = await ledger.mark_removed(signup.id)
    clock.advance(timedelta(minutes=1))
    again = await ledger.mark_removed(signup.id)

    assert removed.status is SignupStatus.REMOVED
    assert removed.updated_at == clock() - timedelta(minutes=1)
    assert removed.finished_at == finished.finished_at
    assert again == removed


@pytest.mark.parametrize(
    "status", [SignupStatus.REFUSED, SignupStatus.FAILED, SignupStatus.UNKNOWN]
)
async def test_only_a_booking_can_be_undone(ledger: Ledger, status: SignupStatus) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    await ledger.finish(signup.id, status)

    with pytest.raises(TransitionError):
        await ledger.mark_removed(signup.id)


async def test_a_pending_attempt_cannot_be_undone(ledger: Ledger) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)

    with pytest.raises(TransitionError):
        await ledger.mark_removed(signup.id)


async def test_a_claim_is_not_stale_until_its_lease_runs_out(
    ledger: Ledger, clock: FakeClock
) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)

    clock.advance(LEASE - timedelta(microseconds=1))
    assert await ledger.claim_stale(worker="web-2", lease=LEASE) == []

    clock.advance(timedelta(microseconds=1))
    [claimed] = await ledger.claim_stale(worker="web-2", lease=LEASE)
    assert claimed.id == signup.id
    assert (claimed.claimed_by, claimed.claim_expires_at) == ("web-2", clock() + LEASE)
    assert claimed.attempts == 2
    assert claimed.status is SignupStatus.PENDING


async def test_unknown_outcomes_are_claimable_at_once_and_settled_ones_never(
    ledger: Ledger,
) -> None:
    unknown, _ = await ledger.begin(new_signup(contact_id="ADR001"), worker="web-1", lease=LEASE)
    await ledger.finish(unknown.id, SignupStatus.UNKNOWN)
    for contact_id, status in [("ADR002", SignupStatus.BOOKED), ("ADR003", SignupStatus.FAILED)]:
        settled, _ = await ledger.begin(new_signup(contact_id=contact_id), worker="w", lease=LEASE)
        await ledger.finish(settled.id, status)

    claimed = await ledger.claim_stale(worker="reconciler", lease=LEASE)

    assert [signup.id for signup in claimed] == [unknown.id]
    assert claimed[0].status is SignupStatus.UNKNOWN


async def test_stale_attempts_are_claimed_oldest_first_up_to_the_limit(
    ledger: Ledger, clock: FakeClock
) -> None:
    ids = []
    for n in range(4):
        signup, _ = await ledger.begin(new_signup(contact_id=f"ADR{n}"), worker="dead", lease=LEASE)
        ids.append(signup.id)
        clock.advance(timedelta(seconds=1))
    clock.advance(LEASE)

    first = await ledger.claim_stale(worker="web-1", lease=LEASE, limit=3)
    rest = await ledger.claim_stale(worker="web-1", lease=LEASE, limit=3)

    assert [signup.id for signup in first] == ids[:3]
    assert [signup.id for signup in rest] == ids[3:]


async def test_two_processes_claiming_at_once_never_get_the_same_attempt(
    open_ledger: OpenLedger, clock: FakeClock
) -> None:
    one, two = await open_ledger(), await open_ledger()
    for n in range(20):
        await one.begin(new_signup(contact_id=f"ADR{n:03}"), worker="dead", lease=LEASE)
    clock.advance(LEASE)
    await asyncio.gather(one.get(0), two.get(0))

    claimed_by_one, claimed_by_two = await asyncio.gather(
        one.claim_stale(worker="web-1", lease=LEASE, limit=15),
        two.claim_stale(worker="web-2", lease=LEASE, limit=15),
    )

    ids_one = {signup.id for signup in claimed_by_one}
    ids_two = {signup.id for signup in claimed_by_two}
    assert not ids_one & ids_two
    assert len(ids_one | ids_two) == 20
    assert {signup.claimed_by for signup in claimed_by_one} <= {"web-1"}
    assert {signup.claimed_by for signup in claimed_by_two} <= {"web-2"}


async def test_a_worker_whose_attempt_was_taken_over_cannot_record_an_outcome(
    ledger: Ledger, clock: FakeClock
) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    clock.advance(LEASE)
    await ledger.claim_stale(worker="web-2", lease=LEASE)

    with pytest.raises(ClaimLostError) as raised:
        await ledger.finish(signup.id, SignupStatus.BOOKED, worker="web-1")
    finished = await ledger.finish(signup.id, SignupStatus.BOOKED, worker="web-2")

    assert raised.value.signup.claimed_by == "web-2"
    assert finished.status is SignupStatus.BOOKED


async def test_a_late_answer_still_counts_when_nobody_took_the_attempt_over(
    ledger: Ledger, clock: FakeClock
) -> None:
    signup, _ = await ledger.begin(new_signup(), worker="web-1", lease=LEASE)
    clock.advance(LEASE * 2)

    finished = await ledger.finish(signup.id, SignupStatus.BOOKED, worker="web-1")

    assert finished.status is SignupStatus.BOOKED


async def test_nonsense_durations_and_limits_are_refused(ledger: Ledger) -> None:
    with pytest.raises(ValueError, match="lease"):
        await ledger.begin(new_signup(), worker="web-1", lease=timedelta(0))
    with pytest.raises(ValueError, match="limit"):
        await ledger.claim_stale(worker="web-1", lease=LEASE, limit=0)
    with pytest.raises(ValueError, match="older_than"):
        await ledger.purge(older_than=timedelta(days=-1))

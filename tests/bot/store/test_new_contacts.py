"""A new contact's attempt: a stand-in contact id until Vitec answers, then the real one."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.store import (
    ClaimLostError,
    ContactOrigin,
    Ledger,
    NewSignup,
    SignupStatus,
    TransitionError,
    is_stand_in,
    new_contact_key,
    stand_in_contact_id,
)
from tests.bot.store.factories import FakeClock, new_signup

LEASE = timedelta(seconds=30)
PERSON = ("anna", "nystrom", "0709998877", "")
REAL_ID = "ADR" + "AB" * 16


def stand_in_signup() -> NewSignup:
    key = new_contact_key("TS001", PERSON)
    return new_signup(
        contact_id=stand_in_contact_id(key), time_slot_id="TS001", idempotency_key=key
    )


async def test_vitecs_answer_replaces_the_stand_in(ledger: Ledger) -> None:
    signup, owned = await ledger.begin(stand_in_signup(), worker="w1", lease=LEASE)
    assert owned
    assert is_stand_in(signup.contact_id)
    assert signup.contact_origin is None

    assigned = await ledger.assign_contact(signup.id, REAL_ID, ContactOrigin.FOUND, worker="w1")
    done = await ledger.finish(signup.id, SignupStatus.BOOKED, worker="w1")

    assert (assigned.contact_id, assigned.contact_origin) == (REAL_ID, "found")
    assert (done.status, done.contact_id, done.contact_origin) == (
        SignupStatus.BOOKED,
        REAL_ID,
        "found",
    )
    with pytest.raises(TransitionError):
        await ledger.assign_contact(signup.id, "ADR" + "CD" * 16, None)


async def test_only_the_worker_holding_the_attempt_may_name_the_contact(
    ledger: Ledger, clock: FakeClock
) -> None:
    signup, _ = await ledger.begin(stand_in_signup(), worker="w1", lease=LEASE)
    with pytest.raises(ClaimLostError):
        await ledger.assign_contact(signup.id, REAL_ID, None, worker="w2")
    clock.advance(LEASE + timedelta(seconds=1))
    taken = await ledger.assign_contact(signup.id, REAL_ID, ContactOrigin.CREATED, worker="w2")
    assert taken.contact_origin == "created"


def test_the_key_is_the_slot_and_the_person() -> None:
    assert new_contact_key("TS001", PERSON) != new_contact_key("TS002", PERSON)
    assert is_stand_in(stand_in_contact_id(new_contact_key("TS001", PERSON)))
    assert not is_stand_in(REAL_ID)
    with pytest.raises(ValueError, match="person"):
        new_contact_key("TS001", ("", "", "", ""))

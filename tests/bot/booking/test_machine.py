"""The booking state machine: what Vitec receives, and how each of its answers ends an attempt."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.booking.machine import BookingMachine, booking_body
from bot.domain import ReminderChoice, SignupForm
from bot.outcome import Outcome
from bot.store import AuditAction, Ledger, NewSignup, Signup, SignupStatus, idempotency_key
from bot.tasks import BackgroundTasks
from bot.vitec.client import RetryPolicy, VitecClient, create_http_client
from devtools.simulator import AppliedThenError, Faults, ForcedStatus, Simulator, known
from tests.bot.booking.network import Fault, Network
from tests.bot.store.factories import FakeClock
from tests.conftest import FIXED_NOW, no_sleep

FORM = SignupForm(
    customer_id="M30011",
    estate_id="OBJ1_1",
    viewing_id="VIS1",
    time_slot_id="TS1",
    contact_id="ADR" + "0" * 32,
    reminder=ReminderChoice.NONE,
    sms_reminder=False,
    mail_confirmation=False,
    sms_confirmation=True,
    contact_message=None,
    lead_source_id=None,
    participated=True,
    check_deadline=False,
    check_capacity=True,
    channel_id="C1",
    slot_starts_at=datetime(2026, 12, 5, 12, tzinfo=UTC),
    slot_ends_at=datetime(2026, 12, 5, 13, tzinfo=UTC),
)


def test_unset_choices_are_left_out_of_the_booking_not_sent_as_null() -> None:
    assert booking_body(FORM).to_wire() == {
        "participated": True,
        "smsReminder": False,
        "mailConfirmation": False,
        "smsConfirmation": True,
        "options": {"isDeadlineValidationEnabled": False, "enableBookingLimitValidation": True},
    }


# --- The state machine over the in-process simulator: one test per row of its table -------------

BOOKING_CALL = "Viewing/"
FOLLOW_UP = "ViewingParticipant/"
LEASE = timedelta(minutes=2)

ASA = SignupForm(
    customer_id=known.SODERMALM,
    estate_id=known.ESTATE_ID,
    viewing_id=known.VIEWING_ID,
    time_slot_id=known.SLOT_ID,
    contact_id=known.ASA_OBERG,
    reminder=ReminderChoice.HOUR_1,
    sms_reminder=True,
    mail_confirmation=True,
    sms_confirmation=False,
    contact_message=None,
    lead_source_id=None,
    participated=False,
    check_deadline=True,
    check_capacity=True,
    channel_id="C0VISNING",
)


@dataclass
class Rig:
    """The machine on a ledger and a Vitec simulator behind a network of the test's making."""

    simulator: Simulator
    network: Network
    ledger: Ledger
    clock: FakeClock
    tasks: BackgroundTasks
    vitec: VitecClient

    def machine(self, worker: str = "w1") -> BookingMachine:
        return BookingMachine(vitec=self.vitec, ledger=self.ledger, worker=worker)

    async def attempt(self, form: SignupForm = ASA, view_id: str = "V0FORM") -> Signup:
        """The ledger's pending row for one submission of ``form``."""
        starts_at = FIXED_NOW + timedelta(days=3)
        new = NewSignup(
            idempotency_key=idempotency_key(view_id, form.time_slot_id, form.contact_id),
            team_id="T0VISNING",
            user_id="U0AGNETA",
            channel_id=form.channel_id,
            response_url=None,
            customer_id=form.customer_id,
            estate_id=form.estate_id,
            viewing_id=form.viewing_id,
            time_slot_id=form.time_slot_id,
            contact_id=form.contact_id,
            slot_starts_at=starts_at,
            slot_ends_at=starts_at + timedelta(minutes=45),
            contact_name="Åsa Öberg",
            estate_address="Götgatan 14",
            booking=booking_body(form).to_wire(),
            language="sv",
        )
        signup, created = await self.ledger.begin(new, worker="w1", lease=LEASE)
        assert created
        return signup

    async def book(self, form: SignupForm = ASA, view_id: str = "V0FORM") -> Outcome:
        """One submission, booked; the outcome as the ledger recorded it."""
        outcome = await self.machine().book(await self.attempt(form, view_id), form)
        recorded = await self.ledger.get(outcome.signup.id)
        assert recorded == outcome.signup, "the outcome is what the ledger holds"
        return outcome

    def booking_calls(self) -> int:
        """How many booking requests Vitec received."""
        return sum(
            1
            for r in self.simulator.state.requests
            if r.method == "POST" and r.path.lstrip("/").startswith(BOOKING_CALL)
        )

    def booked(self, contact_id: str = known.ASA_OBERG) -> int:
        """How many times Vitec holds the contact on the well-known viewing."""
        return sum(
            1
            for b in self.simulator.state.active_bookings()
            if (b.viewing_id, b.contact_id) == (known.VIEWING_ID, contact_id)
        )


@pytest.fixture
async def rig(simulator: Simulator, sqlite_url: str) -> AsyncIterator[Rig]:
    network = Network(simulator)
    http = create_http_client(
        "http://vitec.test",
        known.USERNAME,
        known.PASSWORDS[known.SODERMALM],
        transport=network,
    )
    vitec = VitecClient(http, retry=RetryPolicy(), sleep=no_sleep, jitter=lambda: 0.5)
    clock = FakeClock(FIXED_NOW)
    ledger = await Ledger.open(sqlite_url, clock=clock)
    tasks = BackgroundTasks()
    yield Rig(simulator, network, ledger, clock, tasks, vitec)
    await tasks.drain(5)
    await ledger.close()
    await vitec.aclose()


def outcome_of(outcome: Outcome) -> tuple[SignupStatus, str | None, str | None]:
    return outcome.status, outcome.reason, outcome.signup.vitec_message


async def test_a_booking_vitec_takes_is_booked_once_with_the_forms_choices(rig: Rig) -> None:
    outcome = await rig.book()

    assert outcome_of(outcome) == (SignupStatus.BOOKED, None, None)
    assert (rig.booking_calls(), rig.booked()) == (1, 1)
    [record] = [b for b in rig.simulator.state.active_bookings() if b.contact_id == known.ASA_OBERG]
    assert record.body == booking_body(ASA).to_wire()
    await rig.tasks.drain(5)
    [event] = await rig.ledger.audit.since(FIXED_NOW - timedelta(days=1))
    assert (event.action, event.detail, event.signup_id) == (
        AuditAction.BOOK,
        "booked",
        outcome.signup.id,
    )


async def test_a_contact_already_on_the_viewing_is_not_booked_again(rig: Rig) -> None:
    await rig.book(view_id="V0FIRST")

    outcome = await rig.book(view_id="V0SECOND")

    assert outcome_of(outcome) == (SignupStatus.ALREADY_BOOKED, None, None)
    assert (rig.booking_calls(), rig.booked()) == (1, 1)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (401, (SignupStatus.FAILED, "auth", "401")),
        (403, (SignupStatus.FAILED, "forbidden", "403")),
        # Vitec cannot say whether the contact is on the viewing: booking now could book twice.
        (503, (SignupStatus.FAILED, "unavailable", "HTTP 503")),
        (404, (SignupStatus.FAILED, "unavailable", "HTTP 404")),
    ],
)
async def test_a_look_up_before_booking_that_fails_books_nothing(
    rig: Rig, status: int, expected: tuple[SignupStatus, str, str]
) -> None:
    rig.simulator.state.faults = Faults(
        forced_status=ForcedStatus(status=status, count=3, path_prefix=FOLLOW_UP)
    )

    outcome = await rig.book()

    assert outcome_of(outcome) == expected
    assert (rig.booking_calls(), rig.booked()) == (0, 0)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (401, (SignupStatus.FAILED, "auth", "401")),
        (403, (SignupStatus.FAILED, "forbidden", "403")),
        (404, (SignupStatus.REFUSED, "not_found", "404")),
    ],
)
async def test_a_booking_call_vitec_refuses_settles_at_once(
    rig: Rig, status: int, expected: tuple[SignupStatus, str, str]
) -> None:
    rig.simulator.state.faults = Faults(
        forced_status=ForcedStatus(status=status, method="POST", path_prefix=BOOKING_CALL)
    )

    outcome = await rig.book()

    assert outcome_of(outcome) == expected
    assert (rig.booking_calls(), rig.booked()) == (1, 0)


async def test_a_refusal_keeps_vitecs_words_and_the_field_they_concern(rig: Rig) -> None:
    full = replace(
        ASA,
        estate_id=known.FULL_ESTATE_ID,
        viewing_id=known.FULL_VIEWING_ID,
        time_slot_id=known.FULL_SLOT_ID,
    )

    outcome = await rig.book(full)

    said = "Visningstiden är fullbokad.; Begäran är ogiltig."
    assert outcome_of(outcome) == (SignupStatus.REFUSED, "refused", said)
    assert outcome.signup.error_field == "timeSlotId"
    assert [(m.field, m.message) for m in outcome.messages] == [
        ("timeSlotId", "Visningstiden är fullbokad."),
        (None, "Begäran är ogiltig."),
    ]
    assert rig.booked() == 0


async def test_a_booking_that_never_reached_vitec_failed_and_is_said_so(rig: Rig) -> None:
    # The client tries a refused connection three times; none of them reached Vitec.
    rig.network.faults = [Fault("POST", BOOKING_CALL, "refused", times=3)]

    outcome = await rig.book()

    assert outcome_of(outcome) == (SignupStatus.FAILED, "unavailable", "ConnectError")
    assert (rig.booking_calls(), rig.booked()) == (0, 0)


async def test_a_booking_stored_behind_an_error_is_found_and_counts_as_booked(rig: Rig) -> None:
    rig.simulator.state.faults = Faults(
        applied_then_error=AppliedThenError(method="POST", path_prefix=BOOKING_CALL)
    )

    outcome = await rig.book()

    assert outcome_of(outcome) == (SignupStatus.BOOKED, None, None)
    assert (rig.booking_calls(), rig.booked()) == (1, 1)


async def test_a_booking_vitec_shows_it_did_not_take_is_sent_once_more(rig: Rig) -> None:
    rig.simulator.state.faults = Faults(
        forced_status=ForcedStatus(status=503, method="POST", path_prefix=BOOKING_CALL)
    )

    outcome = await rig.book()

    assert outcome_of(outcome) == (SignupStatus.BOOKED, None, None)
    assert (rig.booking_calls(), rig.booked()) == (2, 1)


async def test_a_booking_that_fails_twice_without_landing_failed(rig: Rig) -> None:
    rig.simulator.state.faults = Faults(
        forced_status=ForcedStatus(status=503, count=2, method="POST", path_prefix=BOOKING_CALL)
    )

    outcome = await rig.book()

    assert outcome_of(outcome) == (SignupStatus.FAILED, "unavailable", "HTTP 503")
    assert (rig.booking_calls(), rig.booked()) == (2, 0)


async def test_a_lost_answer_vitec_cannot_settle_leaves_the_outcome_unknown(rig: Rig) -> None:
    rig.network.faults = [
        Fault("POST", BOOKING_CALL, "answer_lost"),
        # The look-up before booking passes; every look-up after the lost answer fails.
        Fault("GET", FOLLOW_UP, "refused", times=3, skip=1),
    ]

    outcome = await rig.book()

    assert outcome_of(outcome) == (SignupStatus.UNKNOWN, "unknown", "Timeout")
    assert (rig.booking_calls(), rig.booked()) == (1, 1), "booked, though nobody knows yet"


async def test_a_first_request_that_lands_late_is_the_booking_not_a_refusal(rig: Rig) -> None:
    # The first booking times out and is not on the viewing when asked; it lands just after,
    # so the second is refused as already booked. Vitec then shows the first: booked, once.
    rig.network.faults = [Fault("POST", BOOKING_CALL, "late")]

    outcome = await rig.book()

    assert outcome_of(outcome) == (SignupStatus.BOOKED, None, None)
    assert (rig.booking_calls(), rig.booked()) == (2, 1)


async def test_an_attempt_another_worker_took_over_is_left_to_that_worker(rig: Rig) -> None:
    signup = await rig.attempt()
    rig.clock.advance(LEASE * 2)
    assert len(await rig.ledger.claim_stale(worker="w2", lease=LEASE)) == 1

    outcome = await rig.machine("w1").book(signup, ASA)

    assert (outcome.status, outcome.reason) == (SignupStatus.PENDING, "unknown")
    assert outcome.signup.claimed_by == "w2"
    assert rig.booked() == 1, "Vitec has it; w2 finds it there and records it"

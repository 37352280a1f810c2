"""The real Vitec client against the simulator: the whole booking story, refusals and faults.

The simulator writes Vitec's JSON by hand, so these tests check the client's paths, bodies and
parsing against an independent reading of the API notes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime

import httpx
import pytest

from bot.clock import STOCKHOLM
from bot.vitec.client import VitecClient, create_http_client
from bot.vitec.errors import (
    VitecAuthError,
    VitecForbiddenError,
    VitecNotFoundError,
    VitecRateLimitedError,
    VitecResponseError,
    VitecServerError,
    VitecValidationError,
)
from bot.vitec.models import AddViewingParticipant, BookingOptions, EstateStatusFilter
from devtools.simulator import (
    AppliedThenError,
    ErrorBodyShape,
    Faults,
    ForcedStatus,
    NonJson,
    RateLimit,
    Simulator,
    SimulatorConfig,
    known,
)

from .conftest import RecordingSleep

OFFICE = known.SODERMALM
BOOKING = AddViewingParticipant(
    participated=False,
    reminder_time=120,
    sms_reminder=True,
    mail_confirmation=True,
    sms_confirmation=False,
    contact_message="Vi kommer gärna på visningen.",
    lead_source_id=known.LEAD_SOURCE_ID,
)


def _client(
    sim: Simulator, sleep: RecordingSleep, office: str = OFFICE, password: str | None = None
) -> VitecClient:
    http = create_http_client(
        base_url="http://vitec.test",
        username=known.USERNAME,
        password=password if password is not None else known.PASSWORDS[office],
        transport=httpx.ASGITransport(sim.app),
    )
    return VitecClient(http, sleep=sleep, jitter=lambda: 0.5)


@pytest.fixture
async def vitec(sim: Simulator, sleep: RecordingSleep) -> AsyncIterator[VitecClient]:
    async with _client(sim, sleep) as client:
        yield client


async def test_the_booking_story(sim: Simulator, vitec: VitecClient) -> None:
    # The estate picker: every for-sale and coming estate, page by page.
    status = EstateStatusFilter.FOR_SALE | EstateStatusFilter.COMING
    first = await vitec.estates(OFFICE, status=status, page_size=10)
    ids = [row.id for row in first.rows]
    for index in range(1, first.count):
        page = await vitec.estates(OFFICE, status=status, page_size=10, page_index=index)
        ids += [row.id for row in page.rows]
    assert len(ids) == first.total_row_count
    assert ids[0] == known.ESTATE_ID
    estate = await vitec.estate(OFFICE, known.ESTATE_ID)
    assert estate.address is not None
    assert estate.address.street_address == known.ESTATE_STREET
    assert estate.reference_id == known.ESTATE_REFERENCE

    # The slot picker.
    viewings = await vitec.viewings(OFFICE, known.ESTATE_ID)
    upcoming = next(v for v in viewings if v.id == known.VIEWING_ID)
    (slot,) = upcoming.time_slots
    assert slot.id == known.SLOT_ID
    assert slot.booked == known.SLOT_BOOKED
    assert slot.starts_at == datetime(2026, 12, 4, 17, 30, tzinfo=STOCKHOLM)
    assert upcoming.participant_per_time_slot == known.SLOT_CAPACITY

    # The booking, exactly as Vitec received it.
    await vitec.book_participant(OFFICE, known.VIEWING_ID, known.SLOT_ID, known.ASA_OBERG, BOOKING)
    (record,) = sim.state.bookings
    assert record.body == BOOKING.to_wire()
    assert record.body["options"] == {
        "isDeadlineValidationEnabled": True,
        "enableBookingLimitValidation": True,
    }
    assert (record.viewing_id, record.time_slot_id, record.contact_id) == (
        known.VIEWING_ID,
        known.SLOT_ID,
        known.ASA_OBERG,
    )

    # Seen afterwards through every read.
    viewings = await vitec.viewings(OFFICE, known.ESTATE_ID)
    slot = next(v for v in viewings if v.id == known.VIEWING_ID).time_slots[0]
    assert slot.booked == known.SLOT_BOOKED + 1
    (follow_up,) = await vitec.participant_follow_up(OFFICE, known.ASA_OBERG, known.VIEWING_ID)
    assert (follow_up.time_slot_id, follow_up.contact_id, follow_up.contacted) == (
        known.SLOT_ID,
        known.ASA_OBERG,
        "No",
    )

    # Undo.
    await vitec.remove_participant(OFFICE, known.VIEWING_ID, known.SLOT_ID, known.ASA_OBERG)
    assert await vitec.participant_follow_up(OFFICE, known.ASA_OBERG, known.VIEWING_ID) == ()
    viewings = await vitec.viewings(OFFICE, known.ESTATE_ID)
    slot = next(v for v in viewings if v.id == known.VIEWING_ID).time_slots[0]
    assert slot.booked == known.SLOT_BOOKED
    assert sim.state.active_bookings() == []


async def _refusal(vitec: VitecClient, viewing_id: str, slot_id: str, **fields: object) -> str:
    booking = AddViewingParticipant.model_validate(fields)
    with pytest.raises(VitecValidationError) as caught:
        await vitec.book_participant(OFFICE, viewing_id, slot_id, known.ASA_OBERG, booking)
    # The reason with its field comes first; the body's general sentence may follow it.
    message = caught.value.messages[0]
    assert message.field is not None
    return message.field


async def test_capacity_refusal_names_the_slot(vitec: VitecClient) -> None:
    assert await _refusal(vitec, known.FULL_VIEWING_ID, known.FULL_SLOT_ID) == "timeSlotId"


async def test_deadline_refusal_names_the_slot(vitec: VitecClient) -> None:
    assert await _refusal(vitec, known.LATE_VIEWING_ID, known.LATE_SLOT_ID) == "timeSlotId"


async def test_checks_can_be_switched_off(sim: Simulator, vitec: VitecClient) -> None:
    off = AddViewingParticipant(
        options=BookingOptions(
            is_deadline_validation_enabled=False, enable_booking_limit_validation=False
        )
    )
    for viewing_id, slot_id in (
        (known.FULL_VIEWING_ID, known.FULL_SLOT_ID),
        (known.LATE_VIEWING_ID, known.LATE_SLOT_ID),
    ):
        await vitec.book_participant(OFFICE, viewing_id, slot_id, known.ASA_OBERG, off)
    assert len(sim.state.bookings) == 2


async def test_workflow_lead_source_refusal(vitec: VitecClient) -> None:
    field = await _refusal(
        vitec, known.VIEWING_ID, known.SLOT_ID, lead_source_id=known.WORKFLOW_LEAD_SOURCE_ID
    )
    assert field == "leadSourceId"


async def test_already_booked_refusal_names_the_contact(vitec: VitecClient) -> None:
    await vitec.book_participant(
        OFFICE, known.VIEWING_ID, known.SLOT_ID, known.ASA_OBERG, AddViewingParticipant()
    )
    assert await _refusal(vitec, known.VIEWING_ID, known.SLOT_ID) == "contactId"


@pytest.mark.parametrize(
    ("shape", "field"), [("aspnet", "leadSourceId"), ("problem", "leadSourceId"), ("text", None)]
)
async def test_every_error_body_shape_reaches_the_agent(
    make_sim: Callable[[SimulatorConfig | None], Simulator],
    sleep: RecordingSleep,
    shape: ErrorBodyShape,
    field: str | None,
) -> None:
    sim = make_sim(SimulatorConfig(error_body=shape))
    booking = AddViewingParticipant(lead_source_id=known.WORKFLOW_LEAD_SOURCE_ID)
    async with _client(sim, sleep) as vitec:
        with pytest.raises(VitecValidationError) as caught:
            await vitec.book_participant(
                OFFICE, known.VIEWING_ID, known.SLOT_ID, known.ASA_OBERG, booking
            )
    message = caught.value.messages[0]
    assert message.message == "Leadkällan har ett arbetsflöde och kan inte användas."
    assert message.field == field


async def test_wrong_password(sim: Simulator, sleep: RecordingSleep) -> None:
    async with _client(sim, sleep, password="fel-lösenord") as vitec:
        with pytest.raises(VitecAuthError):
            await vitec.lead_sources(OFFICE)


async def test_password_changed_at_runtime(sim: Simulator, vitec: VitecClient) -> None:
    sim.state.set_password(OFFICE, "rotated")
    with pytest.raises(VitecAuthError):
        await vitec.viewings(OFFICE, known.ESTATE_ID)


async def test_closed_office(sim: Simulator, sleep: RecordingSleep) -> None:
    async with _client(sim, sleep, office=known.CLOSED_OFFICE) as vitec:
        with pytest.raises(VitecForbiddenError):
            await vitec.estates(known.CLOSED_OFFICE, status=EstateStatusFilter.FOR_SALE)


async def test_another_office(vitec: VitecClient) -> None:
    with pytest.raises(VitecForbiddenError):
        await vitec.viewings(known.GOTEBORG, known.GBG_ESTATE_ID)


async def test_unknown_ids(vitec: VitecClient) -> None:
    missing = "OBJ00000_0000000000"
    with pytest.raises(VitecNotFoundError):
        await vitec.estate(OFFICE, missing)
    with pytest.raises(VitecNotFoundError):
        await vitec.viewings(OFFICE, missing)
    with pytest.raises(VitecNotFoundError):
        await vitec.book_participant(
            OFFICE, "VIS00000_0000000000", known.SLOT_ID, known.ASA_OBERG, BOOKING
        )
    with pytest.raises(VitecNotFoundError):
        await vitec.remove_participant(OFFICE, known.VIEWING_ID, known.SLOT_ID, known.ASA_OBERG)


async def test_contact_search_and_hydration(vitec: VitecClient) -> None:
    matches = await vitec.search_contacts(OFFICE, "erik johansson")
    ids = [m.id for m in matches[:2]]
    assert set(ids) == {known.ERIK_JOHANSSON_1, known.ERIK_JOHANSSON_2}
    contacts = await vitec.contacts(OFFICE, ids)
    assert [c.id for c in contacts] == ids
    assert {c.display_name for c in contacts} == {"Erik Johansson"}
    assert len({c.phone for c in contacts}) == 2

    (asa,) = await vitec.contacts(OFFICE, [known.ASA_OBERG.lower()])
    assert (asa.display_name, asa.phone) == ("Åsa Öberg", known.ASA_PHONE)
    assert asa.email == known.ASA_EMAIL


async def test_hydrating_more_than_twenty_contacts(sim: Simulator, vitec: VitecClient) -> None:
    ids = [c.id for c in sim.state.data.contacts_of(OFFICE)[:45]]
    contacts = await vitec.contacts(OFFICE, ids)
    assert [c.id for c in contacts] == ids


async def test_phone_and_email_lookups(vitec: VitecClient) -> None:
    assert await vitec.contacts_by_phone(OFFICE, "+46 70-123 45 67") == (known.ASA_OBERG,)
    assert await vitec.contacts_by_phone(OFFICE, known.ASA_PHONE) == (known.ASA_OBERG,)
    assert await vitec.contacts_by_phone(OFFICE, "08-000 00 00") == ()
    (found,) = await vitec.contacts_by_email(OFFICE, known.ASA_EMAIL.upper())
    assert found.id == known.ASA_OBERG
    assert await vitec.contacts_by_email(OFFICE, "ingen@example.com") == ()


async def test_lead_sources(vitec: VitecClient) -> None:
    sources = await vitec.lead_sources(OFFICE)
    assert {s.lead_type for s in sources} == {
        "AcceptObjectFlow",
        "ContactContactFlow",
        "ProspectiveLogFlow",
    }
    assert known.LEAD_SOURCE_ID in {s.id for s in sources}


# --- faults, as the client meets them -----------------------------------------------------------


async def test_a_read_is_retried_past_a_503(
    sim: Simulator, vitec: VitecClient, sleep: RecordingSleep
) -> None:
    sim.state.faults = Faults(forced_status=ForcedStatus(status=503, count=1))
    assert len(await vitec.lead_sources(OFFICE)) > 0
    assert len(sleep.calls) == 1
    assert [r.status for r in sim.state.requests] == [200, 503]


async def test_a_booking_is_never_retried(sim: Simulator, vitec: VitecClient) -> None:
    sim.state.faults = Faults(rate_limit=RateLimit(retry_after=1))
    with pytest.raises(VitecRateLimitedError) as caught:
        await vitec.book_participant(
            OFFICE, known.VIEWING_ID, known.SLOT_ID, known.ASA_OBERG, BOOKING
        )
    assert caught.value.retry_after == 1
    assert len(sim.state.requests) == 1


async def test_a_booking_answered_500_may_still_have_landed(
    sim: Simulator, vitec: VitecClient
) -> None:
    sim.state.faults = Faults(applied_then_error=AppliedThenError(method="POST"))
    with pytest.raises(VitecServerError):
        await vitec.book_participant(
            OFFICE, known.VIEWING_ID, known.SLOT_ID, known.ASA_OBERG, BOOKING
        )
    # Reconciling shows the booking is there.
    (row,) = await vitec.participant_follow_up(OFFICE, known.ASA_OBERG, known.VIEWING_ID)
    assert row.time_slot_id == known.SLOT_ID


async def test_an_html_page_instead_of_json(sim: Simulator, vitec: VitecClient) -> None:
    sim.state.faults = Faults(non_json=NonJson(path_prefix="Viewing/"))
    with pytest.raises(VitecResponseError):
        await vitec.viewings(OFFICE, known.ESTATE_ID)

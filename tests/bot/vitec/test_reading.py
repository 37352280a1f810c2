"""Reading Vitec tolerantly: the answers that stopped the bot, and what reading past them costs."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.directory import contact_choice, slot_choices
from bot.domain import ContactChoice
from bot.vitec.client import ESTATE_LIST_NOT_OFFERED, VitecClient
from bot.vitec.errors import (
    VitecAuthError,
    VitecNotOfferedError,
    VitecResponseError,
    VitecServerError,
)
from bot.vitec.models import EstateListing, EstateStatusFilter, Viewing
from bot.vitec.reader import Cost, Reader, Tolerance, Tolerances
from tests.bot.vitec.support import (
    CONTACT,
    CUSTOMER,
    ESTATE,
    OTHER_CONTACT,
    SLOT,
    VIEWING,
    FakeSleep,
)

if TYPE_CHECKING:
    import respx

STOCKHOLM = ZoneInfo("Europe/Stockholm")
VIEWINGS_TEMPLATE = "Viewing/{customer_id}/{estate_id}"
ESTATE_TEMPLATE = "Advertising/Estate/{customer_id}/{estate_id}"
ESTATES_TEMPLATE = "Advertising/Estate/{customer_id}"
ESTATE_LIST_TEMPLATE = "Estate/GetEstateList"


def slot(slot_id: str = SLOT, **fields: Any) -> dict[str, Any]:
    return {
        "id": slot_id,
        "startsAt": "2026-12-04T17:30:00",
        "endsAt": "2026-12-04T18:00:00",
        **fields,
    }


def viewing(viewing_id: str = VIEWING, *slots: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"id": viewing_id, "participantPerTimeSlot": 5, "timeSlots": list(slots), **fields}


# --- The four answers that stopped the bot (issue 9) ---------------------------------------------


async def test_participants_are_the_published_list_and_give_the_places_left(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    booked = [{"contactId": CONTACT, "hasParticipated": False}, {"contactId": OTHER_CONTACT}]
    vitec_mock.get(f"/Viewing/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(200, json=[viewing(VIEWING, slot(participants=booked))])
    )
    viewings = await client.viewings(CUSTOMER, ESTATE)
    (choice,) = slot_choices(viewings, datetime(2026, 12, 1, tzinfo=UTC))
    assert (choice.capacity, choice.booked, choice.places_left) == (5, 2, 3)
    participants = viewings[0].time_slots[0].participants
    assert participants is not None
    assert [p.contact_id for p in participants] == [CONTACT, OTHER_CONTACT]
    assert client.tolerances.counts() == {}


async def test_contacts_by_email_are_read_as_persons(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    person = {
        "contactId": CONTACT,
        "customerId": CUSTOMER,
        "firstName": "Åsa",
        "lastName": "Öberg",
        "cellPhone": "070-123 45 67",
        "workPhone": "08-765 43 21",
        "email": {"emailAddress": "asa@example.se", "emailAddress2": "asa@example.com"},
        "lookingForAccommodation": [{"areas": ["Södermalm"]}],
    }
    vitec_mock.post("/Contacts/GetContacts").mock(
        return_value=httpx.Response(200, json=[{"customerId": CUSTOMER, "persons": [person]}])
    )
    (found,) = await client.contacts_by_email(CUSTOMER, "asa@example.se")
    assert contact_choice(found) == ContactChoice(
        id=CONTACT, name="Åsa Öberg", phone="070-123 45 67", email="asa@example.se"
    )


async def test_a_status_id_sent_as_a_number_is_read_as_text(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get(f"/Advertising/Estate/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(
            200, json={"id": ESTATE, "status": {"id": 3, "name": "Till salu"}}
        )
    )
    estate = await client.estate(CUSTOMER, ESTATE)
    assert estate.status is not None
    assert (estate.status.id, estate.status.name) == ("3", "Till salu")
    assert client.tolerances.counts() == {Tolerance(ESTATE_TEMPLATE, "status.id", Cost.TEXT): 1}


@pytest.mark.parametrize(
    ("zip_code", "area", "read_area"),
    [
        pytest.param(
            {"zipCode": "118 46"}, {"id": 17, "name": "Södermalm"}, "Södermalm", id="objects"
        ),
        pytest.param({"value": "118 46"}, {"value": "Södermalm"}, "Södermalm", id="values"),
        pytest.param("118 46", "Södermalm", "Södermalm", id="text"),
    ],
)
async def test_zip_code_and_area_may_be_objects(
    vitec_mock: respx.MockRouter,
    client: VitecClient,
    zip_code: object,
    area: object,
    read_area: str,
) -> None:
    address = {"streetAddress": "Götgatan 14", "zipCode": zip_code, "area": area}
    vitec_mock.get(f"/Advertising/Estate/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(200, json={"id": ESTATE, "address": address})
    )
    estate = await client.estate(CUSTOMER, ESTATE)
    assert estate.address is not None
    assert (estate.address.street_address, estate.address.area) == ("Götgatan 14", read_area)
    assert client.tolerances.counts() == {}


async def test_an_area_object_without_a_name_costs_only_the_area(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    address = {"streetAddress": "Götgatan 14", "area": {"id": 17}}
    vitec_mock.get(f"/Advertising/Estate/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(200, json={"id": ESTATE, "address": address})
    )
    estate = await client.estate(CUSTOMER, ESTATE)
    assert estate.address is not None
    assert (estate.address.street_address, estate.address.area) == ("Götgatan 14", None)
    assert client.tolerances.paths() == ("address.area",)


async def test_one_bad_item_costs_only_that_item(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get(f"/Viewing/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(
            200,
            json=[
                viewing("VIS1", slot("TS1"), slot("TS2", startsAt="i morgon"), slot("TS3")),
                {"participantPerTimeSlot": 5, "timeSlots": [slot("TS4")]},
                None,
                viewing("VIS3", slot("TS5", participants=[{"contactId": CONTACT}, 7, None])),
            ],
        )
    )
    viewings = await client.viewings(CUSTOMER, ESTATE)
    assert [(v.id, [(s.id, s.booked) for s in v.time_slots]) for v in viewings] == [
        ("VIS1", [("TS1", None), ("TS3", None)]),
        ("VIS3", [("TS5", 1)]),
    ]
    assert client.tolerances.counts() == {
        Tolerance(VIEWINGS_TEMPLATE, "[].timeSlots[].startsAt", Cost.ITEM): 1,
        Tolerance(VIEWINGS_TEMPLATE, "[].id", Cost.ITEM): 1,
        Tolerance(VIEWINGS_TEMPLATE, "[]", Cost.ITEM): 1,
        Tolerance(VIEWINGS_TEMPLATE, "[].timeSlots[].participants[]", Cost.ITEM): 2,
    }


async def test_one_bad_row_of_the_estate_page_costs_only_that_row(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    rows = [
        {"id": "OBJ1", "changedAt": "2026-03-01T09:00:00"},
        {"id": {"value": "OBJ2"}},
        {"id": "OBJ3", "changedAt": "förra veckan"},
    ]
    vitec_mock.get(f"/Advertising/Estate/{CUSTOMER}").mock(
        return_value=httpx.Response(200, json={"count": 1, "totalRowCount": 3, "rows": rows})
    )
    page = await client.estates(CUSTOMER, status=EstateStatusFilter.FOR_SALE)
    assert [(r.id, r.changed_at) for r in page.rows] == [
        ("OBJ1", datetime(2026, 3, 1, 9, tzinfo=STOCKHOLM)),
        ("OBJ3", None),
    ]
    assert client.tolerances.paths(ESTATES_TEMPLATE) == ("rows[].changedAt", "rows[].id")


# --- Costs: a field, an item, or the answer ------------------------------------------------------


async def test_an_unparseable_optional_time_costs_the_field_a_required_one_the_item(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get(f"/Viewing/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(
            200,
            json=[
                viewing("VIS1", slot("TS1", endsAt=1767000000), noLaterThen="snart"),
                viewing("VIS2", slot("TS2"), noLaterThen=1767000000),
            ],
        )
    )
    first, second = await client.viewings(CUSTOMER, ESTATE)
    assert (first.id, first.no_later_then, first.time_slots) == ("VIS1", None, ())
    # A number is no timestamp: seconds or milliseconds, UTC or Swedish time, nobody can say.
    assert (second.no_later_then, [s.id for s in second.time_slots]) == (None, ["TS2"])
    assert client.tolerances.counts() == {
        Tolerance(VIEWINGS_TEMPLATE, "[].noLaterThen", Cost.FIELD): 2,
        Tolerance(VIEWINGS_TEMPLATE, "[].timeSlots[].endsAt", Cost.ITEM): 1,
    }


async def test_null_is_read_as_not_sent_and_costs_nothing(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get(f"/Viewing/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(
            200,
            json=[
                {
                    "id": VIEWING,
                    "participantPerTimeSlot": None,
                    "noLaterThen": None,
                    "commentary": None,
                    "timeSlots": [slot(participants=None)],
                },
                {"id": "VIS2", "timeSlots": None},
            ],
        )
    )
    first, second = await client.viewings(CUSTOMER, ESTATE)
    assert (first.participant_per_time_slot, first.no_later_then) == (None, None)
    assert first.time_slots[0].booked is None
    assert second.time_slots == ()
    assert client.tolerances.counts() == {}


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param({"referenceId": "2026-014"}, id="no-id"),
        pytest.param({"id": ""}, id="empty-id"),
        pytest.param({"id": None, "referenceId": "2026-014"}, id="null-id"),
        pytest.param({"id": ["OBJ1"]}, id="list-id"),
        pytest.param([{"id": ESTATE}], id="a-list"),
    ],
)
async def test_an_estate_without_a_usable_id_is_a_response_error(
    vitec_mock: respx.MockRouter, client: VitecClient, answer: object
) -> None:
    vitec_mock.get(f"/Advertising/Estate/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(200, json=answer)
    )
    with pytest.raises(VitecResponseError) as caught:
        await client.estate(CUSTOMER, ESTATE)
    assert caught.value.endpoint == ESTATE_TEMPLATE
    assert "2026-014" not in str(caught.value)


async def test_a_follow_up_row_is_about_the_contact_and_viewing_its_path_names(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get(f"/ViewingParticipant/{CUSTOMER}/{CONTACT}/{VIEWING}").mock(
        return_value=httpx.Response(
            200,
            json=[
                {"participated": False, "contacted": "No"},
                {"viewingId": None, "contactId": "", "timeSlotId": SLOT},
                {"viewingId": "VIS-OTHER", "contactId": CONTACT},
            ],
        )
    )
    rows = await client.participant_follow_up(CUSTOMER, CONTACT, VIEWING)
    assert [(r.viewing_id, r.contact_id, r.time_slot_id) for r in rows] == [
        (VIEWING, CONTACT, None),
        (VIEWING, CONTACT, SLOT),
        ("VIS-OTHER", CONTACT, None),
    ]


async def test_a_crm_contact_and_a_person_make_the_same_contact(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    crm = {
        "id": CONTACT,
        "type": "Person",
        "firstName": "Åsa",
        "lastName": "Öberg",
        "telephone": {"home": "", "cell": "070-123 45 67"},
        "email": {"emailAddress": "asa@example.se"},
    }
    person = {
        "contactId": CONTACT,
        "firstName": "Åsa",
        "lastName": "Öberg",
        "telePhone": "",
        "cellPhone": "070-123 45 67",
        "email": {"emailAddress": "asa@example.se"},
    }
    vitec_mock.get(f"/CRM/Contact/{CUSTOMER}/{CONTACT}").mock(
        return_value=httpx.Response(200, json=[crm])
    )
    vitec_mock.post("/Contacts/GetContacts").mock(
        return_value=httpx.Response(200, json=[{"persons": [person]}])
    )
    (by_id,) = await client.contacts(CUSTOMER, [CONTACT])
    (by_email,) = await client.contacts_by_email(CUSTOMER, "asa@example.se")
    assert by_id == by_email
    assert (by_id.display_name, by_id.phone, by_id.email) == (
        "Åsa Öberg",
        "070-123 45 67",
        "asa@example.se",
    )


async def test_phone_lookup_skips_ids_it_cannot_use(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get("/Contacts/GetContactsWithPhonenumber").mock(
        return_value=httpx.Response(
            200, json=[{"customerId": CUSTOMER, "contactIds": [CONTACT, None, "", {"id": 1}]}]
        )
    )
    assert await client.contacts_by_phone(CUSTOMER, "0701234567") == (CONTACT,)
    assert client.tolerances.paths() == ("[].contactIds[]",)


async def test_a_lead_source_without_a_name_is_not_offered(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get(f"/CRM/Lead/{CUSTOMER}/LeadSources").mock(
        return_value=httpx.Response(
            200,
            json=[
                {"id": "LS-1", "name": "  Slack  ", "leadType": None},
                {"id": "LS-2", "name": " "},
                {"id": "LS-3"},
            ],
        )
    )
    sources = await client.lead_sources(CUSTOMER)
    assert [(s.id, s.name) for s in sources] == [("LS-1", "Slack")]


# --- What an operator sees ------------------------------------------------------------------------


async def test_the_warning_names_the_endpoint_and_paths_never_values(
    vitec_mock: respx.MockRouter, client: VitecClient, caplog: pytest.LogCaptureFixture
) -> None:
    vitec_mock.get(f"/Viewing/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(
            200,
            json=[
                viewing(
                    VIEWING,
                    slot(participants=4),
                    slot("TS2", startsAt="Åsa Öberg 070-123 45 67"),
                    participantPerTimeSlot="fem",
                )
            ],
        )
    )
    with caplog.at_level(logging.WARNING, logger="bot.vitec"):
        await client.viewings(CUSTOMER, ESTATE)
    (record,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert record.getMessage() == (
        "vitec GET Viewing/{customer_id}/{estate_id}: read past "
        "[].participantPerTimeSlot (field left out) ×1; "
        "[].timeSlots[].participants (field left out) ×1; "
        "[].timeSlots[].startsAt (item skipped) ×1"
    )
    for value in ("Åsa", "070", "fem", SLOT, VIEWING, CUSTOMER, ESTATE):
        assert value not in record.getMessage()


async def test_an_answer_as_documented_logs_no_warning(
    vitec_mock: respx.MockRouter, client: VitecClient, caplog: pytest.LogCaptureFixture
) -> None:
    vitec_mock.get(f"/Viewing/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(200, json=[viewing(VIEWING, slot(participants=[]))])
    )
    with caplog.at_level(logging.WARNING, logger="bot.vitec"):
        await client.viewings(CUSTOMER, ESTATE)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_tolerances_add_up_per_endpoint_and_path(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get(f"/Advertising/Estate/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(200, json={"id": ESTATE, "status": {"id": 3}})
    )
    vitec_mock.get(f"/Viewing/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(200, json=[viewing(VIEWING, slot(participants=2))])
    )
    for _ in range(3):
        await client.estate(CUSTOMER, ESTATE)
    await client.viewings(CUSTOMER, ESTATE)
    assert client.tolerances.counts() == {
        Tolerance(ESTATE_TEMPLATE, "status.id", Cost.TEXT): 3,
        Tolerance(VIEWINGS_TEMPLATE, "[].timeSlots[].participants", Cost.FIELD): 1,
    }
    assert len(client.tolerances) == 4
    assert client.tolerances.paths() == ("[].timeSlots[].participants", "status.id")
    assert client.tolerances.paths(ESTATE_TEMPLATE) == ("status.id",)
    assert str(Tolerance(ESTATE_TEMPLATE, "status.id", Cost.TEXT)) == (
        "status.id (number read as text)"
    )
    client.tolerances.clear()
    assert not client.tolerances
    assert client.tolerances.paths() == ()


async def test_watch_collects_only_its_own_calls(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get(f"/Advertising/Estate/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(200, json={"id": ESTATE, "status": {"id": 3}})
    )
    vitec_mock.get(f"/Viewing/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(200, json=[viewing(VIEWING, slot(participants=2))])
    )
    other_started = asyncio.Event()
    release = asyncio.Event()

    async def another_task() -> None:
        other_started.set()
        await release.wait()
        await client.viewings(CUSTOMER, ESTATE)

    other = asyncio.create_task(another_task())
    with Tolerances.watch() as seen:
        await other_started.wait()
        release.set()
        await client.estate(CUSTOMER, ESTATE)
        await other
    assert seen.paths() == ("status.id",)
    assert client.tolerances.paths() == ("[].timeSlots[].participants", "status.id")


def test_a_reader_outside_the_client_reports_to_the_record_it_is_given() -> None:
    tolerances = Tolerances()
    reader: Reader[tuple[Viewing, ...]] = Reader(tuple[Viewing, ...])
    (read,) = reader.read(
        [{"id": 7, "timeSlots": [{"id": "T", "startsAt": "2026-12-04T17:30:00"}]}],
        method="GET",
        endpoint="Viewing/{customer_id}/{estate_id}",
        tolerances=tolerances,
    )
    assert (read.id, read.time_slots) == ("7", ())
    assert tolerances.counts() == {
        Tolerance(VIEWINGS_TEMPLATE, "[].id", Cost.TEXT): 1,
        Tolerance(VIEWINGS_TEMPLATE, "[].timeSlots[].endsAt", Cost.ITEM): 1,
    }


# --- POST Estate/GetEstateList --------------------------------------------------------------------


def listed(estate_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": estate_id,
        "status": {"id": "3", "name": "Till salu"},
        "streetAddress": "Götgatan 14",
        "areaName": "Södermalm",
        "objectNumber": "2026-014",
        "dateChanged": "2026-03-01T09:00:00",
        "viewingsList": [
            {"startTime": "2026-12-04T17:30:00", "endTime": "2026-12-04T18:00:00"},
            {"startTime": "någon gång"},
        ],
        "price": 4_950_000,
        **fields,
    }


async def test_the_estate_list_is_one_flat_list_of_this_offices_estates(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.post("/Estate/GetEstateList").mock(
        return_value=httpx.Response(
            200,
            json=[
                {
                    "customerId": CUSTOMER,
                    "houses": [listed("OBJ1")],
                    "housingCooperativeses": [
                        listed("OBJ2", status={"id": 3, "name": "Kommande"}, areaName=None),
                        {"streetAddress": "Utan id 1"},
                    ],
                    "commercialPropertys": [listed("obj1", streetAddress="Dubblett 1")],
                    "premises": None,
                },
                {"customerId": "S6713", "houses": [listed("OBJ9")]},
                {"plots": [listed("OBJ3", status=None, viewingsList=None)]},
            ],
        )
    )
    estates = await client.estate_list(CUSTOMER)
    december = datetime(2026, 12, 4, 17, 30, tzinfo=STOCKHOLM)
    assert estates == (
        EstateListing(
            id="OBJ1",
            reference_id="2026-014",
            status_id="3",
            status_name="Till salu",
            street_address="Götgatan 14",
            area="Södermalm",
            changed_at=datetime(2026, 3, 1, 9, tzinfo=STOCKHOLM),
            viewing_starts=(december,),
        ),
        EstateListing(
            id="OBJ2",
            reference_id="2026-014",
            status_id="3",
            status_name="Kommande",
            street_address="Götgatan 14",
            changed_at=datetime(2026, 3, 1, 9, tzinfo=STOCKHOLM),
            viewing_starts=(december,),
        ),
        EstateListing(
            id="OBJ3",
            reference_id="2026-014",
            street_address="Götgatan 14",
            area="Södermalm",
            changed_at=datetime(2026, 3, 1, 9, tzinfo=STOCKHOLM),
        ),
    )
    # The other office's row is read (and its gaps counted) before it is left out.
    assert client.tolerances.paths(ESTATE_LIST_TEMPLATE) == (
        "[].commercialPropertys[].viewingsList[].startTime",
        "[].houses[].viewingsList[].startTime",
        "[].housingCooperativeses[].id",
        "[].housingCooperativeses[].status.id",
        "[].housingCooperativeses[].viewingsList[].startTime",
    )


@pytest.mark.parametrize("status", sorted(ESTATE_LIST_NOT_OFFERED))
async def test_an_estate_list_not_offered_says_so(
    vitec_mock: respx.MockRouter, client: VitecClient, status: int
) -> None:
    route = vitec_mock.post("/Estate/GetEstateList").mock(
        return_value=httpx.Response(status, json={"message": "Ingen behörighet."})
    )
    with pytest.raises(VitecNotOfferedError) as caught:
        await client.estate_list(CUSTOMER)
    assert (caught.value.status_code, caught.value.endpoint) == (status, ESTATE_LIST_TEMPLATE)
    assert caught.value.__cause__ is None
    assert route.call_count == 1, "a refusal is an answer, not worth repeating"


async def test_other_estate_list_failures_keep_their_own_kind(
    vitec_mock: respx.MockRouter, client: VitecClient, sleep: FakeSleep
) -> None:
    route = vitec_mock.post("/Estate/GetEstateList").mock(
        side_effect=[httpx.Response(503), httpx.Response(503), httpx.Response(503)]
    )
    with pytest.raises(VitecServerError):
        await client.estate_list(CUSTOMER)
    # A read, so as safe to repeat as a GET.
    assert (route.call_count, len(sleep.delays)) == (3, 2)
    route.mock(return_value=httpx.Response(401))
    with pytest.raises(VitecAuthError):
        await client.estate_list(CUSTOMER)


async def test_estate_list_arguments_are_checked_before_sending(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    with pytest.raises(ValueError, match="time zone"):
        await client.estate_list(CUSTOMER, changed_since=datetime(2026, 3, 1))
    with pytest.raises(TypeError):
        await client.estate_list(CUSTOMER, statuses="3")
    assert vitec_mock.calls.call_count == 0


async def test_one_advertised_estate_gives_the_same_listing_shape(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get(f"/Advertising/Estate/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(
            200,
            json={
                "id": ESTATE,
                "referenceId": "2026-014",
                "status": "ForSale",
                "address": {
                    "streetAddress": "Götgatan 14",
                    "postalTown": "Stockholm",
                    "area": {"name": "Södermalm"},
                },
                "changedAt": "2026-03-01T09:00:00",
            },
        )
    )
    estate = await client.estate(CUSTOMER, ESTATE)
    assert estate.listing() == EstateListing(
        id=ESTATE,
        reference_id="2026-014",
        status_name="ForSale",
        street_address="Götgatan 14",
        area="Södermalm",
        postal_town="Stockholm",
        changed_at=datetime(2026, 3, 1, 9, tzinfo=STOCKHOLM),
    )

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.vitec.client import (
    DEFAULT_TIMEOUT,
    MAX_CONTACTS_PER_REQUEST,
    VitecClient,
    create_http_client,
)
from bot.vitec.errors import (
    FieldMessage,
    VitecAuthError,
    VitecConnectError,
    VitecForbiddenError,
    VitecNoResponseError,
    VitecNotFoundError,
    VitecRateLimitedError,
    VitecResponseError,
    VitecServerError,
    VitecStatusError,
    VitecTimeoutError,
    VitecValidationError,
)
from bot.vitec.models import (
    AddViewingParticipant,
    BookingOptions,
    EstateListing,
    EstateStatusFilter,
)
from bot.vitec.paths import InvalidIdError
from tests.bot.vitec.support import (
    BASE_URL,
    BASIC_AUTH,
    CONTACT,
    CUSTOMER,
    ESTATE,
    OTHER_CONTACT,
    PASSWORD,
    SLOT,
    USERNAME,
    VIEWING,
    FakeSleep,
    contact_id,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    import respx

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PARTICIPANT_TEMPLATE = "Viewing/{customer_id}/{viewing_id}/{time_slot_id}/Participant/{contact_id}"
VIEWINGS_TEMPLATE = "Viewing/{customer_id}/{estate_id}"
PARTICIPANT_PATH = f"/Viewing/{CUSTOMER}/{VIEWING}/{SLOT}/Participant/{CONTACT}"
VIEWINGS_PATH = f"/Viewing/{CUSTOMER}/{ESTATE}"
OPTIONS_ON = {"isDeadlineValidationEnabled": True, "enableBookingLimitValidation": True}

FULL_BOOKING = AddViewingParticipant(
    participated=False,
    reminder_time=120,
    sms_reminder=True,
    mail_confirmation=True,
    sms_confirmation=False,
    contact_message="Vi kommer två personer, ring 070-123 45 67.",
    lead_source_id="LS-7",
    options=BookingOptions(enable_booking_limit_validation=False),
)

VIEWINGS_JSON: list[dict[str, Any]] = [
    {
        "id": VIEWING,
        "estateId": ESTATE,
        "startsAt": "2026-08-31T11:46:09.65",
        "endsAt": "2026-08-31T12:30:00.6512345",
        "isDigital": False,
        "commentary": "Skoskydd finns.",
        "participantPerTimeSlot": 10,
        "bookableFromInternet": True,
        "noLaterThen": "2026-08-30T18:00:00",
        "timeSlots": [
            {
                "id": SLOT,
                "startsAt": "2026-08-31T11:46:09.65",
                "endsAt": "2026-08-31T12:30:00.6512345",
                "participants": [
                    {"contactId": CONTACT, "hasParticipated": False},
                    {"contactId": OTHER_CONTACT},
                    {"hasParticipated": True},
                ],
            }
        ],
        "unknownField": {"ignored": True},
    },
    {
        "id": "VIS2",
        "startsAt": "2026-12-01T17:00:00+01:00",
        "endsAt": "2026-12-01T17:45:00+01:00",
        "timeSlots": [
            {
                "id": "TS2",
                "startsAt": "2026-12-01T17:00:00+01:00",
                "endsAt": "2026-12-01T17:45:00+01:00",
            }
        ],
    },
]


def person(contact: str, first: str = "Anna", customer: str = CUSTOMER) -> dict[str, Any]:
    return {
        "id": contact,
        "type": "Person",
        "firstName": first,
        "lastName": "Andersson",
        "telephone": {"cell": "070-123 45 67"},
        "email": {"emailAddress": "anna@example.se"},
        "customerId": customer,
        "changedAt": "2026-01-15T08:00:00",
    }


# --- What Vitec receives ----------------------------------------------------------------------


@dataclass(frozen=True)
class Exchange:
    """One call of the client and the request Vitec must see for it."""

    invoke: Callable[[VitecClient], Awaitable[object]]
    method: str
    path: str
    answer: httpx.Response
    params: dict[str, str] = field(default_factory=dict)
    body: object = None


EXCHANGES = {
    "book-full": Exchange(
        lambda c: c.book_participant(CUSTOMER, VIEWING, SLOT, CONTACT, FULL_BOOKING),
        "POST",
        PARTICIPANT_PATH,
        httpx.Response(204),
        body={
            "participated": False,
            "reminderTime": 120,
            "smsReminder": True,
            "mailConfirmation": True,
            "smsConfirmation": False,
            "contactMessage": "Vi kommer två personer, ring 070-123 45 67.",
            "leadSourceId": "LS-7",
            "options": {
                "isDeadlineValidationEnabled": True,
                "enableBookingLimitValidation": False,
            },
        },
    ),
    "book-defaults-omit-optional-fields": Exchange(
        lambda c: c.book_participant(CUSTOMER, VIEWING, SLOT, CONTACT, AddViewingParticipant()),
        "POST",
        PARTICIPANT_PATH,
        httpx.Response(204),
        body={
            "participated": False,
            "smsReminder": False,
            "mailConfirmation": False,
            "smsConfirmation": False,
            "options": OPTIONS_ON,
        },
    ),
    "remove": Exchange(
        lambda c: c.remove_participant(CUSTOMER, VIEWING, SLOT, CONTACT),
        "DELETE",
        PARTICIPANT_PATH,
        httpx.Response(204),
    ),
    "viewings": Exchange(
        lambda c: c.viewings(CUSTOMER, ESTATE),
        "GET",
        VIEWINGS_PATH,
        httpx.Response(200, json=[]),
    ),
    "participant-follow-up": Exchange(
        lambda c: c.participant_follow_up(CUSTOMER, CONTACT, VIEWING),
        "GET",
        f"/ViewingParticipant/{CUSTOMER}/{CONTACT}/{VIEWING}",
        httpx.Response(200, json=[]),
    ),
    "search": Exchange(
        lambda c: c.search_contacts(CUSTOMER, "  Åsa & Co=1  "),
        "GET",
        f"/CRM/Contact/{CUSTOMER}/Search",
        httpx.Response(200, json={"matches": []}),
        params={"Term": "Åsa & Co=1", "MaxSize": "20"},
    ),
    "search-max-size": Exchange(
        lambda c: c.search_contacts(CUSTOMER, "Andersson", max_size=5),
        "GET",
        f"/CRM/Contact/{CUSTOMER}/Search",
        httpx.Response(200, json={"matches": []}),
        params={"Term": "Andersson", "MaxSize": "5"},
    ),
    "contacts": Exchange(
        lambda c: c.contacts(CUSTOMER, [CONTACT, OTHER_CONTACT]),
        "GET",
        f"/CRM/Contact/{CUSTOMER}/{CONTACT},{OTHER_CONTACT}",
        httpx.Response(200, json=[]),
    ),
    "contacts-by-phone": Exchange(
        lambda c: c.contacts_by_phone(CUSTOMER, " +46 70-123 45 67 "),
        "GET",
        "/Contacts/GetContactsWithPhonenumber",
        httpx.Response(200, json=[]),
        params={"phoneNumber": "+46 70-123 45 67", "customerId": CUSTOMER},
    ),
    "contacts-by-email": Exchange(
        lambda c: c.contacts_by_email(CUSTOMER, " anna@example.se "),
        "POST",
        "/Contacts/GetContacts",
        httpx.Response(200, json=[]),
        body={"customerId": CUSTOMER, "emailAddresses": ["anna@example.se"]},
    ),
    "lead-sources": Exchange(
        lambda c: c.lead_sources(CUSTOMER),
        "GET",
        f"/CRM/Lead/{CUSTOMER}/LeadSources",
        httpx.Response(200, json=[]),
    ),
    "estates": Exchange(
        lambda c: c.estates(
            CUSTOMER,
            status=EstateStatusFilter.FOR_SALE | EstateStatusFilter.COMING,
            page_size=50,
            page_index=2,
        ),
        "GET",
        f"/Advertising/Estate/{CUSTOMER}",
        httpx.Response(200, json={"index": 2, "count": 3, "totalRowCount": 120, "rows": []}),
        params={"Status": "1028", "PageSize": "50", "PageIndex": "2"},
    ),
    "estate": Exchange(
        lambda c: c.estate(CUSTOMER, ESTATE),
        "GET",
        f"/Advertising/Estate/{CUSTOMER}/{ESTATE}",
        httpx.Response(200, json={"id": ESTATE}),
    ),
    "estate-list": Exchange(
        lambda c: c.estate_list(CUSTOMER),
        "POST",
        "/Estate/GetEstateList",
        httpx.Response(200, json=[]),
        body={"customerId": CUSTOMER},
    ),
    "estate-list-criteria": Exchange(
        lambda c: c.estate_list(
            CUSTOMER,
            statuses=["3", "10"],
            changed_since=datetime(2026, 3, 1, 9, 30, tzinfo=STOCKHOLM),
        ),
        "POST",
        "/Estate/GetEstateList",
        httpx.Response(200, json=[]),
        body={
            "customerId": CUSTOMER,
            "statuses": [{"id": "3"}, {"id": "10"}],
            "typeOfDate": "DateChanged",
            "dateFrom": "2026-03-01T09:30:00+01:00",
        },
    ),
}


@pytest.mark.parametrize("name", EXCHANGES)
async def test_vitec_receives_exactly_this_request(
    vitec_mock: respx.MockRouter, client: VitecClient, name: str
) -> None:
    exchange = EXCHANGES[name]
    route = vitec_mock.route().mock(return_value=exchange.answer)
    await exchange.invoke(client)
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == exchange.method
    assert request.url.raw_path.split(b"?")[0] == exchange.path.encode()
    assert request.url.params.multi_items() == list(exchange.params.items())
    assert request.headers["Authorization"] == BASIC_AUTH
    assert request.headers["Accept"] == "application/json"
    assert request.headers["User-Agent"].startswith("visningsbot/")
    if exchange.body is None:
        assert request.content == b""
    else:
        assert request.headers["Content-Type"] == "application/json"
        assert json.loads(request.content) == exchange.body


# --- What the caller gets back ----------------------------------------------------------------


async def test_viewings_are_parsed_with_stockholm_times(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get(VIEWINGS_PATH).mock(return_value=httpx.Response(200, json=VIEWINGS_JSON))
    first, second = await client.viewings(CUSTOMER, ESTATE)
    assert first.id == VIEWING
    assert first.no_later_then == datetime(2026, 8, 30, 18, 0, tzinfo=STOCKHOLM)
    assert first.participant_per_time_slot == 10
    (slot,) = first.time_slots
    assert slot.id == SLOT
    assert slot.starts_at == datetime(2026, 8, 31, 11, 46, 9, 650_000, tzinfo=STOCKHOLM)
    assert slot.starts_at.utcoffset() == timedelta(hours=2)
    # Seven fraction digits: .NET ticks, cut to microseconds.
    assert slot.ends_at == datetime(2026, 8, 31, 12, 30, 0, 651_234, tzinfo=STOCKHOLM)
    # Who is booked: a participant without a contact id still takes a place.
    assert [p.contact_id for p in slot.participants or ()] == [CONTACT, OTHER_CONTACT, None]
    assert slot.booked == 3
    (other_slot,) = second.time_slots
    assert other_slot.starts_at.utcoffset() == timedelta(hours=1)
    assert other_slot.booked is None, "no participants list: places left are unknown"
    assert second.participant_per_time_slot is None
    assert client.tolerances.counts() == {}


async def test_participant_follow_up_is_parsed(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get(f"/ViewingParticipant/{CUSTOMER}/{CONTACT}/{VIEWING}").mock(
        return_value=httpx.Response(
            200,
            json=[
                {
                    "timeSlotId": SLOT,
                    "contactId": CONTACT,
                    "viewingId": VIEWING,
                    "participated": False,
                    "contacted": "No",
                }
            ],
        )
    )
    (row,) = await client.participant_follow_up(CUSTOMER, CONTACT, VIEWING)
    assert (row.time_slot_id, row.contact_id, row.viewing_id, row.contacted) == (
        SLOT,
        CONTACT,
        VIEWING,
        "No",
    )


async def test_search_returns_the_matches(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get(f"/CRM/Contact/{CUSTOMER}/Search").mock(
        return_value=httpx.Response(
            200,
            json={
                "matches": [
                    {"id": CONTACT, "customerId": CUSTOMER, "type": "Person", "score": 12.5},
                    {"id": OTHER_CONTACT, "changedAt": "2026-02-01T10:00:00.1234567"},
                ]
            },
        )
    )
    first, second = await client.search_contacts(CUSTOMER, "Andersson")
    assert (first.id, second.id) == (CONTACT, OTHER_CONTACT)


async def test_lead_sources_are_parsed(vitec_mock: respx.MockRouter, client: VitecClient) -> None:
    vitec_mock.get(f"/CRM/Lead/{CUSTOMER}/LeadSources").mock(
        return_value=httpx.Response(
            200,
            json=[
                {"id": "LS-7", "name": "Slack", "leadType": "ProspectiveLogFlow"},
                {"id": "LS-8", "name": "Hemsidan"},
            ],
        )
    )
    sources = await client.lead_sources(CUSTOMER)
    assert [(s.id, s.name, s.lead_type) for s in sources] == [
        ("LS-7", "Slack", "ProspectiveLogFlow"),
        ("LS-8", "Hemsidan", None),
    ]


async def test_estates_page_and_estate_are_parsed(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get(f"/Advertising/Estate/{CUSTOMER}").mock(
        return_value=httpx.Response(
            200,
            json={
                "index": 0,
                "count": 1,
                "totalRowCount": 1,
                "rows": [{"id": ESTATE, "customerId": CUSTOMER, "changedAt": "2026-03-01T09:00"}],
            },
        )
    )
    vitec_mock.get(f"/Advertising/Estate/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(
            200,
            json={
                "id": ESTATE,
                "referenceId": "2026-014",
                "status": {"id": "3", "name": "Till salu"},
                "address": {"streetAddress": "Götgatan 1", "postalTown": "Stockholm"},
                "primaryAgentId": "HAN1",
            },
        )
    )
    page = await client.estates(CUSTOMER, status=EstateStatusFilter.FOR_SALE)
    assert (page.count, page.total_row_count, page.rows[0].id) == (1, 1, ESTATE)
    assert page.rows[0].changed_at == datetime(2026, 3, 1, 9, tzinfo=STOCKHOLM)
    estate = await client.estate(CUSTOMER, ESTATE)
    assert estate.reference_id == "2026-014"
    assert estate.address is not None
    assert estate.address.postal_town == "Stockholm"
    assert estate.listing() == EstateListing(
        id=ESTATE,
        reference_id="2026-014",
        status_id="3",
        status_name="Till salu",
        street_address="Götgatan 1",
        postal_town="Stockholm",
    )


@pytest.mark.parametrize("status", [200, 201, 204])
async def test_a_booking_succeeds_on_any_2xx(
    vitec_mock: respx.MockRouter, client: VitecClient, status: int
) -> None:
    vitec_mock.post(PARTICIPANT_PATH).mock(return_value=httpx.Response(status))
    await client.book_participant(CUSTOMER, VIEWING, SLOT, CONTACT, FULL_BOOKING)
    assert vitec_mock.calls.call_count == 1


@pytest.mark.parametrize("method", ["POST", "DELETE"])
async def test_a_write_answered_by_an_html_page_has_an_unknown_outcome(
    vitec_mock: respx.MockRouter, client: VitecClient, method: str
) -> None:
    # A proxy's maintenance page says 200 without the write having been carried out.
    page = httpx.Response(200, html="<html><body>Underhåll pågår</body></html>")
    vitec_mock.route(method=method, path=PARTICIPANT_PATH).mock(return_value=page)
    write = (
        client.book_participant(CUSTOMER, VIEWING, SLOT, CONTACT, FULL_BOOKING)
        if method == "POST"
        else client.remove_participant(CUSTOMER, VIEWING, SLOT, CONTACT)
    )
    with pytest.raises(VitecResponseError):
        await write
    assert vitec_mock.calls.call_count == 1, "a write with an unknown outcome is never re-sent"


async def test_a_write_answered_with_json_is_a_success(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.post(PARTICIPANT_PATH).mock(return_value=httpx.Response(200, json="VID123"))
    await client.book_participant(CUSTOMER, VIEWING, SLOT, CONTACT, FULL_BOOKING)


# --- Contacts by id ---------------------------------------------------------------------------


def _answer_reversed(request: httpx.Request) -> httpx.Response:
    """Vitec answers the ids of the path, in an order of its own."""
    ids = request.url.path.rsplit("/", 1)[-1].split(",")
    return httpx.Response(200, json=[person(i) for i in reversed(ids)])


async def test_contacts_are_fetched_in_batches_and_kept_in_input_order(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    route = vitec_mock.get(url__startswith=f"{BASE_URL}/CRM/Contact/{CUSTOMER}/").mock(
        side_effect=_answer_reversed
    )
    ids = [contact_id(n) for n in range(45)]
    # Duplicates, also in another case, are fetched and returned once.
    asked = [*ids, ids[3], ids[7].lower()]
    contacts = await client.contacts(CUSTOMER, asked)
    assert [c.id for c in contacts] == ids
    sent = sorted(len(call.request.url.path.rsplit("/", 1)[-1].split(",")) for call in route.calls)
    assert sent == [5, MAX_CONTACTS_PER_REQUEST, MAX_CONTACTS_PER_REQUEST]


async def test_contacts_leave_out_ids_vitec_does_not_return(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get(f"/CRM/Contact/{CUSTOMER}/{CONTACT},{OTHER_CONTACT}").mock(
        return_value=httpx.Response(200, json=[person(OTHER_CONTACT), person(contact_id(99))])
    )
    contacts = await client.contacts(CUSTOMER, (CONTACT, OTHER_CONTACT))
    assert [c.id for c in contacts] == [OTHER_CONTACT]


async def test_one_contact_may_come_back_as_a_bare_object(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get(f"/CRM/Contact/{CUSTOMER}/{CONTACT}").mock(
        return_value=httpx.Response(200, json=person(CONTACT))
    )
    (contact,) = await client.contacts(CUSTOMER, [CONTACT])
    assert (contact.display_name, contact.phone) == ("Anna Andersson", "070-123 45 67")


async def test_no_contact_ids_means_no_request(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    assert await client.contacts(CUSTOMER, []) == ()
    assert vitec_mock.calls.call_count == 0


async def test_contacts_refuse_a_lone_string(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    with pytest.raises(TypeError):
        await client.contacts(CUSTOMER, CONTACT)
    assert vitec_mock.calls.call_count == 0


async def test_contact_batches_run_concurrently() -> None:
    in_flight = 0
    most = 0
    all_arrived = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        if most == 3:
            all_arrived.set()
        # Sequential batches would never see three in flight and time out here.
        await asyncio.wait_for(all_arrived.wait(), timeout=2)
        in_flight -= 1
        return _answer_reversed(request)

    transport = httpx.MockTransport(handler)
    http = create_http_client(BASE_URL, USERNAME, PASSWORD, transport=transport)
    async with VitecClient(http) as client:
        contacts = await client.contacts(CUSTOMER, [contact_id(n) for n in range(60)])
    assert len(contacts) == 60
    assert most == 3


async def test_a_failing_batch_fails_the_lookup_and_cancels_the_rest() -> None:
    cancelled = 0
    started = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal cancelled, started
        started += 1
        if contact_id(0) in request.url.path:
            return httpx.Response(404)
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled += 1
            raise
        raise AssertionError("unreachable")

    transport = httpx.MockTransport(handler)
    http = create_http_client(BASE_URL, USERNAME, PASSWORD, transport=transport)
    async with VitecClient(http) as client:
        with pytest.raises(VitecNotFoundError):
            await client.contacts(CUSTOMER, [contact_id(n) for n in range(60)])
    assert (started, cancelled) == (3, 2)


# --- Contacts by phone and e-mail -------------------------------------------------------------


async def test_phone_lookup_keeps_this_offices_ids(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get("/Contacts/GetContactsWithPhonenumber").mock(
        return_value=httpx.Response(
            200,
            json=[
                {"customerId": "S6713", "contactIds": [contact_id(1)]},
                {"customerId": CUSTOMER.lower(), "contactIds": [CONTACT, OTHER_CONTACT]},
                {"contactIds": [contact_id(2), CONTACT]},
            ],
        )
    )
    ids = await client.contacts_by_phone(CUSTOMER, "0701234567")
    assert ids == (CONTACT, OTHER_CONTACT, contact_id(2))


def contact_person(contact: str, customer: str = CUSTOMER) -> dict[str, Any]:
    """A ``Contact.Models.Person``: ``contactId`` and flat phone numbers, not the CRM shape."""
    return {
        "contactId": contact,
        "customerId": customer,
        "firstName": "Anna",
        "lastName": "Andersson",
        "telePhone": "08-123 456 78",
        "cellPhone": "070-123 45 67",
        "email": {"emailAddress": "anna@example.se"},
    }


async def test_email_lookup_returns_persons_and_companies_of_this_office(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    company = {
        "contactId": contact_id(7),
        "customerId": CUSTOMER,
        "companyName": "Andersson Bygg AB",
        "switchPhone": "08-555 000 00",
    }
    vitec_mock.post("/Contacts/GetContacts").mock(
        return_value=httpx.Response(
            200,
            json=[
                {
                    "customerId": CUSTOMER,
                    "persons": [contact_person(CONTACT)],
                    "companies": [company],
                    "estates": [],
                },
                {"customerId": "S6713", "persons": [contact_person(contact_id(8), "S6713")]},
            ],
        )
    )
    contacts = await client.contacts_by_email(CUSTOMER, "anna@example.se")
    assert [(c.id, c.display_name, c.phone, c.email) for c in contacts] == [
        (CONTACT, "Anna Andersson", "070-123 45 67", "anna@example.se"),
        (contact_id(7), "Andersson Bygg AB", "08-555 000 00", None),
    ]


# --- Arguments refused before any request -----------------------------------------------------

BAD_IDS = ["../x", "x/y", "x?a=1", "x#y", "%2e%2e", ".", "..", "", "A" * 41, "Å", " x", "x%2fy"]
BOOKING_ARGS = ("customer_id", "viewing_id", "time_slot_id", "contact_id")


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize("position", BOOKING_ARGS)
async def test_booking_with_an_unsafe_id_sends_nothing(
    vitec_mock: respx.MockRouter, client: VitecClient, position: str, bad: str
) -> None:
    ids = [CUSTOMER, VIEWING, SLOT, CONTACT]
    ids[BOOKING_ARGS.index(position)] = bad
    customer, viewing, slot, contact = ids
    with pytest.raises(InvalidIdError) as caught:
        await client.book_participant(customer, viewing, slot, contact, FULL_BOOKING)
    assert caught.value.name == position
    with pytest.raises(InvalidIdError):
        await client.remove_participant(customer, viewing, slot, contact)
    assert vitec_mock.calls.call_count == 0


@pytest.mark.parametrize("bad", BAD_IDS)
async def test_reads_with_an_unsafe_id_send_nothing(
    vitec_mock: respx.MockRouter, client: VitecClient, bad: str
) -> None:
    reads: list[Callable[[], Awaitable[object]]] = [
        lambda: client.viewings(CUSTOMER, bad),
        lambda: client.viewings(bad, ESTATE),
        lambda: client.participant_follow_up(CUSTOMER, bad, VIEWING),
        lambda: client.search_contacts(bad, "Andersson"),
        lambda: client.contacts(CUSTOMER, [*(contact_id(n) for n in range(30)), bad]),
        lambda: client.contacts(bad, [CONTACT]),
        lambda: client.contacts_by_phone(bad, "0701234567"),
        lambda: client.contacts_by_email(bad, "anna@example.se"),
        lambda: client.lead_sources(bad),
        lambda: client.estates(bad, status=EstateStatusFilter.FOR_SALE),
        lambda: client.estate(CUSTOMER, bad),
        lambda: client.estate_list(bad),
    ]
    for read in reads:
        with pytest.raises(InvalidIdError):
            await read()
    assert vitec_mock.calls.call_count == 0


@pytest.mark.parametrize(
    ("invoke", "complaint"),
    [
        pytest.param(lambda c: c.search_contacts(CUSTOMER, "Anna"), "search term", id="term-4"),
        pytest.param(
            lambda c: c.search_contacts(CUSTOMER, "  Ann   "), "search term", id="term-stripped"
        ),
        pytest.param(
            lambda c: c.search_contacts(CUSTOMER, "x" * 101), "search term", id="term-101"
        ),
        pytest.param(
            lambda c: c.search_contacts(CUSTOMER, "Anders", max_size=0), "max_size", id="size-0"
        ),
        pytest.param(
            lambda c: c.search_contacts(CUSTOMER, "Anders", max_size=101), "max_size", id="size-101"
        ),
        pytest.param(
            lambda c: c.contacts_by_phone(CUSTOMER, "   "), "phone number", id="phone-blank"
        ),
        pytest.param(
            lambda c: c.contacts_by_phone(CUSTOMER, "1" * 41), "phone number", id="phone-41"
        ),
        pytest.param(
            lambda c: c.contacts_by_email(CUSTOMER, "anna.example.se"), "e-mail", id="email-no-at"
        ),
        pytest.param(
            lambda c: c.contacts_by_email(CUSTOMER, "a@" + "x" * 99), "e-mail", id="email-101"
        ),
        pytest.param(
            lambda c: c.estates(CUSTOMER, status=EstateStatusFilter(0)),
            "status",
            id="estates-no-status",
        ),
        pytest.param(
            lambda c: c.estates(CUSTOMER, status=EstateStatusFilter.FOR_SALE, page_size=0),
            "page_size",
            id="estates-page-size-0",
        ),
        pytest.param(
            lambda c: c.estates(CUSTOMER, status=EstateStatusFilter.FOR_SALE, page_index=-1),
            "page_index",
            id="estates-negative-page",
        ),
        pytest.param(lambda c: c.viewings(CUSTOMER, ESTATE, timeout=0), "timeout", id="timeout-0"),
        pytest.param(
            lambda c: c.viewings(CUSTOMER, ESTATE, timeout=-1.0), "timeout", id="timeout-negative"
        ),
    ],
)
async def test_unusable_arguments_send_nothing(
    vitec_mock: respx.MockRouter,
    client: VitecClient,
    invoke: Callable[[VitecClient], Awaitable[object]],
    complaint: str,
) -> None:
    with pytest.raises(ValueError, match=complaint):
        await invoke(client)
    assert vitec_mock.calls.call_count == 0


async def test_value_errors_do_not_repeat_personal_data(client: VitecClient) -> None:
    # Messages of refused arguments name limits, never the phone number or address itself.
    with pytest.raises(ValueError, match="needs") as phone:
        await client.contacts_by_phone(CUSTOMER, "0701234567" * 5)
    with pytest.raises(ValueError, match="needs") as email:
        await client.contacts_by_email(CUSTOMER, "anna.andersson.example.se")
    assert "0701234567" not in str(phone.value)
    assert "anna" not in str(email.value)


# --- Failures ---------------------------------------------------------------------------------


async def _get_or_book(client: VitecClient, method: str) -> None:
    """The representative read (GET viewings) or the booking (POST)."""
    if method == "GET":
        await client.viewings(CUSTOMER, ESTATE)
    else:
        await client.book_participant(CUSTOMER, VIEWING, SLOT, CONTACT, FULL_BOOKING)


STATUS_ERRORS = [
    (301, VitecStatusError),
    (302, VitecStatusError),
    (307, VitecStatusError),
    (400, VitecValidationError),
    (401, VitecAuthError),
    (403, VitecForbiddenError),
    (404, VitecNotFoundError),
    (405, VitecStatusError),
    (409, VitecStatusError),
    (422, VitecStatusError),
    (429, VitecRateLimitedError),
    (500, VitecServerError),
    (501, VitecServerError),
    (502, VitecServerError),
    (503, VitecServerError),
    (504, VitecServerError),
]


@pytest.mark.parametrize(("status", "error"), STATUS_ERRORS)
@pytest.mark.parametrize(
    ("method", "path", "template"),
    [
        ("GET", VIEWINGS_PATH, VIEWINGS_TEMPLATE),
        ("POST", PARTICIPANT_PATH, PARTICIPANT_TEMPLATE),
    ],
)
async def test_each_status_raises_its_error(
    vitec_mock: respx.MockRouter,
    client: VitecClient,
    method: str,
    path: str,
    template: str,
    status: int,
    error: type[VitecStatusError],
) -> None:
    vitec_mock.route(method=method, path=path).mock(
        return_value=httpx.Response(
            status,
            headers={"Location": f"{BASE_URL}/elsewhere"},
            json={"message": f"Nej till {CONTACT}."},
        )
    )
    with pytest.raises(VitecStatusError) as caught:
        await _get_or_book(client, method)
    assert type(caught.value) is error
    assert caught.value.status_code == status
    assert (caught.value.method, caught.value.endpoint) == (method, template)
    for personal in (CONTACT, ESTATE, "Nej till"):
        assert personal not in str(caught.value)
    # A redirect is an answer, not an instruction: nothing else was requested.
    assert all(call.request.url.path == path for call in vitec_mock.calls)


async def test_a_refused_booking_carries_vitecs_reasons(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.post(PARTICIPANT_PATH).mock(
        return_value=httpx.Response(
            400,
            json={
                "message": "The request is invalid.",
                "modelState": {"model.LeadSourceId": ["Leadkällan har ett arbetsflöde."]},
            },
        )
    )
    with pytest.raises(VitecValidationError) as caught:
        await client.book_participant(CUSTOMER, VIEWING, SLOT, CONTACT, FULL_BOOKING)
    assert caught.value.messages == (
        FieldMessage("Leadkällan har ett arbetsflöde.", "leadSourceId"),
        FieldMessage("The request is invalid."),
    )


async def test_a_400_without_a_body_carries_no_made_up_reason(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.post(PARTICIPANT_PATH).mock(return_value=httpx.Response(400))
    with pytest.raises(VitecValidationError) as caught:
        await client.book_participant(CUSTOMER, VIEWING, SLOT, CONTACT, FULL_BOOKING)
    assert caught.value.messages == ()


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(
            httpx.Response(200, html="<html><body>Logga in på Vitec</body></html>"), id="html"
        ),
        pytest.param(
            httpx.Response(200, content=b'[{"id": "VIS1", "startsAt": "2026-0'), id="truncated"
        ),
        pytest.param(httpx.Response(200, json={"id": "VIS1"}), id="object-not-list"),
        pytest.param(
            httpx.Response(200, json={"commentary": "Anna 070-123 45 67"}), id="object-no-id"
        ),
        pytest.param(httpx.Response(200, content=b""), id="empty"),
        pytest.param(httpx.Response(204), id="no-content"),
        pytest.param(httpx.Response(200, json=None), id="null"),
    ],
)
async def test_a_success_with_the_wrong_body_is_a_response_error(
    vitec_mock: respx.MockRouter, client: VitecClient, answer: httpx.Response
) -> None:
    route = vitec_mock.get(VIEWINGS_PATH).mock(return_value=answer)
    with pytest.raises(VitecResponseError) as caught:
        await client.viewings(CUSTOMER, ESTATE)
    assert caught.value.endpoint == VIEWINGS_TEMPLATE
    assert "Anna" not in str(caught.value)
    assert "070" not in str(caught.value)
    # The pydantic error would repeat the body in a logged traceback.
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__
    assert route.call_count == 1


TRANSPORT_ERRORS = [
    (httpx.ConnectError, VitecConnectError),
    (httpx.ConnectTimeout, VitecConnectError),
    (httpx.PoolTimeout, VitecConnectError),
    (httpx.ReadTimeout, VitecTimeoutError),
    (httpx.WriteTimeout, VitecTimeoutError),
    (httpx.RemoteProtocolError, VitecTimeoutError),
    (httpx.ReadError, VitecTimeoutError),
    (httpx.WriteError, VitecTimeoutError),
]


@pytest.mark.parametrize(("raised", "expected"), TRANSPORT_ERRORS)
@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_no_answer_is_split_into_never_sent_and_unknown(
    vitec_mock: respx.MockRouter,
    client: VitecClient,
    method: str,
    raised: type[httpx.TransportError],
    expected: type[VitecNoResponseError],
) -> None:
    vitec_mock.route().mock(side_effect=raised)
    with pytest.raises(VitecNoResponseError) as caught:
        await _get_or_book(client, method)
    assert type(caught.value) is expected
    assert caught.value.method == method
    assert CONTACT not in str(caught.value)
    assert ESTATE not in str(caught.value)
    assert isinstance(caught.value.__cause__, raised)


async def test_an_undecodable_body_is_a_response_error(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    vitec_mock.get(VIEWINGS_PATH).mock(
        side_effect=lambda request: httpx.Response(
            200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(b"not gzip")
        )
    )
    with pytest.raises(VitecResponseError):
        await client.viewings(CUSTOMER, ESTATE)


# --- Timeouts ---------------------------------------------------------------------------------


async def test_the_default_timeouts_reach_the_request(
    vitec_mock: respx.MockRouter, client: VitecClient
) -> None:
    route = vitec_mock.get(VIEWINGS_PATH).mock(return_value=httpx.Response(200, json=[]))
    await client.viewings(CUSTOMER, ESTATE)
    timeout = route.calls.last.request.extensions["timeout"]
    assert timeout == {"connect": 3.0, "read": 20.0, "write": 10.0, "pool": 3.0}


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (1.5, {"connect": 1.5, "read": 1.5, "write": 1.5, "pool": 1.5}),
        (5.0, {"connect": 3.0, "read": 5.0, "write": 5.0, "pool": 3.0}),
        (60.0, {"connect": 3.0, "read": 60.0, "write": 10.0, "pool": 3.0}),
    ],
)
async def test_a_per_call_timeout_sets_the_read_timeout_and_caps_the_rest(
    vitec_mock: respx.MockRouter, client: VitecClient, seconds: float, expected: dict[str, float]
) -> None:
    route = vitec_mock.route().mock(return_value=httpx.Response(200, json={"matches": []}))
    await client.search_contacts(CUSTOMER, "Andersson", timeout=seconds)
    assert route.calls.last.request.extensions["timeout"] == expected


# --- The HTTP client --------------------------------------------------------------------------


def test_http_client_defaults() -> None:
    http = create_http_client(BASE_URL, USERNAME, PASSWORD)
    assert http.follow_redirects is False
    assert http.timeout == DEFAULT_TIMEOUT
    assert http.timeout == httpx.Timeout(connect=3.0, read=20.0, write=10.0, pool=3.0)
    assert (http.base_url.scheme, http.base_url.host) == ("https", "connect.vitec.test")
    assert http.headers["Accept"] == "application/json"
    assert http.headers["User-Agent"].startswith("visningsbot/")
    assert logging.getLogger("httpx").level == logging.WARNING
    assert logging.getLogger("httpcore").level == logging.WARNING


async def test_http_client_sends_credentials_and_does_not_follow_redirects() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(302, headers={"Location": "https://login.example/"})

    timeout = httpx.Timeout(1.0, read=4.0)
    http = create_http_client(
        BASE_URL,
        USERNAME,
        PASSWORD,
        timeout=timeout,
        transport=httpx.MockTransport(handler),
        user_agent="visningsbot-test/1",
    )
    async with http:
        response = await http.get("Viewing/M1/OBJ1")
    assert response.status_code == 302
    (request,) = seen
    assert request.url == httpx.URL(f"{BASE_URL}/Viewing/M1/OBJ1")
    assert request.headers["Authorization"] == BASIC_AUTH
    assert request.headers["User-Agent"] == "visningsbot-test/1"
    assert request.extensions["timeout"] == {"connect": 1.0, "read": 4.0, "write": 1.0, "pool": 1.0}


async def test_a_base_url_with_a_path_keeps_its_prefix() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[])

    transport = httpx.MockTransport(handler)
    http = create_http_client("https://gateway.test/vitec", USERNAME, PASSWORD, transport=transport)
    async with VitecClient(http) as client:
        await client.viewings(CUSTOMER, ESTATE)
    assert [str(r.url) for r in seen] == [f"https://gateway.test/vitec/Viewing/{CUSTOMER}/{ESTATE}"]


async def test_aclose_closes_the_http_client() -> None:
    http = create_http_client(BASE_URL, USERNAME, PASSWORD)
    client = VitecClient(http)
    await client.aclose()
    assert http.is_closed


# --- Logs -------------------------------------------------------------------------------------


async def test_logs_carry_no_ids_credentials_or_bodies(
    vitec_mock: respx.MockRouter,
    client: VitecClient,
    sleep: FakeSleep,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    phone = "0701234567"
    vitec_mock.post(PARTICIPANT_PATH).mock(return_value=httpx.Response(204))
    vitec_mock.delete(PARTICIPANT_PATH).mock(
        side_effect=[
            httpx.ConnectError("refused"),
            httpx.Response(400, json={"message": f"Kontakten {CONTACT} kan inte tas bort."}),
        ]
    )
    vitec_mock.get("/Contacts/GetContactsWithPhonenumber").mock(
        return_value=httpx.Response(503, text=f"Överbelastad: {phone}")
    )
    vitec_mock.get(f"/ViewingParticipant/{CUSTOMER}/{CONTACT}/{VIEWING}").mock(
        side_effect=httpx.ReadTimeout
    )

    await client.book_participant(CUSTOMER, VIEWING, SLOT, CONTACT, FULL_BOOKING)
    with pytest.raises(VitecValidationError):
        await client.remove_participant(CUSTOMER, VIEWING, SLOT, CONTACT)
    with pytest.raises(VitecServerError):
        await client.contacts_by_phone(CUSTOMER, phone)
    with pytest.raises(VitecTimeoutError):
        await client.participant_follow_up(CUSTOMER, CONTACT, VIEWING)

    vitec_records = [r for r in caplog.records if r.name == "bot.vitec"]
    assert {r.levelno for r in vitec_records} == {logging.DEBUG, logging.WARNING}
    assert len([r for r in vitec_records if r.levelno == logging.DEBUG]) == 1 + 2 + 3 + 1
    assert not [r for r in caplog.records if r.name.startswith(("httpx", "httpcore"))]
    forbidden = [
        CONTACT,
        CONTACT.lower(),
        PASSWORD,
        BASIC_AUTH.split()[1],
        phone,
        "070-123 45 67",
        "Vi kommer",
        "kan inte tas bort",
        "Överbelastad",
    ]
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        for secret in forbidden:
            assert secret not in text, (record.name, text)

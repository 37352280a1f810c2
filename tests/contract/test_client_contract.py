"""The client reads every answer Vitec's published description allows, and keeps what is usable.

For each read the bot makes, answers are drawn from the response schema (``swagger-2020.json``,
or ``ours.json`` for the newer endpoints it lacks), with keys left out and nulls sent as .NET may.
The client must read every one of them, and of a list keep exactly the items that carry what the
bot cannot act without (an id; a time slot's times) — the oracle below says that independently of
the models, from the raw JSON.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from hypothesis import example, given, settings

from bot.vitec.client import VitecClient, create_http_client
from bot.vitec.errors import VitecResponseError
from bot.vitec.models import EstateStatusFilter
from tests.contract.answers import (
    Json,
    answers,
    definition_schema,
    long_answers,
    non_empty,
    response_schema,
    usable,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

CUSTOMER = "M30011"
ESTATE = "OBJ11385_1395932274"
VIEWING = "VIS4B2E0C1D9A7F"
CONTACT = "ADR0123456789ABCDEF0123456789ABCDEF"
OTHER_OFFICE = "S6713"

EXAMPLES = settings(max_examples=30)
"""Per endpoint: enough to meet gaps at every depth, few enough for a few seconds each."""
LONG = settings(max_examples=3)

CONTACT_ID = {"pattern": "^ADR[0-9A-F]{32}$"}
"""Ids the client can put in a URL, so a look-up can ask for exactly the ids an answer holds."""
THIS_OR_OTHER_OFFICE = {"enum": [CUSTOMER, CUSTOMER.lower(), OTHER_OFFICE]}
PRESENT: dict[str, Any] = {}
SOME_TEXT = {"minLength": 1}
SOME = {"minItems": 1}


def read(answer: Json, call: Callable[[VitecClient], Awaitable[Any]]) -> Any:
    """What the client makes of ``answer`` (the same answer to every request)."""

    async def run() -> Any:
        transport = httpx.MockTransport(lambda request: httpx.Response(200, json=answer))
        http = create_http_client("https://connect.vitec.test", "u", "p", transport=transport)
        async with VitecClient(http) as client:
            return await call(client)

    return asyncio.run(run())


# --- The oracle: what the bot can act on, read straight from the JSON -----------------------------


def _id(value: Json) -> str | None:
    return value if isinstance(value, str) and value else None


def _text(value: Json) -> str | None:
    return value if isinstance(value, str) else None


def _time(value: Json) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _list(value: Json) -> list[Any]:
    return value if isinstance(value, list) else []


def _objects(value: Json) -> list[dict[str, Any]]:
    """The items of a list that are objects (null items are skipped); nothing if not a list."""
    return [v for v in _list(value) if isinstance(v, dict)]


def _object(value: Json) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _first(*values: Json) -> str | None:
    return next((v for v in values if isinstance(v, str) and v), None)


def _same_office(row: dict[str, Any]) -> bool:
    office = row.get("customerId")
    return not isinstance(office, str) or office.upper() == CUSTOMER


def _unique(pairs: list[tuple[str, Any]]) -> list[Any]:
    """Values by case-insensitive id, the first of each."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        seen.setdefault(key.upper(), value)
    return list(seen.values())


def _number_as_text(value: Json) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    return _text(value)


def _place(value: Json) -> str | None:
    """Text, or the first non-blank name-like field of an object (Vitec's model pages)."""
    if isinstance(value, dict):
        names = (value.get(k) for k in ("name", "value", "text", "displayName", "description"))
        return next((n for n in names if isinstance(n, str) and n.strip()), None)
    return _text(value)


# --- GET Viewing/{customerId}/{estateId} ----------------------------------------------------------

VIEWINGS = response_schema("/Viewing/{customerId}/{estateId}")
USABLE_VIEWINGS = non_empty(
    usable(
        usable(
            VIEWINGS,
            "Viewing.Models.Viewing",
            {"id": SOME_TEXT, "timeSlots": SOME},
            ("participantPerTimeSlot", "noLaterThen"),
        ),
        "Viewing.Models.TimeSlot",
        {"id": SOME_TEXT, "startsAt": PRESENT, "endsAt": PRESENT},
        ("participants",),
    )
)


def expected_viewings(answer: Json) -> list[Any]:
    return [
        (
            v["id"],
            v["participantPerTimeSlot"]
            if isinstance(v.get("participantPerTimeSlot"), int)
            else None,
            _time(v.get("noLaterThen")),
            [
                (
                    s["id"],
                    len(_objects(s["participants"]))
                    if isinstance(s.get("participants"), list)
                    else None,
                )
                for s in _objects(v.get("timeSlots"))
                if _id(s.get("id")) and _time(s.get("startsAt")) and _time(s.get("endsAt"))
            ],
        )
        for v in _objects(answer)
        if _id(v.get("id"))
    ]


def viewings_as_read(answer: Json) -> list[Any]:
    viewings = read(answer, lambda c: c.viewings(CUSTOMER, ESTATE))
    return [
        (
            v.id,
            v.participant_per_time_slot,
            v.no_later_then is not None,
            [(s.id, s.booked) for s in v.time_slots],
        )
        for v in viewings
    ]


@EXAMPLES
@given(answers(VIEWINGS, USABLE_VIEWINGS))
@example([])
def test_viewings(answer: Json) -> None:
    assert viewings_as_read(answer) == expected_viewings(answer)


@LONG
@given(long_answers(USABLE_VIEWINGS, 40))
def test_viewings_long_list(answer: Json) -> None:
    assert viewings_as_read(answer) == expected_viewings(answer)


# --- GET ViewingParticipant/{customerId}/{contactId}/{viewingId} ----------------------------------

FOLLOW_UP = response_schema("/ViewingParticipant/{customerId}/{contactId}/{viewingId}")
# The documented delta since 2020: rows name their time slot.
FOLLOW_UP["definitions"]["ParticipantFollowUp.Models.ParticipantFollowUp"]["properties"][
    "timeSlotId"
] = {"type": "string"}


@EXAMPLES
@given(answers(FOLLOW_UP))
@example([])
def test_participant_follow_up(answer: Json) -> None:
    rows = read(answer, lambda c: c.participant_follow_up(CUSTOMER, CONTACT, VIEWING))
    # Every row counts: the path names the contact and viewing a row leaves out.
    assert [(r.viewing_id, r.contact_id, r.time_slot_id) for r in rows] == [
        (
            _id(r.get("viewingId")) or VIEWING,
            _id(r.get("contactId")) or CONTACT,
            r.get("timeSlotId"),
        )
        for r in _objects(answer)
    ]


# --- GET CRM/Contact/{customerId}/{contactIds} and /{contactId} -----------------------------------

# Vitec declares the base type and sends its person and company forms; draw all three.
CRM_FORMS = [
    "Crm.Contact.CrmContact",
    "Crm.Contact.CrmPersonContact",
    "Crm.Contact.CrmCompanyContact",
]


def _crm(schema_root: dict[str, Any]) -> dict[str, Any]:
    schema = definition_schema(CRM_FORMS[0])
    for form in CRM_FORMS[1:]:
        schema["definitions"].update(definition_schema(form)["definitions"])
    for form in CRM_FORMS:
        schema["definitions"][form]["properties"]["id"].update(CONTACT_ID)
    return {**schema_root, "definitions": schema["definitions"]}


CRM_CONTACT = _crm({"anyOf": [{"$ref": f"#/definitions/{form}"} for form in CRM_FORMS]})
CRM_CONTACTS = _crm({"type": "array", "items": {"$ref": "#/definitions/contact"}})
CRM_CONTACTS["definitions"]["contact"] = {"anyOf": CRM_CONTACT["anyOf"]}
USABLE_CRM_CONTACT = usable(
    usable(
        CRM_CONTACT,
        "Crm.Contact.CrmPersonContact",
        {"id": CONTACT_ID},
        ("firstName", "lastName", "telephone", "email"),
    ),
    "Crm.Contact.CrmCompanyContact",
    {"id": CONTACT_ID},
    ("name", "telephone", "email"),
)
USABLE_CRM_CONTACTS = non_empty(
    usable(
        usable(
            CRM_CONTACTS,
            "Crm.Contact.CrmPersonContact",
            {"id": CONTACT_ID},
            ("firstName", "lastName", "telephone", "email"),
        ),
        "Crm.Contact.CrmCompanyContact",
        {"id": CONTACT_ID},
        ("name", "telephone", "email"),
    )
)
assert response_schema("/CRM/Contact/{customerId}/{contactIds}")["items"]["$ref"].endswith(
    CRM_FORMS[0]
)


def expected_crm_contacts(answer: Json) -> list[Any]:
    return _unique(
        [
            (
                c["id"],
                (
                    c["id"],
                    " ".join(p for p in (_text(c.get("firstName")), _text(c.get("lastName"))) if p)
                    or _text(c.get("name"))
                    or "–",
                    _first(
                        *(
                            _object(c.get("telephone")).get(k)
                            for k in ("cell", "home", "work", "other")
                        )
                    ),
                    _text(_object(c.get("email")).get("emailAddress")),
                ),
            )
            for c in _objects(answer if isinstance(answer, list) else [answer])
            if _id(c.get("id"))
        ]
    )


def contacts_as_read(answer: Json) -> list[Any]:
    items = answer if isinstance(answer, list) else [answer]
    asked = [c["id"] for c in _objects(items) if _id(c.get("id"))]
    contacts = read(answer, lambda c: c.contacts(CUSTOMER, [*asked, CONTACT]))
    return [(c.id, c.display_name, c.phone, c.email) for c in contacts if c.id != CONTACT]


@EXAMPLES
@given(answers(CRM_CONTACTS, USABLE_CRM_CONTACTS))
@example([])
def test_crm_contacts(answer: Json) -> None:
    assert contacts_as_read(answer) == expected_crm_contacts(answer)


@EXAMPLES
@given(answers(CRM_CONTACT, USABLE_CRM_CONTACT))
def test_a_crm_contact_as_a_bare_object(answer: Json) -> None:
    assert contacts_as_read(answer) == expected_crm_contacts(answer)


# --- GET Contacts/GetContactsWithPhonenumber ------------------------------------------------------

BY_PHONE = response_schema("/Contacts/GetContactsWithPhonenumber")
BY_PHONE_HERE = non_empty(
    usable(
        BY_PHONE,
        "Contact.Models.CustomerContactIds",
        {"customerId": THIS_OR_OTHER_OFFICE, "contactIds": SOME},
    )
)


@EXAMPLES
@given(answers(BY_PHONE, BY_PHONE_HERE))
@example([])
def test_contacts_by_phone(answer: Json) -> None:
    ids = read(answer, lambda c: c.contacts_by_phone(CUSTOMER, "070-123 45 67"))
    expected = [
        i
        for row in _objects(answer)
        if _same_office(row)
        for i in _list(row.get("contactIds"))
        if _id(i)
    ]
    assert list(ids) == list(dict.fromkeys(expected))


# --- POST Contacts/GetContacts --------------------------------------------------------------------

BY_EMAIL = response_schema("/Contacts/GetContacts", "post")
BY_EMAIL_HERE = non_empty(
    usable(
        usable(
            usable(
                BY_EMAIL,
                "Contact.Models.ContactCollection",
                {"customerId": THIS_OR_OTHER_OFFICE},
                ("persons", "companies"),
            ),
            "Contact.Models.Person",
            {"contactId": SOME_TEXT},
            ("firstName", "lastName", "cellPhone", "telePhone", "workPhone", "otherPhone", "email"),
        ),
        "Contact.Models.Company",
        {"contactId": SOME_TEXT},
        ("companyName", "switchPhone", "otherPhone", "email"),
    )
)


def _person(p: dict[str, Any]) -> tuple[str, Any]:
    name = " ".join(x for x in (_text(p.get("firstName")), _text(p.get("lastName"))) if x)
    phone = _first(*(p.get(k) for k in ("cellPhone", "telePhone", "workPhone", "otherPhone")))
    return p["contactId"], (p["contactId"], name or "–", phone, _email(p))


def _company(c: dict[str, Any]) -> tuple[str, Any]:
    phone = _first(c.get("switchPhone"), c.get("otherPhone"))
    name = _text(c.get("companyName")) or "–"
    return c["contactId"], (c["contactId"], name, phone, _email(c))


def _email(contact: dict[str, Any]) -> str | None:
    return _text(_object(contact.get("email")).get("emailAddress"))


@EXAMPLES
@given(answers(BY_EMAIL, BY_EMAIL_HERE))
@example([])
def test_contacts_by_email(answer: Json) -> None:
    contacts = read(answer, lambda c: c.contacts_by_email(CUSTOMER, "anna@example.se"))
    rows = [row for row in _objects(answer) if _same_office(row)]
    expected = _unique(
        [
            pair
            for row in rows
            for pair in [
                *(_person(p) for p in _objects(row.get("persons")) if _id(p.get("contactId"))),
                *(_company(c) for c in _objects(row.get("companies")) if _id(c.get("contactId"))),
            ]
        ]
    )
    assert [(c.id, c.display_name, c.phone, c.email) for c in contacts] == expected


# --- GET CRM/Lead/{customerId}/LeadSources --------------------------------------------------------

LEAD_SOURCES = response_schema("/CRM/Lead/{customerId}/LeadSources")
USABLE_LEAD_SOURCES = non_empty(
    usable(
        LEAD_SOURCES,
        "Lead.Models.LeadSource",
        {"id": SOME_TEXT, "name": {"pattern": r"\S"}},
        ("leadType",),
    )
)


@EXAMPLES
@given(answers(LEAD_SOURCES, USABLE_LEAD_SOURCES))
@example([])
def test_lead_sources(answer: Json) -> None:
    sources = read(answer, lambda c: c.lead_sources(CUSTOMER))
    assert [(s.id, s.name, s.lead_type) for s in sources] == [
        (s["id"], s["name"].strip(), _text(s.get("leadType")))
        for s in _objects(answer)
        # A source without a name cannot be offered to an agent.
        if _id(s.get("id")) and isinstance(s.get("name"), str) and s["name"].strip()
    ]


# --- POST Estate/GetEstateList --------------------------------------------------------------------

ESTATE_LIST = response_schema("/Estate/GetEstateList", "post")
KINDS = [
    "houses",
    "cottages",
    "housingCooperativeses",
    "plots",
    "projects",
    "farms",
    "commercialPropertys",
    "condominiums",
    "foreignProperties",
    "premises",
]
ESTATE_KINDS = [
    "List.Estate.HouseBasic",
    "List.Estate.HousingCooperativesBasic",
    "List.Estate.PlotBasic",
    "List.Estate.ProjectBasic",
    "List.Estate.FarmBasic",
    "List.Estate.CommercialPropertyBasic",
    "List.Estate.CondominiumBasic",
    "List.Estate.ForeignPropertyBasic",
    "List.Estate.PremisesBasic",
]
USABLE_ESTATE_LIST = usable(
    ESTATE_LIST, "List.Estate.EstateList", {"customerId": THIS_OR_OTHER_OFFICE}, tuple(KINDS)
)
for kind in ESTATE_KINDS:
    USABLE_ESTATE_LIST = usable(
        USABLE_ESTATE_LIST,
        kind,
        {"id": SOME_TEXT},
        ("status", "streetAddress", "areaName", "objectNumber", "dateChanged", "viewingsList"),
    )


def expected_estate_list(answer: Json) -> list[Any]:
    return _unique(
        [
            (
                e["id"],
                (
                    e["id"],
                    _text(e.get("objectNumber")),
                    _text(_object(e.get("status")).get("id")),
                    _text(_object(e.get("status")).get("name")),
                    _text(e.get("streetAddress")),
                    _place(e.get("areaName")),
                    _time(e.get("dateChanged")),
                    sum(_time(v.get("startTime")) for v in _objects(e.get("viewingsList"))),
                ),
            )
            for row in _objects(answer)
            if _same_office(row)
            for kind in KINDS
            for e in _objects(row.get(kind))
            if _id(e.get("id"))
        ]
    )


def estate_list_as_read(answer: Json) -> list[Any]:
    estates = read(answer, lambda c: c.estate_list(CUSTOMER))
    return [
        (
            e.id,
            e.reference_id,
            e.status_id,
            e.status_name,
            e.street_address,
            e.area,
            e.changed_at is not None,
            len(e.viewing_starts),
        )
        for e in estates
    ]


@EXAMPLES
@given(answers(ESTATE_LIST, USABLE_ESTATE_LIST))
@example([])
@example([{"customerId": CUSTOMER, **{kind: [] for kind in KINDS}}])
def test_estate_list(answer: Json) -> None:
    assert estate_list_as_read(answer) == expected_estate_list(answer)


# --- Ours: GET Advertising/Estate/{customerId}[/{estateId}], GET CRM/Contact/{customerId}/Search --

OURS = "ours.json"
ESTATE_PAGE = response_schema("/Advertising/Estate/{customerId}", name=OURS)
USABLE_ESTATE_PAGE = usable(
    usable(ESTATE_PAGE, "Ours.Advertising.EstatePage", {"rows": SOME}, ("count",)),
    "Ours.Advertising.EstateRow",
    {"id": SOME_TEXT},
    ("changedAt",),
)


@EXAMPLES
@given(answers(ESTATE_PAGE, USABLE_ESTATE_PAGE))
@example({})
def test_estate_page(answer: Json) -> None:
    page = read(answer, lambda c: c.estates(CUSTOMER, status=EstateStatusFilter.FOR_SALE))
    rows = _objects(_object(answer).get("rows"))
    assert [(r.id, r.changed_at is not None) for r in page.rows] == [
        (r["id"], _time(r.get("changedAt"))) for r in rows if _id(r.get("id"))
    ]
    count = _object(answer).get("count")
    assert page.count == (count if isinstance(count, int) else 0)


ADVERTISED_ESTATE = response_schema("/Advertising/Estate/{customerId}/{estateId}", name=OURS)
USABLE_ADVERTISED_ESTATE = usable(
    usable(
        usable(
            ADVERTISED_ESTATE,
            "Ours.Advertising.Estate",
            {"id": SOME_TEXT, "status": PRESENT, "address": PRESENT},
            ("referenceId", "changedAt"),
        ),
        "Ours.Advertising.Address",
        {"area": PRESENT, "zipCode": PRESENT},
        ("streetAddress", "postalTown"),
    ),
    # Draws area and zipCode as objects holding a name, or as text.
    "Ours.Advertising.NamedPart",
    {"name": SOME_TEXT},
    ("id",),
)


def _estate(client: VitecClient) -> Awaitable[Any]:
    return client.estate(CUSTOMER, ESTATE)


@EXAMPLES
@given(answers(ADVERTISED_ESTATE, USABLE_ADVERTISED_ESTATE))
def test_advertised_estate(answer: Json) -> None:
    call = _estate
    if not _id(answer.get("id")):
        # Without its id an estate is nothing the bot can offer.
        with pytest.raises(VitecResponseError):
            read(answer, call)
        return
    listing = read(answer, call).listing()
    status, address = _object(answer.get("status")), _object(answer.get("address"))
    assert (
        listing.id,
        listing.reference_id,
        listing.status_id,
        listing.status_name,
        listing.street_address,
        listing.postal_town,
        listing.area,
        listing.changed_at is not None,
    ) == (
        answer["id"],
        _text(answer.get("referenceId")),
        _number_as_text(status.get("id")),
        _text(status.get("name")),
        _text(address.get("streetAddress")),
        _text(address.get("postalTown")),
        _place(address.get("area")),
        _time(answer.get("changedAt")),
    )


CONTACT_SEARCH = response_schema("/CRM/Contact/{customerId}/Search", name=OURS)


@EXAMPLES
@given(
    answers(
        CONTACT_SEARCH,
        usable(
            usable(CONTACT_SEARCH, "Ours.Crm.ContactSearchResult", {"matches": SOME}),
            "Ours.Crm.ContactMatch",
            {"id": SOME_TEXT},
        ),
    )
)
@example({})
def test_contact_search(answer: Json) -> None:
    matches = read(answer, lambda c: c.search_contacts(CUSTOMER, "Andersson"))
    assert [m.id for m in matches] == [
        m["id"] for m in _objects(_object(answer).get("matches")) if _id(m.get("id"))
    ]

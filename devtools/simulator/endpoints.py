"""Vitec Connect's endpoints as the simulator answers them; the routing table is at the bottom.

Paths match case-insensitively (as ASP.NET routing does), ids too. Every endpoint needs Basic
auth; the office named in the path (or query, or body) must be one the password belongs to and
must be open, else 403.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.responses import JSONResponse, Response

from devtools.simulator import booking, listing, lookup, newcontact, wire
from devtools.simulator.errors import FieldError, Invalid, Refusal
from devtools.simulator.records import EstateKind

if TYPE_CHECKING:
    from collections.abc import Mapping

    from devtools.simulator.records import ContactRecord, EstateRecord, Slot, ViewingRecord
    from devtools.simulator.state import SimulatorState

MAX_CONTACT_IDS = 20
MIN_SEARCH_TERM = 5
MAX_SEARCH_SIZE = 100
MAX_PAGE_SIZE = 1000

ESTATE_NOT_FOUND = "Objektet hittades inte."
VIEWING_NOT_FOUND = "Visningen hittades inte."
SLOT_NOT_FOUND = "Visningstiden hittades inte."
CONTACT_NOT_FOUND = "Kontakten hittades inte."
NOT_BOOKED = "Kontakten är inte anmäld till visningstiden."
SERVER_ERROR = "An error has occurred."
ESTATE_LIST_FORBIDDEN = "Åtkomst nekad till objektlistor för kunden."
ESTATE_LIST_MISSING = (
    "No HTTP resource was found that matches the request URI 'Estate/GetEstateList'."
)


@dataclass
class Call:
    """One authenticated request on its way to an endpoint."""

    state: SimulatorState
    params: dict[str, str]
    """Route parameters, percent-decoded."""
    query: dict[str, str]
    """Query parameters, names lower-cased (ASP.NET binds them case-insensitively)."""
    body: bytes
    offices: frozenset[str]
    """Offices the credentials' password belongs to."""

    def office(self, customer_id: str) -> str:
        """The canonical customerId if these credentials may use that office, else a 403."""
        wanted = customer_id.upper()
        if wanted not in self.offices:
            raise Refusal(403, f"Åtkomst nekad till kund {customer_id}.")
        if self.state.is_closed(wanted):
            raise Refusal(403, f"Kunden {wanted} är stängd för integrationer.")
        return wanted

    def open_offices(self, customer_id: str | None) -> list[str]:
        """The office asked for, or every open office the credentials unlock when none is named."""
        if customer_id:
            return [self.office(customer_id)]
        found = sorted(o for o in self.offices if not self.state.is_closed(o))
        if not found:
            raise Refusal(403, "Åtkomst nekad.")
        return found

    def json(self) -> Any:
        """The body as JSON (None when empty); a body that is not JSON is a 400."""
        if not self.body.strip():
            return None
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError):
            raise Invalid(
                FieldError("model", "Begäran innehåller ogiltig JSON.", member=False)
            ) from None

    def int_query(self, name: str, default: int, *, low: int, high: int | None = None) -> int:
        """An integer query parameter within bounds, else a 400 naming it."""
        raw = self.query.get(name.lower())
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise Invalid(FieldError(name, f"Värdet '{raw[:20]}' är inte giltigt.")) from None
        if value < low or (high is not None and value > high):
            bounds = f"mellan {low} och {high}" if high is not None else f"minst {low}"
            raise Invalid(FieldError(name, f"Värdet måste vara {bounds}."))
        return value


def _ok(call: Call, data: Any) -> Response:
    """A 200 with the answer worded as the simulator's current shape says."""
    return JSONResponse(call.state.shape.render(data))


def _no_content() -> Response:
    return Response(status_code=204)


def _estate(call: Call, customer_id: str, estate_id: str) -> EstateRecord:
    """The estate to read; the broken one of the ``brokenEstate`` variant may answer 500."""
    found = call.state.data.estate(customer_id, estate_id)
    if found is None:
        raise Refusal(404, ESTATE_NOT_FOUND)
    if call.state.shape.broken(found.id) == "error":
        raise Refusal(500, SERVER_ERROR)
    return found


def _contact(call: Call, customer_id: str, contact_id: str) -> ContactRecord:
    found = call.state.contact(customer_id, contact_id)
    if found is None:
        raise Refusal(404, CONTACT_NOT_FOUND)
    return found


def _participant_target(call: Call) -> tuple[ViewingRecord, Slot, ContactRecord]:
    viewing, slot = _slot_target(call)
    return viewing, slot, _contact(call, viewing.customer_id, call.params["contact_id"])


def _slot_target(call: Call) -> tuple[ViewingRecord, Slot]:
    params = call.params
    if "customer_id" in params:
        customer_id = call.office(params["customer_id"])
    else:
        named = call.query.get("customerid")
        if not named and len(call.offices) != 1:
            raise Invalid(FieldError("customerId", "Kund måste anges.", member=False))
        customer_id = call.office(named or next(iter(call.offices)))
    viewing = call.state.data.viewing(customer_id, params["viewing_id"])
    if viewing is None:
        raise Refusal(404, VIEWING_NOT_FOUND)
    slot = viewing.slot(params["time_slot_id"])
    if slot is None:
        raise Refusal(404, SLOT_NOT_FOUND)
    return viewing, slot


# --- viewings and bookings --------------------------------------------------------------------


def book_participant(call: Call) -> Response:
    """``POST Viewing/{customerId}/{viewingId}/{timeSlotId}/Participant/{contactId}`` → 204."""
    viewing, slot, contact = _participant_target(call)
    raw = call.json()
    request = booking.bind(raw)
    registration = booking.decide(call.state, viewing, slot, contact, request)
    if registration is not None:
        call.state.add_participant(registration, raw)
    return _no_content()


def book_new_participant(call: Call) -> Response:
    """``POST Viewing/{customerId}/{viewingId}/{timeSlotId}/Participant`` → 200, a JSON string.

    The person is found by Vitec's duplicate check or created, then booked as
    AddViewingParticipant books; the answer is the contact's id, or the booking's id when
    ``returnBookingId`` is true. A person already on the viewing is answered as that call does.
    """
    viewing, slot = _slot_target(call)
    raw = call.json()
    request = newcontact.bind(raw)
    person = request.person
    contact = newcontact.find_existing(call.state.contacts_of(viewing.customer_id), person)
    if contact is None:
        # Refuse what the booking rules refuse before anyone is created.
        booking.check_slot(call.state, viewing, slot, request.booking)
        contact = call.state.create_contact(
            viewing.customer_id,
            first_name=person.first_name,
            last_name=person.last_name,
            cell=person.cell_phone,
            email=person.email,
        )
    registration = booking.decide(call.state, viewing, slot, contact, request.booking)
    if registration is not None:
        call.state.add_participant(registration, raw)
    return _ok(call, newcontact.answer(contact, call.state.new_id("VID"), request))


def remove_participant(call: Call) -> Response:
    """``DELETE Viewing/{customerId}/{viewingId}/{timeSlotId}/Participant/{contactId}`` → 204."""
    viewing, slot, contact = _participant_target(call)
    registration = call.state.participant(viewing.customer_id, viewing.id, contact.id)
    if registration is None or registration.slot_id != slot.id:
        raise Refusal(404, NOT_BOOKED)
    call.state.remove_participant(registration)
    return _no_content()


def viewings(call: Call) -> Response:
    """``GET Viewing/{customerId}/{estateId}``: every viewing of the estate, past ones too."""
    customer_id = call.office(call.params["customer_id"])
    estate = _estate(call, customer_id, call.params["estate_id"])
    unreadable = call.state.shape.broken(estate.id) == "unreadable"
    return _ok(call, [wire.viewing(call.state, v, unreadable=unreadable) for v in estate.viewings])


def estate_form(call: Call) -> Response:
    """``GET v2/Advertising/Form/{customerId}/Estate/{estateId}``."""
    customer_id = call.office(call.params["customer_id"])
    estate = _estate(call, customer_id, call.params["estate_id"])
    return _ok(call, wire.estate_form(call.state, estate))


def participant_follow_up(call: Call) -> Response:
    """``GET ViewingParticipant/{customerId}/{contactId}/{viewingId}``: [] when not booked."""
    customer_id = call.office(call.params["customer_id"])
    contact = _contact(call, customer_id, call.params["contact_id"])
    viewing = call.state.data.viewing(customer_id, call.params["viewing_id"])
    if viewing is None:
        raise Refusal(404, VIEWING_NOT_FOUND)
    registration = call.state.participant(customer_id, viewing.id, contact.id)
    return _ok(call, [wire.follow_up(registration)] if registration else [])


# --- contacts -----------------------------------------------------------------------------------


def search_contacts(call: Call) -> Response:
    """``GET CRM/Contact/{customerId}/Search?Term=&MaxSize=``."""
    customer_id = call.office(call.params["customer_id"])
    term = call.query.get("term", "").strip()
    if len(term) < MIN_SEARCH_TERM:
        message = f"Sökordet måste vara minst {MIN_SEARCH_TERM} tecken långt."
        raise Invalid(FieldError("Term", message))
    size = call.int_query("MaxSize", 20, low=1, high=MAX_SEARCH_SIZE)
    hits = lookup.search(call.state.contacts_of(customer_id), term)[:size]
    return _ok(call, {"matches": [wire.contact_match(c, score) for c, score in hits]})


def contacts_by_id(call: Call) -> Response:
    """``GET CRM/Contact/{customerId}/{id1,id2,…}``: the contacts found, unknown ids left out."""
    customer_id = call.office(call.params["customer_id"])
    ids = list(dict.fromkeys(i.strip().upper() for i in call.params["ids"].split(",")))
    ids = [i for i in ids if i]
    if len(ids) > MAX_CONTACT_IDS:
        message = f"Högst {MAX_CONTACT_IDS} kontakter kan hämtas åt gången."
        raise Invalid(FieldError("ids", message, member=False))
    found = (call.state.contact(customer_id, i) for i in ids)
    return _ok(call, [wire.contact(c) for c in found if c is not None])


def person(call: Call) -> Response:
    """``GET CRM/Contact/{customerId}/Person/{id}``."""
    customer_id = call.office(call.params["customer_id"])
    return _ok(call, wire.contact(_contact(call, customer_id, call.params["contact_id"])))


def contacts_by_phone(call: Call) -> Response:
    """``GET Contacts/GetContactsWithPhonenumber?phoneNumber=&customerId=``."""
    number = call.query.get("phonenumber", "").strip()
    if not lookup.normalise_phone(number):
        raise Invalid(FieldError("phoneNumber", "Telefonnummer måste anges.", member=False))
    result = []
    for customer_id in call.open_offices(call.query.get("customerid")):
        found = lookup.by_phone(call.state.contacts_of(customer_id), number)
        if found:
            result.append(wire.customer_contact_ids(customer_id, found))
    return _ok(call, result)


def contacts_by_email(call: Call) -> Response:
    """``POST Contacts/GetContacts`` with ``{customerId, emailAddresses[]}``."""
    raw = call.json()
    if not isinstance(raw, dict):
        raise Invalid(FieldError("model", "Begäran saknar innehåll.", member=False))
    body = {k.lower(): v for k, v in raw.items()}
    addresses = body.get("emailaddresses")
    if not isinstance(addresses, list) or not all(isinstance(a, str) for a in addresses):
        raise Invalid(FieldError("EmailAddresses", "En lista med e-postadresser måste anges."))
    customer = body.get("customerid")
    if customer is not None and not isinstance(customer, str):
        raise Invalid(FieldError("CustomerId", "Värdet måste vara en text."))
    result = []
    for customer_id in call.open_offices(customer):
        found = lookup.by_email(call.state.contacts_of(customer_id), addresses)
        if found:
            result.append(wire.contact_collection(customer_id, found))
    return _ok(call, result)


def lead_sources(call: Call) -> Response:
    """``GET CRM/Lead/{customerId}/LeadSources``."""
    customer_id = call.office(call.params["customer_id"])
    sources = call.state.data.lead_sources_of(customer_id)
    return _ok(call, [wire.lead_source(s) for s in sources])


# --- estates ------------------------------------------------------------------------------------


def estates(call: Call) -> Response:
    """``GET Advertising/Estate/{customerId}?Status=&PageSize=&PageIndex=`` (0-based pages)."""
    customer_id = call.office(call.params["customer_id"])
    mask = call.int_query("Status", 0, low=0)
    size = call.int_query("PageSize", 100, low=1, high=MAX_PAGE_SIZE)
    index = call.int_query("PageIndex", 0, low=0)
    rows = [e for e in call.state.data.estates_of(customer_id) if mask == 0 or e.status.bit & mask]
    page = rows[index * size : (index + 1) * size]
    return _ok(
        call,
        {
            "index": index,
            "count": math.ceil(len(rows) / size),
            "totalRowCount": len(rows),
            "rows": [wire.estate_row(e) for e in page],
        },
    )


def estate(call: Call) -> Response:
    """``GET Advertising/Estate/{customerId}/{estateId}``."""
    customer_id = call.office(call.params["customer_id"])
    found = _estate(call, customer_id, call.params["estate_id"])
    return _ok(call, wire.estate(call.state, found, call.state.shape))


def estate_list(call: Call) -> Response:
    """``POST Estate/GetEstateList`` with an ``EstateCriteria``: one ``EstateList`` per office."""
    answer = call.state.config.estate_list
    if answer == "missing":
        raise Refusal(404, ESTATE_LIST_MISSING)
    criteria = listing.bind(call.json())
    offices = call.open_offices(criteria.customer_id)
    if answer == "forbidden":
        raise Refusal(403, ESTATE_LIST_FORBIDDEN)
    shape = call.state.shape
    result = []
    for customer_id in offices:
        lists: dict[str, list[Any]] = {kind.list_name: [] for kind in EstateKind}
        for estate in call.state.data.estates_of(customer_id):
            if criteria.matches(estate):
                lists[estate.kind.list_name].append(wire.estate_list_item(estate, shape))
        result.append({"customerId": customer_id, **lists})
    return _ok(call, result)


# --- routing --------------------------------------------------------------------------------------

Endpoint = Callable[[Call], Response]
_PARAM = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    """The path template as a case-insensitive expression over the path without its first '/'."""
    endpoint: Endpoint


def _route(method: str, template: str, endpoint: Endpoint) -> Route:
    # split() alternates literal text and parameter names.
    parts = _PARAM.split(template)
    regex = "".join(
        re.escape(part) if n % 2 == 0 else f"(?P<{part}>[^/]+)" for n, part in enumerate(parts)
    )
    return Route(method, re.compile(f"{regex}/?", re.IGNORECASE), endpoint)


_PARTICIPANT = "Viewing/{customer_id}/{viewing_id}/{time_slot_id}/Participant/{contact_id}"
_PARTICIPANT_BY_QUERY = "Viewing/{viewing_id}/{time_slot_id}/Participant/{contact_id}"
_NEW_PARTICIPANT = "Viewing/{customer_id}/{viewing_id}/{time_slot_id}/Participant"
_NEW_PARTICIPANT_BY_QUERY = "Viewing/{viewing_id}/{time_slot_id}/Participant"

ROUTES: tuple[Route, ...] = (
    _route("POST", _PARTICIPANT, book_participant),
    _route("DELETE", _PARTICIPANT, remove_participant),
    _route("POST", _PARTICIPANT_BY_QUERY, book_participant),
    _route("DELETE", _PARTICIPANT_BY_QUERY, remove_participant),
    _route("POST", _NEW_PARTICIPANT, book_new_participant),
    _route("POST", _NEW_PARTICIPANT_BY_QUERY, book_new_participant),
    _route("GET", "Viewing/{customer_id}/{estate_id}", viewings),
    _route("GET", "v2/Advertising/Form/{customer_id}/Estate/{estate_id}", estate_form),
    _route(
        "GET", "ViewingParticipant/{customer_id}/{contact_id}/{viewing_id}", participant_follow_up
    ),
    _route("GET", "CRM/Contact/{customer_id}/Search", search_contacts),
    _route("GET", "CRM/Contact/{customer_id}/Person/{contact_id}", person),
    _route("GET", "CRM/Contact/{customer_id}/{ids}", contacts_by_id),
    _route("GET", "Contacts/GetContactsWithPhonenumber", contacts_by_phone),
    _route("POST", "Contacts/GetContacts", contacts_by_email),
    _route("GET", "CRM/Lead/{customer_id}/LeadSources", lead_sources),
    _route("GET", "Advertising/Estate/{customer_id}", estates),
    _route("GET", "Advertising/Estate/{customer_id}/{estate_id}", estate),
    _route("POST", "Estate/GetEstateList", estate_list),
)


@dataclass(frozen=True)
class Match:
    """The outcome of routing: an endpoint with its parameters, or the methods the path allows."""

    endpoint: Endpoint | None
    params: Mapping[str, str]
    allowed: tuple[str, ...] = ()


def route(method: str, path: str) -> Match | None:
    """The endpoint for this request; None when no route has this path."""
    relative = path.lstrip("/")
    allowed: list[str] = []
    for candidate in ROUTES:
        found = candidate.pattern.fullmatch(relative)
        if found is None:
            continue
        if candidate.method == method.upper():
            return Match(candidate.endpoint, found.groupdict())
        allowed.append(candidate.method)
    return Match(None, {}, tuple(dict.fromkeys(allowed))) if allowed else None

"""Every answer the simulator gives for a call Vitec documents validates against Vitec's contract.

The sweep reads the simulator's sample data through its HTTP API, for each open office and each
shape variant: every estate's viewings, a follow-up of a booking on every viewing, every contact
by id (in batches of 20) and every e-mail address (in one look-up), the first 20 contacts one by
one as a person and by phone and e-mail, searches for every last name, the lead sources, and the
estate list (whole and filtered). Each answer is validated with a Draft 4 validator against the
call's 200 schema in ``vitec/swagger-2020.json``. The calls the swagger lacks (the paged
``Advertising/Estate`` list and its items, ``CRM/Contact/…/Search``, ``v2/Advertising/Form``)
are swept against ``vitec/ours.json`` once it describes them, and skipped until then.

Choices, since Swagger 2.0 leaves them open:

- **Missing fields** pass, as in Swagger 2.0: a property is optional unless the definition lists
  it in ``required`` (``customerId`` of ``Contact.Models.Person`` and ``Crm.Contact.CrmContact``
  is, so the ``omitDefaults`` variant must still send it).
- **Null** fails wherever the description names a type, except in the ``nulls`` variant, which
  takes the documented delta "a client of another vintage may send null": there every property
  may also be null. So the published shape cannot drift back into nulls unnoticed, while the
  variant that sends them is still held to every other rule.
- **Undeclared properties** fail for the swagger's own definitions: the description does not
  forbid them (so a client must accept them), but the simulator, as a reading of the
  description, must not invent any. The one documented delta, ``timeSlotId`` on
  ``ParticipantFollowUp``, is added to that definition.
- **Times** must be .NET's date-time form (bare wall-clock, up to seven fraction digits, an
  offset allowed); jsonschema's RFC 3339 check would refuse every real Vitec time.
- The **broken estate** variant is outside the contract on purpose; the last tests show the
  validator refuses it, so the sweep could fail.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from jsonschema import Draft4Validator

from devtools.simulator import BrokenEstate, Shape, Simulator, create_simulator, known
from tests.contract.schema import Contract

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
OPEN_OFFICES = (known.SODERMALM, known.GOTEBORG)
CONTACTS_PER_CALL = 20

# Each variant changes fields independently of the others, so the last one, every variant
# switched on at once, also stands for numbers and nested addresses on their own.
VARIANTS = {
    "published": Shape(),
    "omit-defaults": Shape(omit_defaults=True),
    "nulls": Shape(nulls=True),
    "all-at-once": Shape(omit_defaults=True, nulls=True, numbers=True, nested_address=True),
}
SAMPLE = 20
"""Contacts read one by one (the well-known ones come first); all of them are read in batches."""

# The calls, by their templates in the swagger (and in ours.json, which follows its layout).
VIEWINGS = "/Viewing/{customerId}/{estateId}"
FOLLOW_UP = "/ViewingParticipant/{customerId}/{contactId}/{viewingId}"
CONTACTS = "/CRM/Contact/{customerId}/{contactIds}"
PERSON = "/CRM/Contact/{customerId}/Person/{contactId}"
BY_PHONE = "/Contacts/GetContactsWithPhonenumber"
BY_EMAIL = "/Contacts/GetContacts"
LEAD_SOURCES = "/CRM/Lead/{customerId}/LeadSources"
ESTATE_LIST = "/Estate/GetEstateList"
ESTATE_PAGE = "/Advertising/Estate/{customerId}"
ESTATE = "/Advertising/Estate/{customerId}/{estateId}"
ESTATE_FORM = "/v2/Advertising/Form/{customerId}/Estate/{estateId}"
SEARCH = "/CRM/Contact/{customerId}/Search"

# Every call the bot makes that the 2020 swagger describes: the sweep must validate each one.
SWAGGER_CALLS = {
    ("GET", VIEWINGS),
    ("GET", FOLLOW_UP),
    ("GET", CONTACTS),
    ("GET", PERSON),
    ("GET", BY_PHONE),
    ("POST", BY_EMAIL),
    ("GET", LEAD_SOURCES),
    ("POST", ESTATE_LIST),
}
# Calls newer than the swagger: swept once ours.json describes them.
NEWER_CALLS = {("GET", ESTATE_PAGE), ("GET", ESTATE), ("GET", ESTATE_FORM), ("GET", SEARCH)}

_CONTRACTS = {nulls: Contract(nulls=nulls) for nulls in (False, True)}


async def _no_sleep(_: float) -> None:
    """The simulator's latency faults are off; nothing waits."""


@dataclass
class Sweep:
    """Reads answers from the simulator and collects every way they break the contract."""

    contract: Contract
    problems: list[str] = field(default_factory=list)
    validated: Counter[tuple[str, str]] = field(default_factory=Counter)
    _validators: dict[tuple[str, str], Draft4Validator] = field(default_factory=dict)

    async def read(
        self,
        client: httpx.AsyncClient,
        method: str,
        template: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        body: Any = None,
    ) -> Any:
        """One call's answer, after checking it is a 200 that the contract allows."""
        response = await client.request(method, path, params=params, json=body)
        if response.status_code != 200:
            self.problems.append(f"{method} {path}: {response.status_code} {response.text[:200]}")
            return None
        answer = response.json()
        self.check(method, template, path, answer)
        return answer

    def check(self, method: str, template: str, where: str, answer: Any) -> None:
        """Validate an answer against the call's documented 200 schema, if it has one."""
        key = (method, template)
        validator = self._validators.get(key)
        if validator is None:
            schema = self.contract.answer_schema(method, template)
            if schema is None:
                return
            validator = self._validators[key] = self.contract.validator(schema)
        self.validated[key] += 1
        self.problems += [
            f"{method} {where}: {p}" for p in self.contract.problems(validator, answer)
        ]


async def _sweep_office(sweep: Sweep, sim: Simulator, client: httpx.AsyncClient, c: str) -> None:
    data = sim.state.data
    estates = data.estates_of(c)
    contacts = data.contacts_of(c)

    await sweep.read(client, "GET", LEAD_SOURCES, f"CRM/Lead/{c}/LeadSources")

    # The estate list: all of it, then filtered as the bot would (for sale and coming).
    lists = await sweep.read(
        client, "POST", ESTATE_LIST, "Estate/GetEstateList", body={"customerId": c}
    )
    listed = [
        item["id"]
        for row in lists or ()
        for value in row.values()
        if isinstance(value, list)
        for item in value
    ]
    assert sorted(listed) == sorted(e.id for e in estates)
    criteria = {"customerId": c, "statuses": [{"id": "4"}, {"id": "1024"}], "type": ["House"]}
    await sweep.read(client, "POST", ESTATE_LIST, "Estate/GetEstateList", body=criteria)

    if sweep.contract.documented("GET", ESTATE_PAGE):
        await sweep.read(
            client, "GET", ESTATE_PAGE, f"Advertising/Estate/{c}", params={"PageSize": "1000"}
        )
    for estate in estates:
        await sweep.read(client, "GET", VIEWINGS, f"Viewing/{c}/{estate.id}")
        if sweep.contract.documented("GET", ESTATE):
            await sweep.read(client, "GET", ESTATE, f"Advertising/Estate/{c}/{estate.id}")
        if sweep.contract.documented("GET", ESTATE_FORM):
            await sweep.read(
                client, "GET", ESTATE_FORM, f"v2/Advertising/Form/{c}/Estate/{estate.id}"
            )

    # A booking on every viewing (the API's own first), and a contact who is not booked.
    booked = {b.viewing_id: b.contact_id for b in sim.state.active_bookings() if b.customer_id == c}
    for registration in data.registrations:
        if registration.customer_id == c:
            booked.setdefault(registration.viewing_id, registration.contact_id)
    first = next(iter(booked))
    unbooked = next(x.id for x in contacts if sim.state.participant(c, first, x.id) is None)
    for viewing_id, contact_id in [*booked.items(), (first, unbooked)]:
        await sweep.read(
            client, "GET", FOLLOW_UP, f"ViewingParticipant/{c}/{contact_id}/{viewing_id}"
        )

    # Every contact by id in batches: each a CrmContact, and as a person a CrmPersonContact.
    person = sweep.contract.definition("Crm.Contact.CrmPersonContact")
    for start in range(0, len(contacts), CONTACTS_PER_CALL):
        ids = ",".join(x.id for x in contacts[start : start + CONTACTS_PER_CALL])
        batch = await sweep.read(client, "GET", CONTACTS, f"CRM/Contact/{c}/{ids}")
        for item in batch or ():
            sweep.problems += [
                f"CRM/Contact/{c}/… {item.get('id')} as a person: {p}"
                for p in sweep.contract.problems(person, item)
            ]
    # Every e-mail address in one look-up; the first contacts one by one, every way.
    emails = [e for x in contacts for e in (x.email, x.email2) if e]
    await sweep.read(
        client,
        "POST",
        BY_EMAIL,
        "Contacts/GetContacts",
        body={"customerId": c, "emailAddresses": emails},
    )
    for contact in contacts[:SAMPLE]:
        await sweep.read(client, "GET", PERSON, f"CRM/Contact/{c}/Person/{contact.id}")
        for phone in contact.phones:
            params = {"phoneNumber": phone, "customerId": c}
            await sweep.read(
                client, "GET", BY_PHONE, "Contacts/GetContactsWithPhonenumber", params=params
            )
        if contact.email:
            body = {"customerId": c, "emailAddresses": [contact.email]}
            await sweep.read(client, "POST", BY_EMAIL, "Contacts/GetContacts", body=body)
    if sweep.contract.documented("GET", SEARCH):
        for term in sorted({x.last_name for x in contacts if len(x.last_name) >= 5}):
            params = {"Term": term, "MaxSize": "100"}
            await sweep.read(client, "GET", SEARCH, f"CRM/Contact/{c}/Search", params=params)


@pytest.fixture
async def office_clients() -> AsyncIterator[tuple[Simulator, dict[str, httpx.AsyncClient]]]:
    sim = create_simulator(now=lambda: NOW, sleep=_no_sleep)
    clients = {
        office: httpx.AsyncClient(
            transport=httpx.ASGITransport(sim.app),
            base_url="http://vitec.test",
            auth=(known.USERNAME, known.PASSWORDS[office]),
        )
        for office in (*OPEN_OFFICES, known.CLOSED_OFFICE)
    }
    yield sim, clients
    for client in clients.values():
        await client.aclose()


@pytest.mark.parametrize("variant", list(VARIANTS))
async def test_every_simulator_answer_validates(
    office_clients: tuple[Simulator, dict[str, httpx.AsyncClient]], variant: str
) -> None:
    sim, clients = office_clients
    shape = VARIANTS[variant]
    sim.state.configure(shape=shape)
    # One booking made through the API, with an attendance, beside the sample data's own.
    slot = f"Viewing/{known.SODERMALM}/{known.VIEWING_ID}/{known.SLOT_ID}"
    response = await clients[known.SODERMALM].post(
        f"{slot}/Participant/{known.ASA_OBERG}", json={"participated": True}
    )
    assert response.status_code == 204

    sweep = Sweep(_CONTRACTS[shape.nulls])
    for office in OPEN_OFFICES:
        await _sweep_office(sweep, sim, clients[office], office)
    closed = await clients[known.CLOSED_OFFICE].get(f"CRM/Lead/{known.CLOSED_OFFICE}/LeadSources")
    assert closed.status_code == 403

    assert sweep.problems == []
    described = {call for call in NEWER_CALLS if sweep.contract.documented(*call)}
    assert set(sweep.validated) == SWAGGER_CALLS | described
    # Every estate's viewings were read, and a follow-up of every booked viewing (one more per
    # office for a contact who is not booked).
    data = sim.state.data
    open_estates = [e for e in data.estates if e.customer_id in OPEN_OFFICES]
    assert sweep.validated["GET", VIEWINGS] == len(open_estates)
    booked = {(r.customer_id, r.viewing_id) for r in data.registrations}
    booked_open = {(c, v) for c, v in booked if c in OPEN_OFFICES}
    assert sweep.validated["GET", FOLLOW_UP] == len(booked_open) + len(OPEN_OFFICES)


# --- the validator can fail -----------------------------------------------------------------------


def test_the_old_guesses_do_not_validate() -> None:
    contract = _CONTRACTS[False]
    viewings = contract.validator(contract.answer_schema("GET", VIEWINGS) or {})
    old_viewing = {
        "id": known.VIEWING_ID,
        "commentary": None,
        "isDigital": False,
        "timeSlots": [{"id": known.SLOT_ID, "participants": 2}],
    }
    assert contract.problems(viewings, [old_viewing]) == [
        "0/commentary: None is not of type 'string'",
        "0/timeSlots/0/participants: 2 is not of type 'array'",
        "0: Additional properties are not allowed ('isDigital' was unexpected)",
    ]
    collections = contract.validator(contract.answer_schema("POST", BY_EMAIL) or {})
    crm_person = {"id": known.ASA_OBERG, "customerId": known.SODERMALM, "telephone": {}}
    problems = contract.problems(collections, [{"persons": [crm_person]}])
    assert problems == [
        "0/persons/0: Additional properties are not allowed ('id', 'telephone' were unexpected)"
    ]
    assert contract.problems(contract.definition("Contact.Models.Person"), {}) == [
        "(answer): 'customerId' is a required property"
    ]


def test_nulls_pass_only_where_the_nulls_delta_is_taken() -> None:
    follow_up = {"timeSlotId": None, "contactId": known.ASA_OBERG, "participated": None}
    name = "ParticipantFollowUp.Models.ParticipantFollowUp"
    assert len(_CONTRACTS[False].problems(_CONTRACTS[False].definition(name), follow_up)) == 2
    assert _CONTRACTS[True].problems(_CONTRACTS[True].definition(name), follow_up) == []
    # A null item in a list, or a null answer, is not what the delta describes.
    leads = _CONTRACTS[True].validator(_CONTRACTS[True].answer_schema("GET", LEAD_SOURCES) or {})
    assert _CONTRACTS[True].problems(leads, [None]) == ["0: None is not of type 'object'"]


def test_times_must_be_dotnet_times() -> None:
    contract = _CONTRACTS[False]
    viewing = contract.definition("Viewing.Models.Viewing")
    for good in ("2026-12-05T17:30:00", "2026-12-05T17:30:00.6533333", "2026-12-05T17:30:00+01:00"):
        assert contract.problems(viewing, {"startsAt": good}) == []
    for bad in ("2026-12-05 17:30", "i går", "2026-12-05T17:30:00.12345678"):
        assert contract.problems(viewing, {"startsAt": bad}) != []


async def test_the_broken_estate_is_outside_the_contract(
    office_clients: tuple[Simulator, dict[str, httpx.AsyncClient]],
) -> None:
    sim, clients = office_clients
    client = clients[known.SODERMALM]
    broken = known.BROKEN_ESTATE_ID
    sim.state.configure(shape=Shape(broken_estate=BrokenEstate(answer="unreadable")))
    sweep = Sweep(_CONTRACTS[False])
    await sweep.read(
        client, "POST", ESTATE_LIST, "Estate/GetEstateList", body={"customerId": known.SODERMALM}
    )
    lists = (await client.post("Estate/GetEstateList", json={"customerId": known.SODERMALM})).json()
    position = next(
        f"0/{name}/{n}"
        for name, items in lists[0].items()
        if isinstance(items, list)
        for n, item in enumerate(items)
        if item["id"] == broken
    )
    assert sweep.problems
    assert all(p.startswith(f"POST Estate/GetEstateList: {position}/") for p in sweep.problems)

    sim.state.configure(shape=Shape(broken_estate=BrokenEstate(answer="error")))
    for path in (
        f"Viewing/{known.SODERMALM}/{broken}",
        f"Advertising/Estate/{known.SODERMALM}/{broken}",
    ):
        assert (await client.get(path)).status_code == 500
    assert (await client.get(f"Viewing/{known.SODERMALM}/{known.ESTATE_ID}")).status_code == 200

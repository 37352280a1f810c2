"""``visningsbot check --deep``: every read the bot makes, once, against the real Vitec.

A probe for day one with real credentials. It reads, never writes (no booking, no undo), and
prints counts and field paths only: no names, phone numbers, e-mail addresses or contact ids.
Each read gets one verdict:

- ``ok``: Vitec answered in the published shape;
- ``tolerated``: the bot could read the answer, reading past the listed field paths;
- ``fallback``: Vitec does not offer this read here; the bot gets the same another way;
- ``failed``: why, and what to do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from bot.settings import Settings
from bot.vitec.client import MIN_SEARCH_TERM_LENGTH, VitecClient, create_http_client
from bot.vitec.errors import (
    VitecAuthError,
    VitecConnectError,
    VitecError,
    VitecForbiddenError,
    VitecNotFoundError,
    VitecNotOfferedError,
    VitecRateLimitedError,
    VitecResponseError,
    VitecServerError,
    VitecTimeoutError,
)
from bot.vitec.models import EstateStatusFilter
from bot.vitec.reader import Tolerances

T = TypeVar("T")

Verdict = Literal["ok", "tolerated", "fallback", "failed", "skipped"]

ADVICE: tuple[tuple[type[VitecError], str], ...] = (
    (
        VitecNotOfferedError,
        "not offered to these credentials; the bot reads the office's estates page by page "
        "and one by one instead (more calls, same result).",
    ),
    (
        VitecAuthError,
        "Vitec refused the user name or password (401): check VITEC_USERNAME and "
        "VITEC_PASSWORD (Vitec issues one password per office and function group).",
    ),
    (
        VitecForbiddenError,
        "Vitec denied access (403): the office may be closed, or these credentials' function "
        "group does not cover this call; ask Vitec to open it for VITEC_CUSTOMER_ID.",
    ),
    (VitecNotFoundError, "Vitec does not know this (404): check VITEC_CUSTOMER_ID."),
    (VitecConnectError, "Could not connect: check VITEC_BASE_URL and the network."),
    (VitecTimeoutError, "Vitec did not answer in time: it may be down; try again later."),
    (VitecRateLimitedError, "Vitec asks the bot to slow down (429): try again in a while."),
    (VitecServerError, "Vitec failed on its side (5xx): try again later, or tell Vitec."),
    (
        VitecResponseError,
        "Vitec answered something the bot cannot read (not JSON, or a required field missing): "
        "check VITEC_BASE_URL points at Vitec Connect, not a proxy or login page.",
    ),
)


@dataclass
class Step:
    """One read and its verdict."""

    name: str
    verdict: Verdict
    detail: str
    tolerated: tuple[str, ...] = ()
    required: bool = True
    """Whether the bot cannot work when this read fails."""

    def lines(self) -> list[str]:
        """What the operator reads about this step."""
        head = f"{self.verdict.upper():<10}{self.name}: {self.detail}"
        return [head, *(f"{'':<10}  read past {path}" for path in self.tolerated)]


@dataclass
class Probe:
    """Runs the reads in order, each depending on what the one before found."""

    vitec: VitecClient
    office: str
    steps: list[Step] = field(default_factory=list)

    async def read(
        self,
        name: str,
        call: Callable[[], Awaitable[T]],
        describe: Callable[[T], str],
        *,
        required: bool = True,
    ) -> T | None:
        """One read: its verdict and the field paths it tolerated; None when it failed."""
        with Tolerances.watch() as seen:
            try:
                answer = await call()
            except VitecNotOfferedError as exc:
                self.steps.append(Step(name, "fallback", advice(exc), required=required))
                return None
            except VitecError as exc:
                self.steps.append(Step(name, "failed", advice(exc), required=required))
                return None
        paths = tuple(sorted({f"{t.path} ({t.cost})" for t in seen.counts()}, key=str.casefold))
        verdict: Verdict = "tolerated" if paths else "ok"
        self.steps.append(Step(name, verdict, describe(answer), paths, required=required))
        return answer

    def skip(self, name: str, why: str) -> None:
        """A read not made, and why."""
        self.steps.append(Step(name, "skipped", why, required=False))

    @property
    def works(self) -> bool:
        """Whether every read the bot cannot do without succeeded."""
        return not any(s.verdict == "failed" and s.required for s in self.steps)


def advice(exc: VitecError) -> str:
    """What the failure was and what to do, without any value from the request."""
    for kind, text in ADVICE:
        if isinstance(exc, kind):
            return text
    return f"Vitec answered unexpectedly ({type(exc).__name__})."


async def probe_vitec(
    vitec: VitecClient,
    office: str,
    *,
    contact_term: str | None = None,
    email: str | None = None,
    phone: str | None = None,
) -> Probe:
    """Make each read the bot makes once, in the order the bot needs them."""
    probe = Probe(vitec, office)
    listed = await probe.read(
        "POST Estate/GetEstateList",
        lambda: vitec.estate_list(office),
        lambda found: f"{len(found)} estates of the office in one call",
        required=False,
    )
    estate_ids = [e.id for e in listed] if listed else []
    page = await probe.read(
        "GET Advertising/Estate/{customerId}",
        lambda: vitec.estates(
            office, status=EstateStatusFilter.FOR_SALE | EstateStatusFilter.COMING, page_size=20
        ),
        lambda p: f"{p.total_row_count} estates for sale or coming, {p.count} page(s)",
        required=listed is None,
    )
    if page is not None:
        estate_ids = [row.id for row in page.rows] + estate_ids
    if not estate_ids:
        probe.skip("GET Advertising/Estate/{customerId}/{estateId}", "no estate to read")
        probe.skip("GET Viewing/{customerId}/{estateId}", "no estate to read")
    else:
        estate_id = estate_ids[0]
        await probe.read(
            "GET Advertising/Estate/{customerId}/{estateId}",
            lambda: vitec.estate(office, estate_id),
            lambda e: "an estate " + ("with" if e.address else "without") + " an address",
            required=listed is None,
        )
        await probe.read(
            "GET Viewing/{customerId}/{estateId}",
            lambda: vitec.viewings(office, estate_id),
            lambda v: f"{len(v)} viewing(s), {sum(len(x.time_slots) for x in v)} time slot(s)",
        )
    await probe.read(
        "GET CRM/Lead/{customerId}/LeadSources",
        lambda: vitec.lead_sources(office),
        lambda sources: f"{len(sources)} active lead source(s)",
    )
    await _probe_contacts(probe, contact_term=contact_term, email=email, phone=phone)
    return probe


async def _probe_contacts(
    probe: Probe, *, contact_term: str | None, email: str | None, phone: str | None
) -> None:
    vitec, office = probe.vitec, probe.office
    if contact_term is None or len(contact_term.strip()) < MIN_SEARCH_TERM_LENGTH:
        probe.skip(
            "GET CRM/Contact/{customerId}/Search",
            f"pass --contact TERM (at least {MIN_SEARCH_TERM_LENGTH} characters of a name)",
        )
    else:
        term = contact_term.strip()
        matches = await probe.read(
            "GET CRM/Contact/{customerId}/Search",
            lambda: vitec.search_contacts(office, term, max_size=5),
            lambda found: f"{len(found)} match(es)",
        )
        if matches:
            ids = [m.id for m in matches]
            await probe.read(
                "GET CRM/Contact/{customerId}/{contactIds}",
                lambda: vitec.contacts(office, ids),
                lambda found: f"{len(found)} of {len(ids)} contact(s) read",
            )
        else:
            probe.skip("GET CRM/Contact/{customerId}/{contactIds}", "the search found nobody")
    if email:
        await probe.read(
            "POST Contacts/GetContacts",
            lambda: vitec.contacts_by_email(office, email),
            lambda found: f"{len(found)} contact(s) with that address",
            required=False,
        )
    if phone:
        await probe.read(
            "GET Contacts/GetContactsWithPhonenumber",
            lambda: vitec.contacts_by_phone(office, phone),
            lambda found: f"{len(found)} contact(s) with that number",
            required=False,
        )


async def run_deep_check(
    settings: Settings,
    *,
    contact_term: str | None = None,
    email: str | None = None,
    phone: str | None = None,
) -> tuple[bool, list[str]]:
    """The probe against the configured Vitec: whether the bot can work, and what to print."""
    one = settings.single_workspace
    http = create_http_client(
        settings.vitec_base_url,
        one.vitec_username,
        one.vitec_password.get_secret_value(),
    )
    async with VitecClient(http) as vitec:
        probe = await probe_vitec(
            vitec,
            one.vitec_customer_id,
            contact_term=contact_term,
            email=email,
            phone=phone,
        )
    lines = [f"Vitec at {settings.vitec_base_url}, office {one.vitec_customer_id}:"]
    for step in probe.steps:
        lines += step.lines()
    verdict = "the bot can work" if probe.works else "the bot cannot work until this is fixed"
    lines.append(f"Vitec: {verdict}.")
    return probe.works, lines

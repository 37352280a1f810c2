"""The typed async client for the Vitec Connect calls visningsbot makes.

Errors and logs name an endpoint by its path template (``Viewing/{customer_id}/...``), never by
the filled path: the ids in it belong to people.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import json
import logging
import random
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx

from bot.vitec.errors import (
    VitecAuthError,
    VitecConnectError,
    VitecError,
    VitecForbiddenError,
    VitecNoResponseError,
    VitecNotFoundError,
    VitecNotOfferedError,
    VitecRateLimitedError,
    VitecResponseError,
    VitecServerError,
    VitecStatusError,
    VitecTimeoutError,
    VitecValidationError,
)
from bot.vitec.models import (
    AddNewViewingParticipant,
    AddViewingParticipant,
    Contact,
    ContactMatch,
    ContactSearchResult,
    CrmContact,
    EmailLookup,
    Estate,
    EstateList,
    EstateListing,
    EstatePage,
    EstateStatusFilter,
    LeadSource,
    ParticipantFollowUp,
    PhoneLookup,
    Viewing,
)
from bot.vitec.paths import check_id, id_list_segment, vitec_path
from bot.vitec.problems import parse_validation_messages
from bot.vitec.reader import Reader, Tolerances, UnreadableError
from bot.vitec.retry import RETRYABLE_STATUSES, RetryPolicy, is_retryable, parse_retry_after
from bot.vitec.transport import AiohttpTransport

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
    from types import TracebackType

    AttemptObserver = Callable[[str, str, str, float], None]
    """Told of every request sent: method, path template, status (or failure kind), seconds."""

__all__ = [
    "DEFAULT_TIMEOUT",
    "DEFAULT_USER_AGENT",
    "ESTATE_LIST_NOT_OFFERED",
    "MAX_CONTACTS_PER_REQUEST",
    "RetryPolicy",
    "Tolerances",
    "VitecClient",
    "create_http_client",
]

logger = logging.getLogger("bot.vitec")

T = TypeVar("T")


def _package_version() -> str:
    try:
        return importlib.metadata.version("visningsbot")
    except importlib.metadata.PackageNotFoundError:
        # Running from a source tree that was never installed.
        return "0+unknown"


DEFAULT_USER_AGENT = f"visningsbot/{_package_version()}"
DEFAULT_TIMEOUT = httpx.Timeout(connect=3.0, read=20.0, write=10.0, pool=3.0)
MAX_CONNECTIONS = 100
"""Requests to Vitec at once from one process; Vitec asks partners not to hammer it."""
DEFAULT_RETRY = RetryPolicy()

MAX_CONTACTS_PER_REQUEST = 20
"""Vitec's limit on ids in one ``GET CRM/Contact/{customerId}/{id1,id2,…}``."""
MIN_SEARCH_TERM_LENGTH = 5
"""Vitec's contact search refuses shorter terms."""
MAX_SEARCH_TERM_LENGTH = 100
MAX_SEARCH_SIZE = 100
MAX_PHONE_LENGTH = 40
MAX_EMAIL_LENGTH = 100
"""Vitec's own limit on ``emailAddress``."""

_PARTICIPANT = "Viewing/{customer_id}/{viewing_id}/{time_slot_id}/Participant/{contact_id}"
_NEW_PARTICIPANT = "Viewing/{customer_id}/{viewing_id}/{time_slot_id}/Participant"
_VIEWINGS = "Viewing/{customer_id}/{estate_id}"
_FOLLOW_UP = "ViewingParticipant/{customer_id}/{contact_id}/{viewing_id}"
_CONTACT_SEARCH = "CRM/Contact/{customer_id}/Search"
_CONTACT_OFFICE = "CRM/Contact/{customer_id}"
_CONTACTS = _CONTACT_OFFICE + "/{contact_ids}"
_CONTACTS_BY_PHONE = "Contacts/GetContactsWithPhonenumber"
_CONTACTS_BY_EMAIL = "Contacts/GetContacts"
_LEAD_SOURCES = "CRM/Lead/{customer_id}/LeadSources"
_ESTATES = "Advertising/Estate/{customer_id}"
_ESTATE = "Advertising/Estate/{customer_id}/{estate_id}"
_ESTATE_LIST = "Estate/GetEstateList"

_VIEWING_LIST: Reader[tuple[Viewing, ...]] = Reader(tuple[Viewing, ...])
_FOLLOW_UP_LIST: Reader[tuple[ParticipantFollowUp, ...]] = Reader(tuple[ParticipantFollowUp, ...])
_SEARCH_RESULT: Reader[ContactSearchResult] = Reader(ContactSearchResult)
_CONTACT_LIST: Reader[tuple[CrmContact, ...]] = Reader(tuple[CrmContact, ...])
_PHONE_ROWS: Reader[tuple[PhoneLookup, ...]] = Reader(tuple[PhoneLookup, ...])
_EMAIL_ROWS: Reader[tuple[EmailLookup, ...]] = Reader(tuple[EmailLookup, ...])
_LEAD_SOURCE_LIST: Reader[tuple[LeadSource, ...]] = Reader(tuple[LeadSource, ...])
_ESTATE_PAGE: Reader[EstatePage] = Reader(EstatePage)
_ESTATE_READER: Reader[Estate] = Reader(Estate)
_ESTATE_LISTS: Reader[tuple[EstateList, ...]] = Reader(tuple[EstateList, ...])

ESTATE_LIST_NOT_OFFERED = frozenset({400, 403, 404, 405, 501})
"""Answers to ``POST Estate/GetEstateList`` that mean "not for these credentials": read the paged
list and each estate instead."""

# Failures where the request certainly never left this process or never reached Vitec.
_NEVER_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
)


def create_http_client(
    base_url: str,
    username: str,
    password: str,
    *,
    timeout: httpx.Timeout | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    user_agent: str = DEFAULT_USER_AGENT,
    max_connections: int | None = None,
) -> httpx.AsyncClient:
    """An HTTP client for Vitec: Basic auth, explicit timeouts, no redirects.

    Requests go out through aiohttp (``bot.vitec.transport``) unless a transport is given.
    ``max_connections`` bounds the requests in flight at once (default ``MAX_CONNECTIONS``);
    more wait for a free connection.
    """
    # httpx logs every request URL at INFO and httpcore logs headers at DEBUG; URLs carry
    # contact ids and the phone numbers looked up, so neither may reach an application log.
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return httpx.AsyncClient(
        base_url=base_url,
        auth=httpx.BasicAuth(username, password),
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
        follow_redirects=False,
        headers={"User-Agent": user_agent, "Accept": "application/json"},
        transport=AiohttpTransport(max_connections=max_connections or MAX_CONNECTIONS)
        if transport is None
        else transport,
    )


class VitecClient:
    """Vitec Connect's viewing, CRM and advertising calls, with typed answers and safe retries.

    Answers are read tolerantly (:mod:`bot.vitec.reader`): ``tolerances`` counts, per endpoint
    template and field path, every difference from the contract the client read past since it
    was made; ``Tolerances.watch()`` collects those of the calls in one block.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        retry: RetryPolicy = DEFAULT_RETRY,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
        on_attempt: AttemptObserver | None = None,
    ) -> None:
        self._http = http
        self._on_attempt = on_attempt
        self._retry = retry
        self._sleep = sleep
        self._jitter = jitter
        # Requests beyond the pool's size wait here, in order and at no cost, rather than in
        # httpcore's pool, which looks over every waiting request each time a connection frees:
        # with Vitec slow and hundreds waiting, that alone starves the event loop.
        self._turns = asyncio.Semaphore(MAX_CONNECTIONS)
        self.tolerances = Tolerances()
        """What this client has read past: a count per (endpoint template, field path, cost)."""

    async def aclose(self) -> None:
        """Close the underlying HTTP client and its connections."""
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    # --- Bookings -----------------------------------------------------------------------------

    async def book_participant(
        self,
        customer_id: str,
        viewing_id: str,
        time_slot_id: str,
        contact_id: str,
        booking: AddViewingParticipant,
        *,
        timeout: float | None = None,
    ) -> None:
        """Book a contact onto a time slot; re-sent only when it certainly never reached Vitec."""
        await self._write_participant(
            "POST", customer_id, viewing_id, time_slot_id, contact_id, booking.to_wire(), timeout
        )

    async def book_new_participant(
        self,
        customer_id: str,
        viewing_id: str,
        time_slot_id: str,
        booking: AddNewViewingParticipant,
        *,
        timeout: float | None = None,
    ) -> str:
        """Find or create the person and book them; returns the contact id Vitec answered.

        ``AddNewViewingParticipant``: Vitec's duplicate check decides whether the person is found
        (contact id, else personnummer, else name with phone or e-mail) or created. Never
        re-sent once it may have reached Vitec, like every booking.
        """
        path = vitec_path(
            _NEW_PARTICIPANT,
            customer_id=customer_id,
            viewing_id=viewing_id,
            time_slot_id=time_slot_id,
        )
        response = await self._send(
            "POST",
            _NEW_PARTICIPANT,
            path,
            body=booking.to_wire(),
            safe_to_repeat=False,
            timeout=timeout,
        )
        return _answered_id(response, _NEW_PARTICIPANT)

    async def remove_participant(
        self,
        customer_id: str,
        viewing_id: str,
        time_slot_id: str,
        contact_id: str,
        *,
        timeout: float | None = None,
    ) -> None:
        """Remove a contact from a viewing's time slot (undo of a booking)."""
        # Whether a repeated DELETE is harmless (or notifies the contact twice) is undocumented.
        await self._write_participant(
            "DELETE", customer_id, viewing_id, time_slot_id, contact_id, None, timeout
        )

    async def _write_participant(
        self,
        method: str,
        customer_id: str,
        viewing_id: str,
        time_slot_id: str,
        contact_id: str,
        body: dict[str, Any] | None,
        timeout: float | None,
    ) -> None:
        path = vitec_path(
            _PARTICIPANT,
            customer_id=customer_id,
            viewing_id=viewing_id,
            time_slot_id=time_slot_id,
            contact_id=contact_id,
        )
        response = await self._send(
            method, _PARTICIPANT, path, body=body, safe_to_repeat=False, timeout=timeout
        )
        _check_write_answer(response, method, _PARTICIPANT)

    # --- Viewings -----------------------------------------------------------------------------

    async def viewings(
        self, customer_id: str, estate_id: str, *, timeout: float | None = None
    ) -> tuple[Viewing, ...]:
        """All viewings of an estate, with their time slots."""
        path = vitec_path(_VIEWINGS, customer_id=customer_id, estate_id=estate_id)
        return await self._get(_VIEWING_LIST, _VIEWINGS, path, timeout=timeout)

    async def participant_follow_up(
        self,
        customer_id: str,
        contact_id: str,
        viewing_id: str,
        *,
        timeout: float | None = None,
    ) -> tuple[ParticipantFollowUp, ...]:
        """The contact's bookings on a viewing: the way to learn whether a booking landed."""
        path = vitec_path(
            _FOLLOW_UP, customer_id=customer_id, contact_id=contact_id, viewing_id=viewing_id
        )
        # The path names the contact and the viewing, so a row that leaves either out is about
        # them: skipping it instead would read "not booked" and invite a second booking.
        named = {"viewingId": viewing_id, "contactId": contact_id}
        return await self._get(
            _FOLLOW_UP_LIST,
            _FOLLOW_UP,
            path,
            timeout=timeout,
            prepare=lambda data: _fill_in(data, named),
        )

    # --- Contacts -----------------------------------------------------------------------------

    async def search_contacts(
        self,
        customer_id: str,
        term: str,
        *,
        max_size: int = 20,
        timeout: float | None = None,
    ) -> tuple[ContactMatch, ...]:
        """Contacts whose name matches ``term`` (at least 5 characters): ids and scores only."""
        path = vitec_path(_CONTACT_SEARCH, customer_id=customer_id)
        term = term.strip()
        if not MIN_SEARCH_TERM_LENGTH <= len(term) <= MAX_SEARCH_TERM_LENGTH:
            raise ValueError(
                f"a contact search term needs {MIN_SEARCH_TERM_LENGTH}"
                f"–{MAX_SEARCH_TERM_LENGTH} characters, got {len(term)}"
            )
        if not 1 <= max_size <= MAX_SEARCH_SIZE:
            raise ValueError(f"max_size must be 1–{MAX_SEARCH_SIZE}, got {max_size}")
        params: dict[str, str | int] = {"Term": term, "MaxSize": max_size}
        result = await self._get(
            _SEARCH_RESULT, _CONTACT_SEARCH, path, params=params, timeout=timeout
        )
        return result.matches

    async def contacts(
        self,
        customer_id: str,
        contact_ids: Sequence[str],
        *,
        timeout: float | None = None,
    ) -> tuple[Contact, ...]:
        """Contacts by id in the order asked for, each once; ids Vitec did not return left out."""
        office = vitec_path(_CONTACT_OFFICE, customer_id=customer_id)
        if isinstance(contact_ids, str):
            raise TypeError("contact_ids must be a sequence of ids, not one string")
        # Ids are case-insensitive in Vitec, so ADRab… and ADRAB… are one contact.
        wanted: dict[str, str] = {}
        for contact_id in contact_ids:
            wanted.setdefault(check_id(contact_id, name="contact_id").upper(), contact_id)
        ids = list(wanted.values())
        paths = [
            f"{office}/{id_list_segment(ids[i : i + MAX_CONTACTS_PER_REQUEST], name='contact_id')}"
            for i in range(0, len(ids), MAX_CONTACTS_PER_REQUEST)
        ]
        batches = await _all_or_none(
            [
                # One id may come back as a bare object rather than a one-element list.
                self._get(_CONTACT_LIST, _CONTACTS, path, timeout=timeout, prepare=_as_list)
                for path in paths
            ]
        )
        found: dict[str, Contact] = {}
        for batch in batches:
            for contact in batch:
                found.setdefault(contact.id.upper(), contact.contact())
        return tuple(found[key] for key in wanted if key in found)

    async def contacts_by_phone(
        self, customer_id: str, phone: str, *, timeout: float | None = None
    ) -> tuple[str, ...]:
        """Ids of this office's contacts with the phone number (Vitec's normalisation applies)."""
        check_id(customer_id, name="customer_id")
        number = phone.strip()
        if not 1 <= len(number) <= MAX_PHONE_LENGTH:
            raise ValueError(f"a phone number needs 1–{MAX_PHONE_LENGTH} characters")
        params = {"phoneNumber": number, "customerId": customer_id}
        rows = await self._get(
            _PHONE_ROWS,
            _CONTACTS_BY_PHONE,
            vitec_path(_CONTACTS_BY_PHONE),
            params=params,
            timeout=timeout,
        )
        ids = (
            contact_id
            for row in rows
            if _same_office(row.customer_id, customer_id)
            for contact_id in row.contact_ids
        )
        return tuple(dict.fromkeys(ids))

    async def contacts_by_email(
        self, customer_id: str, email: str, *, timeout: float | None = None
    ) -> tuple[Contact, ...]:
        """This office's persons and companies with the e-mail address."""
        check_id(customer_id, name="customer_id")
        address = email.strip()
        if not 3 <= len(address) <= MAX_EMAIL_LENGTH or "@" not in address:
            raise ValueError(f"an e-mail address needs an '@' and at most {MAX_EMAIL_LENGTH} chars")
        response = await self._send(
            "POST",
            _CONTACTS_BY_EMAIL,
            vitec_path(_CONTACTS_BY_EMAIL),
            body={"customerId": customer_id, "emailAddresses": [address]},
            # A POST only because the addresses travel in the body: it reads and changes
            # nothing, so it is as safe to repeat as a GET.
            safe_to_repeat=True,
            timeout=timeout,
        )
        rows = self._read(_EMAIL_ROWS, response, "POST", _CONTACTS_BY_EMAIL)
        found: dict[str, Contact] = {}
        for row in rows:
            if _same_office(row.customer_id, customer_id):
                for contact in (
                    *(person.contact() for person in row.persons),
                    *(company.contact() for company in row.companies),
                ):
                    found.setdefault(contact.id.upper(), contact)
        return tuple(found.values())

    async def lead_sources(
        self, customer_id: str, *, timeout: float | None = None
    ) -> tuple[LeadSource, ...]:
        """The office's active lead sources."""
        path = vitec_path(_LEAD_SOURCES, customer_id=customer_id)
        return await self._get(_LEAD_SOURCE_LIST, _LEAD_SOURCES, path, timeout=timeout)

    # --- Estates ------------------------------------------------------------------------------

    async def estates(
        self,
        customer_id: str,
        *,
        status: EstateStatusFilter,
        page_size: int = 100,
        page_index: int = 0,
        timeout: float | None = None,
    ) -> EstatePage:
        """One page of the office's published estates with any of the ``status`` flags."""
        path = vitec_path(_ESTATES, customer_id=customer_id)
        if int(status) <= 0:
            raise ValueError("status needs at least one EstateStatusFilter flag")
        if page_size < 1 or page_index < 0:
            raise ValueError("page_size must be positive and page_index not negative")
        params = {"Status": int(status), "PageSize": page_size, "PageIndex": page_index}
        return await self._get(_ESTATE_PAGE, _ESTATES, path, params=params, timeout=timeout)

    async def estate(
        self, customer_id: str, estate_id: str, *, timeout: float | None = None
    ) -> Estate:
        """One estate with its address, status and objektnummer."""
        path = vitec_path(_ESTATE, customer_id=customer_id, estate_id=estate_id)
        return await self._get(_ESTATE_READER, _ESTATE, path, timeout=timeout)

    async def estate_list(
        self,
        customer_id: str,
        *,
        statuses: Sequence[str] = (),
        changed_since: datetime | None = None,
        timeout: float | None = None,
    ) -> tuple[EstateListing, ...]:
        """Every estate of the office in one call (``POST Estate/GetEstateList``), each once.

        ``statuses`` are ``Common.Estate.Status`` ids to keep (all when empty); ``changed_since``
        asks only for estates changed since then. An office that does not offer the call raises
        VitecNotOfferedError (its status in ESTATE_LIST_NOT_OFFERED): read ``estates`` and
        ``estate`` instead.
        """
        check_id(customer_id, name="customer_id")
        if isinstance(statuses, str):
            raise TypeError("statuses must be a sequence of status ids, not one string")
        criteria: dict[str, Any] = {"customerId": customer_id}
        if statuses:
            criteria["statuses"] = [{"id": status} for status in statuses]
        if changed_since is not None:
            if changed_since.tzinfo is None:
                raise ValueError("changed_since needs a time zone")
            criteria["typeOfDate"] = "DateChanged"
            criteria["dateFrom"] = changed_since.isoformat()
        try:
            response = await self._send(
                "POST",
                _ESTATE_LIST,
                vitec_path(_ESTATE_LIST),
                body=criteria,
                # A read that takes its criteria in a body: as safe to repeat as a GET.
                safe_to_repeat=True,
                timeout=timeout,
            )
        except VitecStatusError as exc:
            if exc.status_code in ESTATE_LIST_NOT_OFFERED:
                raise VitecNotOfferedError("POST", _ESTATE_LIST, exc.status_code) from None
            raise
        rows = self._read(_ESTATE_LISTS, response, "POST", _ESTATE_LIST)
        found: dict[str, EstateListing] = {}
        for row in rows:
            if _same_office(row.customer_id, customer_id):
                for item in row.estates():
                    found.setdefault(item.id.upper(), item.listing())
        return tuple(found.values())

    # --- Transport ----------------------------------------------------------------------------

    async def _get(
        self,
        reader: Reader[T],
        template: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        timeout: float | None,
        prepare: Callable[[object], object] | None = None,
    ) -> T:
        response = await self._send(
            "GET", template, path, params=params, safe_to_repeat=True, timeout=timeout
        )
        return self._read(reader, response, "GET", template, prepare=prepare)

    def _read(
        self,
        reader: Reader[T],
        response: httpx.Response,
        method: str,
        template: str,
        *,
        prepare: Callable[[object], object] | None = None,
    ) -> T:
        """The answer read tolerantly; VitecResponseError when it lacks what the bot needs."""
        try:
            try:
                data = json.loads(response.content)
            except (ValueError, UnicodeDecodeError):
                raise UnreadableError("not JSON") from None
            if prepare is not None:
                data = prepare(data)
            return reader.read(data, method=method, endpoint=template, tolerances=self.tolerances)
        except UnreadableError as exc:
            # Only a summary travels on: the body holds names and phone numbers, and a chained
            # exception would carry it into any traceback that gets logged.
            raise VitecResponseError(method, template, exc.detail) from None

    async def _send(
        self,
        method: str,
        template: str,
        path: str,
        *,
        safe_to_repeat: bool,
        timeout: float | None,
        params: Mapping[str, str | int] | None = None,
        body: dict[str, Any] | None = None,
    ) -> httpx.Response:
        """Send until success or a final failure; ``template`` is what errors and logs show."""
        request_timeout = self._request_timeout(timeout)
        attempt = 0
        while True:
            attempt += 1
            retry_after: float | None = None
            try:
                response = await self._attempt(
                    method, template, path, attempt, params, body, request_timeout
                )
            except VitecNoResponseError as exc:
                error: VitecError = exc
            else:
                if response.is_success:
                    return response
                if response.status_code in RETRYABLE_STATUSES:
                    retry_after = _retry_after(response)
                error = _status_error(method, template, response, retry_after)
            delay = self._retry.delay_before_retry(
                error,
                attempt=attempt,
                safe_to_repeat=safe_to_repeat,
                retry_after=retry_after,
                jitter=self._jitter,
            )
            if delay is None:
                if is_retryable(error, safe_to_repeat=safe_to_repeat):
                    logger.warning(
                        "vitec %s %s gave up after %d attempt(s): %s",
                        method,
                        template,
                        attempt,
                        _describe(error, retry_after),
                    )
                raise error
            logger.warning(
                "vitec %s %s failed (%s); attempt %d of %d in %.2f s",
                method,
                template,
                _describe(error, retry_after),
                attempt + 1,
                self._retry.max_attempts,
                delay,
            )
            await self._sleep(delay)

    async def _attempt(
        self,
        method: str,
        template: str,
        path: str,
        attempt: int,
        params: Mapping[str, str | int] | None,
        body: dict[str, Any] | None,
        timeout: httpx.Timeout,
    ) -> httpx.Response:
        started = time.perf_counter()
        outcome = "no answer"
        try:
            async with self._turns:
                response = await self._http.request(
                    method, path, params=params, json=body, timeout=timeout
                )
        except httpx.TransportError as exc:
            outcome = type(exc).__name__
            if isinstance(exc, _NEVER_SENT):
                raise VitecConnectError(method, template, outcome) from exc
            # Sent, or possibly sent: Vitec may have acted on it.
            raise VitecTimeoutError(method, template, outcome) from exc
        except httpx.DecodingError as exc:
            outcome = type(exc).__name__
            raise VitecResponseError(method, template, "undecodable body") from exc
        else:
            outcome = str(response.status_code)
            return response
        finally:
            seconds = time.perf_counter() - started
            logger.debug(
                "vitec %s %s -> %s in %.0f ms (attempt %d)",
                method,
                template,
                outcome,
                seconds * 1000,
                attempt,
            )
            if self._on_attempt is not None:
                self._on_attempt(method, template, outcome.replace(" ", "_"), seconds)

    def _request_timeout(self, seconds: float | None) -> httpx.Timeout:
        configured = self._http.timeout
        if seconds is None:
            return configured
        if not seconds > 0:
            raise ValueError(f"timeout must be positive, got {seconds}")
        # A caller with a short deadline (a picker inside Slack's 3 s) wants no phase of the
        # call to outlast it, so the other phases are capped by it too.
        return httpx.Timeout(
            connect=_at_most(configured.connect, seconds),
            read=seconds,
            write=_at_most(configured.write, seconds),
            pool=_at_most(configured.pool, seconds),
        )


def _at_most(configured: float | None, seconds: float) -> float:
    return seconds if configured is None else min(configured, seconds)


def _same_office(row_customer_id: str | None, customer_id: str) -> bool:
    return row_customer_id is None or row_customer_id.upper() == customer_id.upper()


async def _all_or_none(calls: list[Coroutine[Any, Any, T]]) -> list[T]:
    """Run calls concurrently; on the first failure cancel the rest and raise that failure."""
    tasks = [asyncio.ensure_future(call) for call in calls]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


def _check_write_answer(response: httpx.Response, method: str, template: str) -> None:
    """Vitec answers a write with 204 (or JSON); a page of HTML comes from something in between.

    A proxy or maintenance page in front of Vitec can answer 200 without the write being done,
    so such an answer is no success: the caller must treat the outcome as unknown.
    """
    if not response.content.strip():
        return
    content_type = response.headers.get("content-type", "").lower()
    if "json" not in content_type:
        raise VitecResponseError(method, template, f"{response.status_code} with a non-JSON body")


def _answered_id(response: httpx.Response, template: str) -> str:
    """The id a write answers as a JSON string; anything else leaves the outcome unknown."""
    try:
        data = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        raise VitecResponseError("POST", template, "not JSON") from None
    if not isinstance(data, str):
        raise VitecResponseError("POST", template, "not a JSON string")
    try:
        return check_id(data.strip(), name="contact_id")
    except ValueError:
        raise VitecResponseError("POST", template, "not an id") from None


def _as_list(data: object) -> object:
    return [data] if isinstance(data, dict) else data


def _fill_in(data: object, named: Mapping[str, str]) -> object:
    """Rows of a list with the fields the request's path already names filled in where absent."""
    if not isinstance(data, list):
        return data
    return [
        {**row, **{k: v for k, v in named.items() if row.get(k) in (None, "")}}
        if isinstance(row, dict)
        else row
        for row in data
    ]


def _retry_after(response: httpx.Response) -> float | None:
    return parse_retry_after(response.headers.get("Retry-After"), now=_server_time(response))


def _server_time(response: httpx.Response) -> datetime:
    """When the server sent the answer: an HTTP-date Retry-After is measured against this, so a
    skewed local clock can neither stretch nor cancel the wait."""
    try:
        sent = parsedate_to_datetime(response.headers.get("Date", ""))
    except (TypeError, ValueError, IndexError, OverflowError):
        return datetime.now(UTC)
    return sent if sent.tzinfo is not None else sent.replace(tzinfo=UTC)


def _status_error(
    method: str, template: str, response: httpx.Response, retry_after: float | None
) -> VitecStatusError:
    status = response.status_code
    if status == 400:
        messages = parse_validation_messages(response.content, response.headers.get("Content-Type"))
        return VitecValidationError(method, template, messages)
    if status == 429:
        return VitecRateLimitedError(method, template, retry_after)
    known: dict[int, type[VitecStatusError]] = {
        401: VitecAuthError,
        403: VitecForbiddenError,
        404: VitecNotFoundError,
    }
    if status in known:
        return known[status](method, template, status)
    if status >= 500:
        return VitecServerError(method, template, status)
    return VitecStatusError(method, template, status)


def _describe(error: VitecError, retry_after: float | None) -> str:
    kind = type(error).__name__
    if isinstance(error, VitecStatusError):
        kind = f"{kind} {error.status_code}"
    elif error.__cause__ is not None:
        # Which transport failure it was (ConnectTimeout, ReadError, …) tells an operator where
        # to look; the httpx exception's own text is left out.
        kind = f"{kind} ({type(error.__cause__).__name__})"
    if retry_after is not None:
        kind = f"{kind}, Retry-After {retry_after:g} s"
    return kind

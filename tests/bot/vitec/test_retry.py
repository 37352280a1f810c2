from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import httpx
import pytest

from bot.vitec.client import VitecClient
from bot.vitec.errors import (
    VitecConnectError,
    VitecError,
    VitecNotFoundError,
    VitecRateLimitedError,
    VitecServerError,
    VitecStatusError,
    VitecTimeoutError,
)
from bot.vitec.models import AddViewingParticipant
from bot.vitec.retry import RetryPolicy, is_retryable, parse_retry_after
from tests.bot.vitec.support import (
    CONTACT,
    CUSTOMER,
    ESTATE,
    SLOT,
    VIEWING,
    FakeSleep,
    http_for,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    import respx

# --- The policy on its own ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("retry", "jitter", "expected"),
    [
        (1, 0.0, 0.125),
        (1, 0.5, 0.1875),
        (1, 1.0, 0.25),
        (2, 0.5, 0.375),
        (3, 1.0, 1.0),
        (4, 1.0, 2.0),
        (5, 1.0, 2.0),
        (5, 0.0, 1.0),
        (10_000, 1.0, 2.0),
    ],
)
def test_backoff_is_capped_exponential_with_half_jitter(
    retry: int, jitter: float, expected: float
) -> None:
    assert RetryPolicy().backoff(retry, jitter) == pytest.approx(expected)


@pytest.mark.parametrize(
    "kwargs",
    [{"max_attempts": 0}, {"base_delay": -1.0}, {"max_delay": -0.1}, {"retry_after_cap": -5.0}],
)
def test_policy_refuses_nonsense(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must"):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


def _status(code: int) -> VitecStatusError:
    return VitecStatusError("GET", "Viewing/{customer_id}/{estate_id}", code)


@pytest.mark.parametrize(
    ("error", "safe_to_repeat", "expected"),
    [
        (VitecConnectError("POST", "x", "ConnectError"), False, True),
        (VitecConnectError("GET", "x", "ConnectError"), True, True),
        (VitecTimeoutError("GET", "x", "ReadTimeout"), True, False),
        (VitecTimeoutError("POST", "x", "ReadTimeout"), False, False),
        (_status(429), True, True),
        (_status(502), True, True),
        (_status(503), True, True),
        (_status(504), True, True),
        (_status(503), False, False),
        (_status(500), True, False),
        (_status(400), True, False),
        (_status(404), True, False),
    ],
)
def test_is_retryable(error: VitecError, *, safe_to_repeat: bool, expected: bool) -> None:
    assert is_retryable(error, safe_to_repeat=safe_to_repeat) is expected


@pytest.mark.parametrize(
    ("attempt", "retry_after", "expected"),
    [
        (1, None, 0.1875),
        (2, None, 0.375),
        (3, None, None),
        (1, 0.0, 0.0),
        (1, 4.5, 4.5),
        (1, 5.0, 5.0),
        (1, 5.01, None),
    ],
)
def test_delay_before_retry(
    attempt: int, retry_after: float | None, expected: float | None
) -> None:
    delay = RetryPolicy().delay_before_retry(
        _status(503),
        attempt=attempt,
        safe_to_repeat=True,
        retry_after=retry_after,
        jitter=lambda: 0.5,
    )
    assert delay == (None if expected is None else pytest.approx(expected))


NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("3", 3.0),
        (" 7 ", 7.0),
        ("1.5", 1.5),
        ("0", 0.0),
        ("-1", None),
        ("soon", None),
        ("1e3", None),
        ("nan", None),
        ("٣", None),
        ("9" * 400, None),
        ("Mon, 02 Mar 2026 09:30:04 GMT", 4.0),
        ("Mon, 02 Mar 2026 09:29:00 GMT", 0.0),
        ("Monday, 02-Mar-26 09:30:10 GMT", 10.0),
        ("Mon, 99 Foo 2026 09:30:04 GMT", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == expected


# --- Retries as Vitec sees them -----------------------------------------------------------------


def _book(client: VitecClient) -> Awaitable[object]:
    return client.book_participant(CUSTOMER, VIEWING, SLOT, CONTACT, AddViewingParticipant())


def _remove(client: VitecClient) -> Awaitable[object]:
    return client.remove_participant(CUSTOMER, VIEWING, SLOT, CONTACT)


def _viewings(client: VitecClient) -> Awaitable[object]:
    return client.viewings(CUSTOMER, ESTATE)


def _by_email(client: VitecClient) -> Awaitable[object]:
    return client.contacts_by_email(CUSTOMER, "anna@example.se")


CALLS: dict[str, Callable[[VitecClient], Awaitable[object]]] = {
    "GET viewings": _viewings,
    "POST e-mail lookup": _by_email,
    "POST booking": _book,
    "DELETE participant": _remove,
}
SAFE = ("GET viewings", "POST e-mail lookup")

NEVER_SENT = {
    "ConnectError": httpx.ConnectError,
    "ConnectTimeout": httpx.ConnectTimeout,
    "PoolTimeout": httpx.PoolTimeout,
}
MAYBE_SENT = {
    "ReadTimeout": httpx.ReadTimeout,
    "WriteTimeout": httpx.WriteTimeout,
    "RemoteProtocolError": httpx.RemoteProtocolError,
    "ReadError": httpx.ReadError,
}
BUSY = (429, 502, 503, 504)
FINAL = (400, 401, 403, 404, 409, 500)


def _attempt_table() -> list[tuple[str, str, int]]:
    rows: list[tuple[str, str, int]] = []
    for call in CALLS:
        safe = call in SAFE
        rows += [(call, kind, 3) for kind in NEVER_SENT]
        rows += [(call, kind, 1) for kind in MAYBE_SENT]
        rows += [(call, str(code), 3 if safe else 1) for code in BUSY]
        rows += [(call, str(code), 1) for code in FINAL]
    return rows


def _mock_failure(vitec_mock: respx.MockRouter, kind: str) -> respx.Route:
    route = vitec_mock.route()
    if kind.isdigit():
        return route.mock(return_value=httpx.Response(int(kind), json={"message": "Nej."}))
    return route.mock(side_effect=(NEVER_SENT | MAYBE_SENT)[kind])


@pytest.mark.parametrize(("call", "failure", "attempts"), _attempt_table())
async def test_attempts_per_call_and_failure(
    vitec_mock: respx.MockRouter,
    client: VitecClient,
    sleep: FakeSleep,
    call: str,
    failure: str,
    attempts: int,
) -> None:
    route = _mock_failure(vitec_mock, failure)
    with pytest.raises(VitecError):
        await CALLS[call](client)
    assert route.call_count == attempts
    # Jitter 0.5: each wait is 75 % of 0.25 s, 0.5 s, …
    assert sleep.delays == pytest.approx([0.1875, 0.375][: attempts - 1])


@pytest.mark.parametrize("call", CALLS)
async def test_a_connect_error_then_success_sends_once_more(
    vitec_mock: respx.MockRouter, client: VitecClient, sleep: FakeSleep, call: str
) -> None:
    body: list[object] | None = [] if call in SAFE else None
    ok = httpx.Response(200, json=body) if body is not None else httpx.Response(204)
    route = vitec_mock.route().mock(side_effect=[httpx.ConnectError("refused"), ok])
    await CALLS[call](client)
    assert route.call_count == 2
    assert sleep.delays == [0.1875]


async def test_a_busy_get_that_recovers_returns_the_answer(
    vitec_mock: respx.MockRouter, client: VitecClient, sleep: FakeSleep
) -> None:
    route = vitec_mock.get(f"/Viewing/{CUSTOMER}/{ESTATE}").mock(
        side_effect=[httpx.Response(503), httpx.Response(502), httpx.Response(200, json=[])]
    )
    assert await client.viewings(CUSTOMER, ESTATE) == ()
    assert route.call_count == 3
    assert sleep.delays == pytest.approx([0.1875, 0.375])


@pytest.mark.parametrize("status", [429, 503])
async def test_retry_after_seconds_is_honoured(
    vitec_mock: respx.MockRouter, client: VitecClient, sleep: FakeSleep, status: int
) -> None:
    route = vitec_mock.get(f"/Viewing/{CUSTOMER}/{ESTATE}").mock(
        side_effect=[
            httpx.Response(status, headers={"Retry-After": "2"}),
            httpx.Response(200, json=[]),
        ]
    )
    await client.viewings(CUSTOMER, ESTATE)
    assert route.call_count == 2
    assert sleep.delays == [2.0]


async def test_retry_after_as_http_date_is_measured_against_the_servers_clock(
    vitec_mock: respx.MockRouter, client: VitecClient, sleep: FakeSleep
) -> None:
    headers = {
        "Date": "Mon, 02 Mar 2026 09:30:00 GMT",
        "Retry-After": "Mon, 02 Mar 2026 09:30:03 GMT",
    }
    vitec_mock.get(f"/Viewing/{CUSTOMER}/{ESTATE}").mock(
        side_effect=[httpx.Response(429, headers=headers), httpx.Response(200, json=[])]
    )
    await client.viewings(CUSTOMER, ESTATE)
    assert sleep.delays == [3.0]


async def test_retry_after_above_the_cap_fails_at_once(
    vitec_mock: respx.MockRouter, client: VitecClient, sleep: FakeSleep
) -> None:
    route = vitec_mock.get(f"/Viewing/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(429, headers={"Retry-After": "30"})
    )
    with pytest.raises(VitecRateLimitedError) as caught:
        await client.viewings(CUSTOMER, ESTATE)
    assert caught.value.retry_after == 30.0
    assert route.call_count == 1
    assert sleep.delays == []


async def test_rate_limited_until_the_attempts_run_out(
    vitec_mock: respx.MockRouter, client: VitecClient, sleep: FakeSleep
) -> None:
    route = vitec_mock.get(f"/Viewing/{CUSTOMER}/{ESTATE}").mock(
        return_value=httpx.Response(429, headers={"Retry-After": "1"})
    )
    with pytest.raises(VitecRateLimitedError) as caught:
        await client.viewings(CUSTOMER, ESTATE)
    assert caught.value.retry_after == 1.0
    assert route.call_count == 3
    assert sleep.delays == [1.0, 1.0]


async def test_the_booking_ignores_retry_after(
    vitec_mock: respx.MockRouter, client: VitecClient, sleep: FakeSleep
) -> None:
    route = vitec_mock.route().mock(return_value=httpx.Response(429, headers={"Retry-After": "1"}))
    with pytest.raises(VitecRateLimitedError):
        await _book(client)
    assert route.call_count == 1
    assert sleep.delays == []


@pytest.mark.parametrize(("jitter", "expected"), [(0.0, [0.125, 0.25]), (1.0, [0.25, 0.5])])
async def test_jitter_is_injected(
    vitec_mock: respx.MockRouter, sleep: FakeSleep, jitter: float, expected: list[float]
) -> None:
    vitec_mock.route().mock(side_effect=httpx.ConnectError)
    async with VitecClient(http_for(vitec_mock), sleep=sleep, jitter=lambda: jitter) as client:
        with pytest.raises(VitecConnectError):
            await client.viewings(CUSTOMER, ESTATE)
    assert sleep.delays == pytest.approx(expected)


async def test_a_custom_policy_sets_attempts_and_cap(
    vitec_mock: respx.MockRouter, sleep: FakeSleep
) -> None:
    route = vitec_mock.route().mock(return_value=httpx.Response(503))
    policy = RetryPolicy(max_attempts=6, base_delay=1.0, max_delay=3.0)
    http = http_for(vitec_mock)
    async with VitecClient(http, retry=policy, sleep=sleep, jitter=lambda: 1.0) as client:
        with pytest.raises(VitecServerError):
            await client.viewings(CUSTOMER, ESTATE)
    assert route.call_count == 6
    assert sleep.delays == [1.0, 2.0, 3.0, 3.0, 3.0]


async def test_retry_and_give_up_are_warnings(
    vitec_mock: respx.MockRouter, client: VitecClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot.vitec")
    vitec_mock.route().mock(return_value=httpx.Response(503))
    with pytest.raises(VitecServerError):
        await client.viewings(CUSTOMER, ESTATE)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "vitec GET Viewing/{customer_id}/{estate_id} failed (VitecServerError 503); "
        "attempt 2 of 3 in 0.19 s",
        "vitec GET Viewing/{customer_id}/{estate_id} failed (VitecServerError 503); "
        "attempt 3 of 3 in 0.38 s",
        "vitec GET Viewing/{customer_id}/{estate_id} gave up after 3 attempt(s): "
        "VitecServerError 503",
    ]


async def test_a_transport_failure_warning_names_its_kind(
    vitec_mock: respx.MockRouter, client: VitecClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.vitec")
    vitec_mock.route().mock(
        side_effect=[httpx.ConnectTimeout("slow"), httpx.Response(200, json=[])]
    )
    await client.viewings(CUSTOMER, ESTATE)
    (warning,) = caplog.records
    assert "VitecConnectError (ConnectTimeout)" in warning.getMessage()
    assert "slow" not in warning.getMessage()


async def test_a_final_answer_is_no_warning(
    vitec_mock: respx.MockRouter, client: VitecClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot.vitec")
    vitec_mock.route().mock(return_value=httpx.Response(404))
    with pytest.raises(VitecNotFoundError):
        await client.viewings(CUSTOMER, ESTATE)
    assert [r.levelno for r in caplog.records] == [logging.DEBUG]

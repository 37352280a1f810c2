"""The bot's Vitec calls recorded at its HTTP transport: bodies masked, the bot's own wait."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from bot.vitec.client import RetryPolicy, VitecClient, create_http_client
from bot.vitec.errors import VitecError
from devtools.playground.masking import MASK
from devtools.playground.vitec_calls import RecordingTransport, VitecCalls
from devtools.simulator import Faults, ServerErrors, Simulator, known
from tests.conftest import no_sleep


class Stopwatch:
    """The transport's timer, moved on by the Vitec stand-in while it answers."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Slow(httpx.AsyncBaseTransport):
    """Vitec behind a network that takes `seconds` (on the stopwatch) to answer."""

    def __init__(self, inner: httpx.AsyncBaseTransport, watch: Stopwatch, seconds: float) -> None:
        self.inner, self.watch, self.seconds = inner, watch, seconds

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.watch.now += self.seconds
        return await self.inner.handle_async_request(request)


@pytest.fixture
def calls() -> VitecCalls:
    return VitecCalls()


@pytest.fixture
def watch() -> Stopwatch:
    return Stopwatch()


@pytest.fixture
async def vitec(
    simulator: Simulator, calls: VitecCalls, watch: Stopwatch
) -> AsyncIterator[VitecClient]:
    # Mounted under /vitec as in the playground: the recorded paths leave the mount point out.
    mounted = Starlette(routes=[Mount("/vitec", app=simulator.app)])
    inner = Slow(httpx.ASGITransport(mounted), watch, seconds=0.25)
    transport = RecordingTransport(
        calls, "/vitec", inner, clock=lambda: 1_700_000_000.0, timer=watch
    )
    http = create_http_client(
        "http://vitec.test/vitec",
        known.USERNAME,
        known.PASSWORDS[known.SODERMALM],
        transport=transport,
    )
    client = VitecClient(http, retry=RetryPolicy(), sleep=no_sleep, jitter=lambda: 0.5)
    yield client
    await client.aclose()


async def test_a_call_is_recorded_with_both_bodies_masked_and_the_bots_wait(
    vitec: VitecClient, calls: VitecCalls
) -> None:
    [contact] = await vitec.contacts(known.SODERMALM, [known.ASA_OBERG])
    assert contact.id == known.ASA_OBERG, "the bot got the answer as Vitec sent it"

    [call] = calls.calls
    assert (call.number, call.method, call.status) == (1, "GET", 200)
    assert call.path.startswith(f"/CRM/Contact/{known.SODERMALM}")
    assert call.at == 1_700_000_000.0
    assert call.ms == 250.0, "what the bot waited, network included"
    assert call.authorization == f"Basic {known.USERNAME}:{MASK}"
    assert not call.pending
    shown = str(call.response_body)
    assert "Åsa" in shown
    assert known.ASA_PHONE not in shown
    assert known.ASA_EMAIL not in shown
    assert "070-••• •• 67" in shown


async def test_a_booking_body_is_recorded_without_the_contacts_message(
    vitec: VitecClient, calls: VitecCalls
) -> None:
    http = vitec._http  # the bot's own client, so the request goes through the recorder
    await http.post(
        f"Viewing/{known.SODERMALM}/{known.VIEWING_ID}/{known.ASA_OBERG}",
        json={"timeSlotId": known.SLOT_ID, "contactMessage": "Vill gärna se förrådet."},
    )
    [call] = calls.calls
    assert call.request_body == {"timeSlotId": known.SLOT_ID, "contactMessage": MASK}


async def test_look_ups_by_phone_show_the_number_masked(
    vitec: VitecClient, calls: VitecCalls
) -> None:
    await vitec.contacts_by_phone(known.SODERMALM, "0701234567")
    assert "0701234567" not in calls.calls[0].path + calls.calls[0].query
    assert "070-••• •• 67" in calls.calls[0].path + calls.calls[0].query


async def test_every_attempt_is_its_own_call(
    vitec: VitecClient, calls: VitecCalls, simulator: Simulator
) -> None:
    simulator.state.faults = Faults(server_errors=ServerErrors(rate=1.0, status=503))
    with pytest.raises(VitecError):
        await vitec.contacts(known.SODERMALM, [known.ASA_OBERG])
    assert [c.status for c in calls.calls] == [503] * len(calls.calls)
    assert len(calls.calls) == RetryPolicy().max_attempts
    assert [c.number for c in calls.calls] == list(range(1, len(calls.calls) + 1))


class Silent(httpx.AsyncBaseTransport):
    """A Vitec that never answers in time, or that the bot stops waiting for."""

    def __init__(self, failure: BaseException) -> None:
        self.failure = failure

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise self.failure


@pytest.mark.parametrize(
    ("failure", "shown"),
    [
        (httpx.ReadTimeout("slow"), "ReadTimeout"),
        (httpx.ConnectError("refused"), "ConnectError"),
        (asyncio.CancelledError(), "avbruten"),
    ],
)
async def test_a_call_without_an_answer_says_why(failure: BaseException, shown: str) -> None:
    calls = VitecCalls()
    transport = RecordingTransport(calls, "", Silent(failure))
    with pytest.raises(type(failure)):
        await transport.handle_async_request(httpx.Request("GET", "http://vitec.test/Estate"))
    [call] = calls.calls
    assert (call.status, call.failure, call.pending) == (None, shown, False)
    assert calls.changes == 2, "once when sent, once when given up"


async def test_only_the_newest_calls_are_kept_but_all_are_counted() -> None:
    calls = VitecCalls(kept=3)
    transport = RecordingTransport(calls, "", Silent(httpx.ConnectError("refused")))
    for _ in range(5):
        with pytest.raises(httpx.ConnectError):
            await transport.handle_async_request(httpx.Request("GET", "http://vitec.test/"))
    assert calls.total == 5
    assert [c.number for c in calls.calls] == [3, 4, 5]
    assert calls.find(2) is None
    found = calls.find(4)
    assert found is not None
    assert found.number == 4

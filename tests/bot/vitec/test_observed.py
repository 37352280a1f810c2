"""Every request the client sends is told to its observer: method, path template, status, time."""

from __future__ import annotations

import httpx
import pytest
import respx

from bot.vitec.client import VitecClient
from bot.vitec.errors import VitecServerError, VitecTimeoutError
from bot.vitec.models import AddViewingParticipant
from tests.bot.vitec.support import (
    BASE_URL,
    CONTACT,
    CUSTOMER,
    ESTATE,
    SLOT,
    VIEWING,
    FakeSleep,
    http_for,
)

Observed = list[tuple[str, str, str, float]]


@pytest.fixture
def router() -> respx.MockRouter:
    return respx.MockRouter(base_url=BASE_URL, assert_all_called=False)


def client(router: respx.MockRouter, observed: Observed) -> VitecClient:
    def on_attempt(method: str, template: str, status: str, seconds: float) -> None:
        observed.append((method, template, status, seconds))

    return VitecClient(
        http_for(router), sleep=FakeSleep(), jitter=lambda: 0.5, on_attempt=on_attempt
    )


async def test_a_booking_is_observed_by_its_template_never_its_ids(
    router: respx.MockRouter,
) -> None:
    router.post(f"/Viewing/{CUSTOMER}/{VIEWING}/{SLOT}/Participant/{CONTACT}").respond(204)
    observed: Observed = []
    async with client(router, observed) as vitec:
        await vitec.book_participant(CUSTOMER, VIEWING, SLOT, CONTACT, AddViewingParticipant())

    [(method, template, status, seconds)] = observed
    assert (method, status) == ("POST", "204")
    assert template == "Viewing/{customer_id}/{viewing_id}/{time_slot_id}/Participant/{contact_id}"
    assert seconds >= 0


async def test_each_retry_of_an_html_error_page_is_observed_with_its_status(
    router: respx.MockRouter,
) -> None:
    router.get(f"/Viewing/{CUSTOMER}/{ESTATE}").respond(
        502, html="<html><body>Bad Gateway</body></html>"
    )
    observed: Observed = []
    async with client(router, observed) as vitec:
        with pytest.raises(VitecServerError):
            await vitec.viewings(CUSTOMER, ESTATE)

    assert len(observed) > 1
    assert {(m, t, s) for m, t, s, _ in observed} == {
        ("GET", "Viewing/{customer_id}/{estate_id}", "502")
    }


async def test_a_request_that_timed_out_is_observed_by_the_kind_of_timeout(
    router: respx.MockRouter,
) -> None:
    router.post(f"/Viewing/{CUSTOMER}/{VIEWING}/{SLOT}/Participant/{CONTACT}").mock(
        side_effect=httpx.ReadTimeout("no answer")
    )
    observed: Observed = []
    async with client(router, observed) as vitec:
        with pytest.raises(VitecTimeoutError):
            await vitec.book_participant(CUSTOMER, VIEWING, SLOT, CONTACT, AddViewingParticipant())

    # A POST that may have reached Vitec is not sent again: one attempt, one observation.
    assert [(m, s) for m, _, s, _ in observed] == [("POST", "ReadTimeout")]

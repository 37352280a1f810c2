"""``GET /metrics``: what an operator's Prometheus reads after agents have used the bot."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from devtools.simulator import known
from tests.scenarios.conftest import Stack
from tests.scenarios.test_booking import fill_form

TOKEN = "metrics-token-for-the-scenarios"
AUTHORIZED = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def stack_overrides() -> dict[str, Any]:
    return {"metrics_token": TOKEN}


def bot_url(stack: Stack) -> str:
    return stack.slack.bot_url.removesuffix("/slack/events")


async def scrape(stack: Stack) -> list[Sample]:
    async with httpx.AsyncClient() as client:
        answer = await client.get(f"{bot_url(stack)}/metrics", headers=AUTHORIZED)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=")
    return [s for family in text_string_to_metric_families(answer.text) for s in family.samples]


def value(samples: list[Sample], name: str, **labels: str) -> float:
    found = [s.value for s in samples if s.name == name and labels.items() <= s.labels.items()]
    return sum(found)


async def test_a_booking_shows_in_outcomes_ack_latency_and_vitec_endpoints(stack: Stack) -> None:
    before = await scrape(stack)
    view_id = await fill_form(stack)
    await stack.slack.submit(view_id)
    await stack.settle()

    after = await scrape(stack)
    booked = "visningsbot_bookings_total"
    assert value(after, booked, outcome="booked") == value(before, booked, outcome="booked") + 1
    acks = "visningsbot_ack_seconds_count"
    for kind in ("command", "block_suggestion", "block_actions", "view_submission"):
        assert value(after, acks, kind=kind) > value(before, acks, kind=kind), kind
    # Within Slack's 3 s: every acknowledgement of this booking falls in a bucket below it.
    in_time = "visningsbot_ack_seconds_bucket"
    assert value(after, in_time, le="3.0") - value(before, in_time, le="3.0") == value(
        after, acks
    ) - value(before, acks)

    vitec = "visningsbot_vitec_request_seconds_count"
    booking_endpoint = "Viewing/{customer_id}/{viewing_id}/{time_slot_id}/Participant/{contact_id}"
    assert value(after, vitec, method="POST", endpoint=booking_endpoint, status="204") >= 1
    endpoints = {s.labels["endpoint"] for s in after if s.name == vitec}
    # Each segment of a path is a word of Vitec's API or a placeholder, never an id.
    segment = re.compile(r"[A-Za-z]+|\{[a-z_]+\}")
    assert all(segment.fullmatch(part) for e in endpoints for part in e.split("/")), endpoints

    estates = value(after, "visningsbot_estate_cache_estates")
    assert estates == len((await stack.services.directory.search_estates("")).estates) > 0
    assert 0 <= value(after, "visningsbot_estate_cache_age_seconds") < 3600


async def test_no_label_holds_an_id_a_name_or_a_phone_number(stack: Stack) -> None:
    view_id = await fill_form(stack)
    await stack.slack.submit(view_id)
    await stack.settle()

    labels = {v for s in await scrape(stack) for k, v in s.labels.items() if k != "le"}
    ids = (known.SODERMALM, known.ESTATE_ID, known.VIEWING_ID, known.SLOT_ID, known.ASA_OBERG)
    for label in labels:
        assert not any(i.lower() in label.lower() for i in ids), label
        assert "Åsa" not in label
        assert "Öberg" not in label
        assert not re.search(r"\d{5,}", label), label


async def test_metrics_answer_only_the_bearer_of_the_token(stack: Stack) -> None:
    async with httpx.AsyncClient() as client:
        none = await client.get(f"{bot_url(stack)}/metrics")
        wrong = await client.get(
            f"{bot_url(stack)}/metrics", headers={"Authorization": f"Bearer {TOKEN}x"}
        )
        basic = await client.get(f"{bot_url(stack)}/metrics", auth=("metrics", TOKEN))
        right = await client.get(f"{bot_url(stack)}/metrics", headers=AUTHORIZED)
    for refused in (none, wrong, basic):
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"] == "Bearer"
        assert "visningsbot_" not in refused.text
    assert right.status_code == 200
    assert "visningsbot_bookings_total" in right.text

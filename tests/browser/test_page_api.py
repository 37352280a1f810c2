"""The page's own small API, in-process: fault switches, the merged log, the page's headers.

No browser and no bot here: just the page routes over a fake Slack and a simulator.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from starlette.applications import Starlette

from devtools.playground.masking import MASK
from devtools.playground.page import LOG_LIMIT, SLOW_SECONDS, page_routes
from devtools.playground.parts import Playground
from devtools.playground.run import playground_settings
from devtools.playground.slack import ApiCall, Delivery, FakeSlack
from devtools.playground.vitec_calls import RecordingTransport
from devtools.simulator import create_simulator, known


@dataclass
class Page:
    http: httpx.AsyncClient
    vitec: httpx.AsyncClient
    playground: Playground


@pytest.fixture
async def page() -> AsyncIterator[Page]:
    settings = playground_settings("http://127.0.0.1:3000", "sqlite+aiosqlite:///:memory:")
    slack = FakeSlack(
        bot_url="http://127.0.0.1:3000/bot/slack/events",
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        bot_token=settings.single_workspace.bot_token.get_secret_value(),
    )
    playground = Playground(slack=slack, simulator=create_simulator(), settings=settings)
    app = Starlette(routes=page_routes(playground))
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://page.test") as http,
        # The bot's side of the line: what goes through here is what the panel shows.
        httpx.AsyncClient(
            transport=RecordingTransport(
                playground.vitec_calls, "", httpx.ASGITransport(playground.simulator.app)
            ),
            base_url="http://vitec.test",
            auth=(known.USERNAME, known.PASSWORDS[known.SODERMALM]),
        ) as vitec,
    ):
        yield Page(http, vitec, playground)


def places_taken(page: Page) -> int:
    state = page.playground.simulator.state
    viewing = state.data.viewing(known.SODERMALM, known.VIEWING_ID)
    assert viewing is not None
    return state.participants(viewing, known.SLOT_ID)


async def test_the_switches_start_off(page: Page) -> None:
    answer = await page.http.get("/api/faults")
    assert answer.json() == {
        "slow": False,
        "down": False,
        "password": False,
        "full": False,
        "odd": False,
        "quiet": False,
    }


async def test_slow_and_down_are_simulator_faults(page: Page) -> None:
    answer = await page.http.put("/api/faults", json={"slow": True, "down": True})
    assert answer.json() == {
        "slow": True,
        "down": True,
        "password": False,
        "full": False,
        "odd": False,
        "quiet": False,
    }
    faults = page.playground.simulator.state.faults
    assert faults.latency is not None
    assert (faults.latency.seconds, faults.latency.method) == (SLOW_SECONDS, "POST")
    assert faults.server_errors is not None
    assert (faults.server_errors.rate, faults.server_errors.status) == (1.0, 503)

    await page.http.put("/api/faults", json={"slow": False})
    faults = page.playground.simulator.state.faults
    assert faults.latency is None
    assert faults.server_errors is not None, "the other switch stays as it was"


async def test_a_wrong_password_is_given_back_when_switched_off(page: Page) -> None:
    await page.http.put("/api/faults", json={"password": True})
    refused = await page.vitec.get(f"/Viewing/{known.SODERMALM}/{known.ESTATE_ID}")
    assert refused.status_code == 401

    await page.http.put("/api/faults", json={"password": False})
    again = await page.vitec.get(f"/Viewing/{known.SODERMALM}/{known.ESTATE_ID}")
    assert again.status_code == 200


async def test_a_full_slot_is_filled_and_emptied_again(page: Page) -> None:
    assert places_taken(page) == known.SLOT_BOOKED
    answer = await page.http.put("/api/faults", json={"full": True})
    assert answer.json()["full"] is True
    assert places_taken(page) == known.SLOT_CAPACITY

    answer = await page.http.put("/api/faults", json={"full": False})
    assert answer.json()["full"] is False
    assert places_taken(page) == known.SLOT_BOOKED
    assert page.playground.simulator.state.active_bookings() == []


async def test_odd_switches_on_the_shape_variants_and_a_broken_estate(page: Page) -> None:
    answer = await page.http.put("/api/faults", json={"odd": True})
    assert answer.json()["odd"] is True
    estate = await page.vitec.get(f"/Advertising/Estate/{known.SODERMALM}/{known.ESTATE_ID}")
    assert estate.json()["status"]["id"] == 4
    assert estate.json()["address"]["zipCode"] == {"value": "118 46"}
    broken = f"/Advertising/Estate/{known.SODERMALM}/{known.BROKEN_ESTATE_ID}"
    assert (await page.vitec.get(broken)).status_code == 500

    answer = await page.http.put("/api/faults", json={"odd": False})
    assert answer.json()["odd"] is False
    assert (await page.vitec.get(broken)).status_code == 200


async def test_switching_off_after_a_simulator_reset_does_no_harm(page: Page) -> None:
    await page.http.put("/api/faults", json={"full": True})
    await page.vitec.post("/_simulator/reset")
    answer = await page.http.put("/api/faults", json={"full": False})
    assert answer.json()["full"] is False
    assert places_taken(page) == known.SLOT_BOOKED


@pytest.mark.parametrize("change", [{"nope": True}, {"slow": "yes"}, {}, ["slow"]])
async def test_unknown_switches_are_refused(page: Page, change: object) -> None:
    answer = await page.http.put("/api/faults", json=change)
    assert answer.status_code == 400
    assert (await page.http.get("/api/faults")).json()["slow"] is False


async def test_the_log_shows_vitec_calls_without_the_password(page: Page) -> None:
    await page.vitec.get(f"/Viewing/{known.SODERMALM}/{known.ESTATE_ID}")
    log = (await page.http.get("/api/log")).json()
    [entry] = [e for e in log["entries"] if e["source"] == "vitec"]
    assert entry["title"] == f"GET /Viewing/{known.SODERMALM}/{known.ESTATE_ID}"
    assert entry["status"] == 200
    assert entry["note"] == "Basic visningsbot:••••"
    assert entry["waited"] is True
    assert known.PASSWORDS[known.SODERMALM] not in (await page.http.get("/api/log")).text

    unchanged = await page.http.get("/api/log", params={"version": log["version"]})
    assert unchanged.json() == {"version": log["version"], "same": True}
    await page.http.put("/api/faults", json={"down": True})
    changed = (await page.http.get("/api/log", params={"version": log["version"]})).json()
    assert "entries" in changed
    assert changed["switches"]["down"] is True


async def test_vitecs_answers_are_shown_with_personal_data_masked(page: Page) -> None:
    await page.vitec.get(f"/CRM/Contact/{known.SODERMALM}/Person/{known.ASA_OBERG}")
    log = (await page.http.get("/api/log")).json()
    [entry] = [e for e in log["entries"] if e["source"] == "vitec"]
    detail = await page.http.get(entry["detail"])
    response = detail.json()["response"]
    assert response["status"] == 200
    assert response["body"]["firstName"] == "Åsa"
    assert known.ASA_PHONE not in detail.text
    assert known.ASA_EMAIL not in detail.text
    assert "a•••@example.com" in detail.text


async def test_a_refusal_shows_vitecs_own_words(page: Page) -> None:
    await page.http.put("/api/faults", json={"password": True})
    await page.vitec.get(f"/Viewing/{known.SODERMALM}/{known.ESTATE_ID}")
    log = (await page.http.get("/api/log")).json()
    [entry] = [e for e in log["entries"] if e["source"] == "vitec"]
    assert (entry["status"], entry["ok"]) == (401, False)
    detail = (await page.http.get(entry["detail"])).json()
    assert "denied" in str(detail["response"]["body"])


async def test_the_log_says_how_much_it_leaves_out(page: Page) -> None:
    for _ in range(LOG_LIMIT + 5):
        await page.vitec.get(f"/Viewing/{known.SODERMALM}/{known.ESTATE_ID}")
    log = (await page.http.get("/api/log")).json()
    assert log["totals"] == {"slack": 0, "api": 0, "vitec": LOG_LIMIT + 5}
    assert log["limit"] == LOG_LIMIT
    shown = [e for e in log["entries"] if e["source"] == "vitec"]
    assert len(shown) == LOG_LIMIT
    assert shown[0]["id"] == f"v{LOG_LIMIT + 5}", "the newest first"
    assert (await page.http.get("/api/log/vitec/1")).status_code == 200, "still kept"


async def test_slack_payloads_are_masked_too(page: Page) -> None:
    world = page.playground.slack.world
    world.api_calls.append(
        ApiCall(
            "chat.postMessage",
            {"channel": "C0VISNING", "text": "Ring Åsa på 070-123 45 67"},
            {"ok": True},
            200,
            0.0,
        )
    )
    world.deliveries.append(
        Delivery(
            kind="view_submission",
            payload={
                "type": "view_submission",
                "token": "fakeVerificationToken0",
                "view": {
                    "state": {
                        "values": {
                            "message": {
                                "message_input": {
                                    "type": "plain_text_input",
                                    "value": "Vill gärna se förrådet.",
                                }
                            }
                        }
                    }
                },
            },
            status=200,
            body="",
            ms=3.0,
            timestamp="0",
            signature="v0=abc",
            outcome="closed",
            at=0.0,
        )
    )
    call = (await page.http.get("/api/log/api/0")).json()
    assert call["request"]["text"] == "Ring Åsa på 070-••• •• 67"
    delivery = (await page.http.get("/api/log/delivery/0")).json()
    typed = delivery["request"]["view"]["state"]["values"]["message"]["message_input"]
    assert typed == {"type": "plain_text_input", "value": MASK}
    assert delivery["request"]["token"] == MASK


async def test_the_page_runs_only_its_own_files(page: Page) -> None:
    index = await page.http.get("/")
    assert index.status_code == 200
    policy = index.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'self'" in policy
    assert '<script type="module" src="/static/app.js">' in index.text
    for asset in ("app.js", "style.css", "mrkdwn.js", "icon.svg"):
        assert (await page.http.get(f"/static/{asset}")).status_code == 200


async def test_log_details_of_unknown_entries_are_not_found(page: Page) -> None:
    assert (await page.http.get("/api/log/delivery/0")).status_code == 404
    assert (await page.http.get("/api/log/api/7")).status_code == 404
    assert (await page.http.get("/api/log/vitec/1")).status_code == 404

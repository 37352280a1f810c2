"""Vitec's notifications from the simulator: every booking and removal, and web bookings."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from devtools.simulator import Simulator, known
from devtools.simulator.notifications import Notifier

PARTICIPANT = (
    f"/Viewing/{known.SODERMALM}/{known.VIEWING_ID}/{known.SLOT_ID}/Participant/{known.ASA_OBERG}"
)


class Subscriber:
    """Stands in for the bot's notification URL: records what arrives, answers 200."""

    def __init__(self) -> None:
        self.got: list[tuple[str, dict[str, str], dict[str, Any]]] = []

    async def __call__(self, url: str, query: dict[str, str], body: dict[str, Any]) -> int:
        self.got.append((url, query, body))
        return 200


@pytest.fixture
def subscriber(sim: Simulator) -> Subscriber:
    subscriber = Subscriber()
    notifier = Notifier(url="http://127.0.0.1:3000/bot/vitec/notifications/s", post=subscriber)
    sim.state.notifier = notifier
    return subscriber


async def test_a_booking_and_its_removal_are_notified_as_vitec_does(
    http: httpx.AsyncClient, sim: Simulator, subscriber: Subscriber
) -> None:
    assert (await http.post(PARTICIPANT, json={})).status_code == 204
    assert (await http.delete(PARTICIPANT)).status_code == 204
    await sim.state.notifier.idle()

    (url, query, booked), (_, _, removed) = subscriber.got
    assert url.endswith("/vitec/notifications/s")
    assert booked == {
        "name": "ViewingParticipant",
        "type": "EstateContact",
        "event": "Update",
        "customerId": known.SODERMALM,
        "id": booked["id"],
        "subtype": "ViewingParticipant",
        "relId1": known.ESTATE_ID,
        "relType1": "Estate",
        "relId2": known.ASA_OBERG,
        "relType2": "Contact",
        "relId3": known.VIEWING_ID,
        "relType3": "Viewing",
    }
    assert booked["id"].startswith("VID")
    assert query == {k: str(v) for k, v in booked.items()}, "the query repeats the parameters"
    assert removed["event"] == "Remove"
    assert removed["id"] != booked["id"]
    assert [n.status for n in sim.state.notifier.sent] == [200, 200]


async def test_turned_off_nothing_is_sent(
    anonymous: httpx.AsyncClient, sim: Simulator, subscriber: Subscriber
) -> None:
    answer = await anonymous.put("/_simulator/notifications", json={"enabled": False})
    assert answer.json()["enabled"] is False
    assert (await anonymous.post("/_simulator/web-booking", json={})).status_code == 201
    await sim.state.notifier.idle()
    assert subscriber.got == []


async def test_a_web_booking_is_on_the_viewing_and_notified_but_not_the_apis(
    anonymous: httpx.AsyncClient, sim: Simulator, subscriber: Subscriber
) -> None:
    answer = await anonymous.post(
        "/_simulator/web-booking", json={"contactId": known.BJORN_LINDSTROM}
    )
    assert answer.status_code == 201
    made = answer.json()
    assert (made["viewingId"], made["contactId"]) == (known.VIEWING_ID, known.BJORN_LINDSTROM)
    assert made["name"] == "Björn Lindström"
    await sim.state.notifier.idle()
    [(_, _, body)] = subscriber.got
    assert body["relId2"] == known.BJORN_LINDSTROM
    assert sim.state.bookings == []
    assert sim.state.participant(known.SODERMALM, known.VIEWING_ID, known.BJORN_LINDSTROM)

    again = await anonymous.post(
        "/_simulator/web-booking", json={"contactId": known.BJORN_LINDSTROM}
    )
    assert again.status_code == 409


@pytest.mark.parametrize(
    "body",
    [{"url": "http://10.0.0.1/x"}, {"url": "ftp://127.0.0.1/x"}, {"enabled": "maybe"}, {"x": 1}],
)
async def test_a_subscriber_off_this_machine_or_an_odd_change_is_refused(
    anonymous: httpx.AsyncClient, body: dict[str, Any]
) -> None:
    answer = await anonymous.put("/_simulator/notifications", json=body)
    assert answer.status_code == 422


async def test_an_unknown_estate_or_contact_books_nothing(anonymous: httpx.AsyncClient) -> None:
    assert (
        await anonymous.post("/_simulator/web-booking", json={"estateId": "OBJ0"})
    ).status_code == 409
    assert (
        await anonymous.post("/_simulator/web-booking", json={"contactId": "ADR0"})
    ).status_code == 409

"""Vitec's notifications: bookings made on the web reach the channels that follow the estate,
once; the bot's own bookings are not repeated; estates and merged contacts stay current."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bot.ui.ids import ActionId
from devtools.simulator import known
from devtools.simulator.admin import WebBooking, book_from_web
from tests.scenarios.conftest import AGENT, CHANNEL, Stack

SECRET = "n" * 20 + "otification-secret-0123"
OTHER_CHANNEL = "C0SALJ"


@pytest.fixture
def stack_overrides() -> dict[str, Any]:
    return {"vitec_notification_secret": SECRET}


def notification_url(stack: Stack, secret: str = SECRET) -> str:
    base = stack.slack.bot_url.removesuffix("/slack/events")
    return f"{base}/vitec/notifications/{secret}"


@pytest.fixture
def subscribed(stack: Stack) -> Stack:
    """The simulator notifies the bot, as Vitec does once the office subscribes."""
    stack.simulator.state.notifier.configure(url=notification_url(stack), enabled=True)
    return stack


async def command(stack: Stack, text: str, channel_id: str = CHANNEL) -> None:
    delivery = await stack.slack.slash_command(AGENT, channel_id, text=text)
    assert delivery.status == 200, delivery
    await stack.settle()


async def delivered(stack: Stack) -> None:
    """Every notification under way reached the bot, and the bot finished with it."""
    await stack.simulator.state.notifier.idle()
    await stack.settle()


def web_posts(stack: Stack, channel_id: str = CHANNEL) -> list[str]:
    return [m.text for m in stack.channel(channel_id) if "via webben" in m.text]


async def test_a_web_booking_reaches_the_following_channel_exactly_once(subscribed: Stack) -> None:
    stack = subscribed
    await command(stack, "bevaka Götgatan 14")
    [started] = stack.channel()
    assert started.text.startswith("Kanalen bevakar nu *Götgatan 14*")
    assert started.ephemeral_to is None

    booked = book_from_web(stack.simulator.state, WebBooking())
    assert isinstance(booked, dict)
    await delivered(stack)

    [post] = web_posts(stack)
    weekday = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")
    assert post.startswith(f"{booked['name']} anmälde sig via webben till Götgatan 14, ")
    assert post.rsplit(", ", 1)[1].split()[0] in weekday
    assert post.endswith("17:30")
    assert web_posts(stack, OTHER_CHANNEL) == [], "only the following channel hears of it"

    # Vitec delivers the same notification again (a retry after a 5xx, a second subscription).
    [sent] = stack.simulator.state.notifier.sent
    assert sent.status == 200
    async with httpx.AsyncClient() as client:
        query = {k: str(v) for k, v in sent.body.items()}
        again = await client.post(notification_url(stack), params=query, json=sent.body)
    assert again.status_code == 200
    await stack.settle()
    assert len(web_posts(stack)) == 1


async def test_the_bots_own_booking_is_not_announced_again(subscribed: Stack) -> None:
    stack = subscribed
    await command(stack, "bevaka 2468-1134")
    view = await stack.open_form("Götgatan 14")
    contacts = await stack.slack.suggest(view.id, ActionId.CONTACT, "Åsa Öberg")
    stack.slack.set_value(view.id, ActionId.CONTACT, contacts[0]["value"])
    await stack.slack.submit(view.id)
    await stack.settle()
    await delivered(stack)

    [notified] = stack.simulator.state.notifier.sent
    assert (notified.body["relId2"], notified.status) == (known.ASA_OBERG, 200)
    assert web_posts(stack) == []
    assert [m.text for m in stack.channel() if m.text.startswith("Åsa Öberg är anmäld")]


async def test_after_sluta_bevaka_the_channel_hears_nothing(subscribed: Stack) -> None:
    stack = subscribed
    await command(stack, "bevaka Götgatan 14")
    await command(stack, "sluta bevaka Götgatan 14")
    assert stack.channel()[-1].text == "Kanalen bevakar inte längre *Götgatan 14*."
    book_from_web(stack.simulator.state, WebBooking())
    await delivered(stack)
    assert web_posts(stack) == []


async def test_turned_off_the_simulator_sends_nothing(subscribed: Stack) -> None:
    stack = subscribed
    stack.simulator.state.notifier.configure(enabled=False)
    await command(stack, "bevaka Götgatan 14")
    book_from_web(stack.simulator.state, WebBooking())
    await delivered(stack)
    assert stack.simulator.state.notifier.sent == []
    assert web_posts(stack) == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("bevaka", "Skriv vilket objekt"),
        ("bevaka Götgatn 14", "Menade du *Götgatan 14*?"),
        ("bevaka Ingenstansvägen 999", "Inget objekt till salu eller på gång matchar"),
        ("sluta bevaka Götgatan 14", "Kanalen bevakar inte *Götgatan 14*"),
        ("bevaka " + "x" * 5000, "Inget objekt"),
    ],
)
async def test_odd_follow_commands_are_answered_privately_and_change_nothing(
    stack: Stack, text: str, said: str
) -> None:
    await command(stack, text)
    [answer] = stack.channel(visible_to=AGENT)
    assert answer.ephemeral_to == AGENT
    assert said in answer.text
    assert await stack.services.ledger.inbound.followers(known.SODERMALM, known.ESTATE_ID) == []


@pytest.mark.parametrize(
    ("secret", "body", "status"),
    [
        ("wrong-" + SECRET, {"type": "Estate", "event": "Update"}, 404),
        (SECRET[:-1], {"type": "Estate", "event": "Update"}, 404),
        (SECRET, "<html><body>Bad gateway</body></html>", 400),
        (SECRET, {"something": "else"}, 400),
        (SECRET, ["a", "list"], 400),
        (SECRET, {"type": "Estate", "data": "x" * 70_000}, 413),
    ],
)
async def test_notifications_that_are_not_vitecs_are_refused(
    stack: Stack, secret: str, body: object, status: int
) -> None:
    content = body if isinstance(body, str) else None
    async with httpx.AsyncClient() as client:
        if content is not None:
            answer = await client.post(notification_url(stack, secret), content=content)
        else:
            answer = await client.post(notification_url(stack, secret), json=body)
    assert answer.status_code == status
    assert SECRET not in answer.text


async def notify(stack: Stack, body: dict[str, Any]) -> None:
    async with httpx.AsyncClient() as client:
        answer = await client.post(notification_url(stack), json=body)
    assert answer.status_code == 200
    await stack.settle()


async def test_an_estate_notification_refreshes_that_estate_in_the_picker(stack: Stack) -> None:
    directory = stack.services.directory
    kept = [e for e in directory._estates.values() if e.id != known.ESTATE_ID]
    directory.load_estates(kept)
    assert directory.estate(known.ESTATE_ID) is None

    await notify(
        stack,
        {
            "name": "Estate",
            "type": "Estate",
            "event": "Update",
            "customerId": known.SODERMALM,
            "id": known.ESTATE_ID,
            "subtype": "Condominium",
            "data": {"status": "ForSale"},
        },
    )
    entry = directory.estate(known.ESTATE_ID)
    assert entry is not None
    assert entry.street_address == "Götgatan 14"
    assert directory.match_command("Götgatan 14").estate == entry


async def test_a_merge_re_keys_the_contacts_sign_ups(stack: Stack) -> None:
    view = await stack.open_form("Götgatan 14")
    contacts = await stack.slack.suggest(view.id, ActionId.CONTACT, "Åsa Öberg")
    stack.slack.set_value(view.id, ActionId.CONTACT, contacts[0]["value"])
    await stack.slack.submit(view.id)
    await stack.settle()

    await notify(
        stack,
        {
            "name": "Merge",
            "type": "Merge",
            "event": "Merge",
            "customerId": known.SODERMALM,
            "id": known.JONS_ARLIG,
            "data": {"destinationId": known.JONS_ARLIG, "sourceIds": [known.ASA_OBERG]},
        },
    )
    [signup] = await stack.services.ledger.recent(team_id="T0VISNING", user_id=AGENT)
    assert signup.contact_id == known.JONS_ARLIG


async def test_another_offices_notification_changes_nothing(subscribed: Stack) -> None:
    stack = subscribed
    await command(stack, "bevaka Götgatan 14")
    await notify(
        stack,
        {
            "type": "EstateContact",
            "subtype": "ViewingParticipant",
            "event": "Update",
            "customerId": "M99999",
            "id": "VID1",
            "relId1": known.ESTATE_ID,
            "relId2": known.ASA_OBERG,
            "relId3": known.VIEWING_ID,
        },
    )
    assert web_posts(stack) == []

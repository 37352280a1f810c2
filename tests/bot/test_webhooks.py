"""``POST /vitec/notifications/{secret}``: the secret, bounded bodies, an answer at once."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import httpx
import pytest
from starlette.applications import Starlette

from bot.services import Services
from bot.settings import Settings, load_settings
from bot.vitec.notifications import Notification
from bot.webhooks import MAX_NOTIFICATION_BYTES, notification_route

SECRET = "s" * 40

BASE = {
    "slack_bot_token": "xoxb-1-2-3",
    "slack_signing_secret": "abcdef0123456789",
    "vitec_username": "visningsbot",
    "vitec_password": "pw-for-tests",
    "vitec_customer_id": "M30011",
}


class Received:
    def __init__(self) -> None:
        self.notifications: list[Notification] = []

    def received(self, notification: Notification) -> None:
        self.notifications.append(notification)


def client(settings: Settings, received: Received | None) -> httpx.AsyncClient:
    services = SimpleNamespace(notifications=received, office=None) if received else None
    app = Starlette(
        routes=[
            notification_route(settings, lambda: [cast(Services, services)] if services else None)
        ]
    )
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bot")


async def test_a_notification_is_handed_over_and_answered_at_once() -> None:
    received = Received()
    settings = load_settings(None, **BASE, vitec_notification_secret=SECRET)
    async with client(settings, received) as http:
        answer = await http.post(
            f"/vitec/notifications/{SECRET}",
            params={"type": "Estate", "id": "OBJ1"},
            json={"type": "Estate", "event": "Update", "customerId": "M30011", "id": "OBJ1"},
        )
    assert (answer.status_code, answer.json()) == (200, {"ok": True})
    [notification] = received.notifications
    assert (notification.type, notification.id) == ("Estate", "OBJ1")


@pytest.mark.parametrize(
    ("secret", "body", "status"),
    [
        ("wrong", b'{"type": "Estate"}', 404),
        (SECRET + "x", b'{"type": "Estate"}', 404),
        ("../" + SECRET, b'{"type": "Estate"}', 404),
        (SECRET, b"<html>502 Bad Gateway</html>", 400),
        (SECRET, b"\xff\xfe", 400),
        (SECRET, b"x" * (MAX_NOTIFICATION_BYTES + 1), 413),
        (SECRET, b'{"id": "x"}', 400),
    ],
)
async def test_what_is_not_a_notification_for_this_bot_is_refused(
    secret: str, body: bytes, status: int
) -> None:
    received = Received()
    settings = load_settings(None, **BASE, vitec_notification_secret=SECRET)
    async with client(settings, received) as http:
        answer = await http.post(f"/vitec/notifications/{secret}", content=body)
    assert answer.status_code == status
    assert received.notifications == []
    assert SECRET not in answer.text


async def test_without_a_configured_secret_every_notification_is_refused() -> None:
    received = Received()
    settings = load_settings(None, **BASE)
    async with client(settings, received) as http:
        answer = await http.post("/vitec/notifications/None", json={"type": "Estate"})
    assert answer.status_code == 404
    assert received.notifications == []


@pytest.mark.parametrize("secret", ["short", "x" * 31, "ö" * 40, "a b" * 20])
def test_a_weak_or_unsafe_secret_stops_the_bot_at_start(secret: str) -> None:
    with pytest.raises(Exception, match="VITEC_NOTIFICATION_SECRET"):
        load_settings(None, **BASE, vitec_notification_secret=secret)


def test_the_secret_never_shows_in_the_settings_repr() -> None:
    settings: Any = load_settings(None, **BASE, vitec_notification_secret=SECRET)
    assert SECRET not in repr(settings)

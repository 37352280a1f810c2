"""A web booking reaches the channels of the workspaces that follow its estate, each once."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from bot.directory import Directory
from bot.inbound.notifications import Notifications
from bot.notify import Delivered, Reporter
from bot.store import Follow, Ledger
from bot.tasks import BackgroundTasks
from bot.ui.messages import Message
from bot.vitec.notifications import read_notification

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
OFFICE = "M30011"
WEB_BOOKING = {
    "name": "Vitec",
    "type": "EstateContact",
    "subtype": "ViewingParticipant",
    "event": "Update",
    "customerId": OFFICE,
    "id": "BOOKING1",
    "relId1": "OBJ1",
    "relId2": "CON1",
    "relId3": "VIEW1",
}


class _Directory:
    customer_id = OFFICE

    async def contact(self, _contact_id: str, *, timeout: float) -> None:
        return None

    async def estate_by_id(self, _estate_id: str) -> None:
        return None

    async def booked_time(self, *_ids: str, timeout: float) -> None:
        return None


class _Reporter:
    def __init__(self) -> None:
        self.posted: list[str] = []

    async def post(self, message: Message, *, channel_id: str) -> Delivered:
        self.posted.append(channel_id)
        return Delivered("channel", channel_id, "1.2")


def _notifications(ledger: Ledger, reporter: _Reporter, team_id: str | None) -> Notifications:
    return Notifications(
        ledger=ledger,
        directory=cast(Directory, _Directory()),
        reporter=cast(Reporter, reporter),
        tasks=BackgroundTasks(),
        clock=lambda: NOW,
        language="sv",
        team_id=team_id,
    )


async def test_each_workspace_hears_of_a_booking_in_its_own_channels_once(
    tmp_path: Path,
) -> None:
    notification = read_notification({}, cast(dict[str, Any], WEB_BOOKING))
    assert notification is not None
    async with await Ledger.open(
        f"sqlite:///{tmp_path / 'ledger.db'}", clock=lambda: NOW
    ) as ledger:
        for team, channel in (("TA", "CA1"), ("TA", "CA2"), ("TB", "CB1")):
            await ledger.inbound.follow(Follow(team, channel, OFFICE, "OBJ1"), user_id="U1")
        a, b = _Reporter(), _Reporter()
        for _ in range(2):  # Vitec delivers the same notification twice
            await _notifications(ledger, a, "TA").handle(notification)
            await _notifications(ledger, b, "TB").handle(notification)

    assert sorted(a.posted) == ["CA1", "CA2"]
    assert b.posted == ["CB1"]

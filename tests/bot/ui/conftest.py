from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import EstateEntry, SlotChoice
from bot.ui.metadata import FormMetadata

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def meta() -> FormMetadata:
    return FormMetadata(user_id="U0AGNETA", channel_id="C0VISNING", customer_id="M30011")


@pytest.fixture
def estate() -> EstateEntry:
    return EstateEntry.build(
        estate_id="OBJ11385_1395932274",
        customer_id="M30011",
        street_address="Götgatan 14",
        area="Södermalm",
        postal_town="Stockholm",
        reference_id="2468-1134",
        status="Till salu",
    )


def make_slot(n: int, *, capacity: int | None = 10, booked: int | None = 3) -> SlotChoice:
    start = NOW + timedelta(days=2, hours=n)
    return SlotChoice(
        viewing_id=f"VIS{n}",
        time_slot_id=f"TS{n}",
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
        capacity=capacity,
        booked=booked,
        deadline=start - timedelta(hours=2),
    )

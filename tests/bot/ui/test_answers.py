"""The mapping of Vitec's reasons onto the form, framed as Vitec's, with the way forward."""

from datetime import UTC, datetime

import pytest

from bot.domain import SlotChoice
from bot.ui.answers import field_block, refusal_text
from bot.ui.ids import BlockId
from bot.ui.texts import EN, SV


@pytest.mark.parametrize(
    ("field", "message", "block"),
    [
        ("leadSourceId", "Leadkällan har ett arbetsflöde.", BlockId.LEAD_SOURCE),
        (None, "Ogiltig leadkälla", BlockId.LEAD_SOURCE),
        ("contactMessage", "För långt", BlockId.MESSAGE),
        ("contactId", "Kontakten är redan anmäld", BlockId.CONTACT),
        ("reminderTime", "Ogiltig tid", BlockId.REMINDER),
        ("timeSlotId", "Visningstiden är fullbokad", "slot.OBJ1_1"),
        (None, "Något gick fel", "slot.OBJ1_1"),
    ],
)
def test_vitecs_reasons_land_on_the_field_they_concern(
    field: str | None, message: str, block: str
) -> None:
    assert field_block(field, message, "slot.OBJ1_1") == block


SLOT = "slot.OBJ1_1"
NOW = datetime(2026, 12, 1, 8, tzinfo=UTC)


def slot_choice(*, booked: int, deadline: datetime | None = None) -> SlotChoice:
    return SlotChoice(
        viewing_id="VIS1",
        time_slot_id="TS1",
        starts_at=datetime(2026, 12, 5, 12, tzinfo=UTC),
        ends_at=datetime(2026, 12, 5, 13, tzinfo=UTC),
        capacity=4,
        booked=booked,
        deadline=deadline,
    )


@pytest.mark.parametrize(
    ("message", "block", "slot", "expected"),
    [
        (
            "Visningstiden är fullbokad.",
            SLOT,
            None,
            "Vitec svarar: ”Visningstiden är fullbokad.” Tiden är fullbokad. Välj en annan tid, "
            "eller boka ändå genom att bocka ur ”Kontrollera antal platser” och anmäla igen.",
        ),
        (
            "Tiden går inte att boka.",
            SLOT,
            slot_choice(booked=4),
            "Vitec svarar: ”Tiden går inte att boka.” Tiden är fullbokad. Välj en annan tid, "
            "eller boka ändå genom att bocka ur ”Kontrollera antal platser” och anmäla igen.",
        ),
        (
            "Tiden går inte att boka.",
            SLOT,
            slot_choice(booked=1, deadline=NOW),
            "Vitec svarar: ”Tiden går inte att boka.” Sista anmälningsdag har passerat. Välj en "
            "annan tid, eller boka ändå genom att bocka ur ”Kontrollera sista anmälningsdag” och "
            "anmäla igen.",
        ),
        (
            "Något annat.",
            SLOT,
            slot_choice(booked=1),
            "Vitec svarar: ”Något annat.” Välj en annan tid, eller kontrollera visningen i Vitec.",
        ),
        (
            "Leadkällan har ett arbetsflöde.",
            BlockId.LEAD_SOURCE,
            None,
            "Vitec svarar: ”Leadkällan har ett arbetsflöde.” Välj en annan leadkälla, eller "
            "kontorets standardkälla.",
        ),
    ],
)
def test_a_refusal_frames_vitecs_words_and_says_what_to_do(
    message: str, block: str, slot: SlotChoice | None, expected: str
) -> None:
    assert refusal_text(message, block, SLOT, SV, slot, NOW) == expected


def test_english_agents_get_vitecs_swedish_framed_in_english() -> None:
    assert refusal_text("Kontakten är redan anmäld.", BlockId.CONTACT, SLOT, EN, None, NOW) == (
        "Vitec says (in Swedish): “Kontakten är redan anmäld.” "
        "Choose another contact, or check the contact in Vitec."
    )

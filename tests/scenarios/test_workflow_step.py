"""The Workflow Builder step "Anmäl till visning": booked once per execution, its outputs a
status and a sentence, and every failure a sentence an office admin can act on."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from devtools.simulator import Faults, ForcedStatus, known
from tests.scenarios.conftest import Stack

STEP = "visning_step"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def unix(moment: datetime) -> int:
    """Workflow Builder's timestamp; the simulator's times are Swedish wall-clock times."""
    return int(moment.replace(tzinfo=moment.tzinfo or STOCKHOLM).timestamp())


def slot_start(stack: Stack) -> datetime:
    viewing = stack.simulator.state.data.viewing(known.SODERMALM, known.VIEWING_ID)
    assert viewing is not None
    slot = viewing.slot(known.SLOT_ID)
    assert slot is not None
    return slot.starts_at


def inputs(stack: Stack, **changes: Any) -> dict[str, Any]:
    return {
        "objekt": "Götgatan 14",
        "visningstid": unix(slot_start(stack)),
        "kontakt": known.ASA_PHONE,
        "paminnelse": "sms_60",
        **changes,
    }


async def run(stack: Stack, given: dict[str, Any]) -> Any:
    execution = await stack.slack.run_step(STEP, given)
    await stack.settle()
    return execution


async def test_the_step_books_the_contact_and_completes_with_status_and_message(
    stack: Stack,
) -> None:
    execution = await run(stack, inputs(stack))

    assert (execution.outcome, execution.error) == ("success", None)
    assert execution.outputs["status"] == "booked"
    assert execution.outputs["message"].startswith(
        "Åsa Öberg är anmäld till visningen av Götgatan 14, "
    )
    assert execution.outputs["message"].endswith("17:30–18:15.")
    [booking] = stack.bookings()
    assert (booking.contact_id, booking.viewing_id, booking.time_slot_id) == (
        known.ASA_OBERG,
        known.VIEWING_ID,
        known.SLOT_ID,
    )
    assert (booking.body["reminderTime"], booking.body["smsReminder"]) == (60, True)
    # Completed with the execution's own token, as Slack requires.
    [completed] = [c for c in stack.slack.api_calls if c.method == "functions.completeSuccess"]
    assert completed.args["function_execution_id"] == execution.id


async def test_the_same_contact_again_is_already_booked_and_nothing_is_booked_twice(
    stack: Stack,
) -> None:
    await run(stack, inputs(stack))
    again = await run(stack, inputs(stack, kontakt=known.ASA_EMAIL, paminnelse="ingen"))
    assert again.outputs["status"] == "already_booked"
    assert len(stack.bookings()) == 1


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"objekt": "Ingenstansvägen 999"}, "Objektet ”Ingenstansvägen 999” finns inte"),
        ({"objekt": ""}, "Ange objektet"),
        ({"visningstid": None}, "Ange visningstiden"),
        ({"visningstid": "inte en tid"}, "Ange visningstiden"),
        ({"visningstid": 10**20}, "Ange visningstiden"),
        ({"visningstid": 1_700_000_000}, "Götgatan 14 har ingen visningstid"),
        ({"kontakt": "Anna Nyström"}, "ser ut som ett namn"),
        ({"kontakt": "070-999 99 99"}, "Ingen kontakt i Vitec har ”070-999 99 99”"),
        (
            {"kontakt": "070-999 99 99", "fornamn": "Anna", "efternamn": "12345"},
            "kunde inte läggas in",
        ),
        (
            {"kontakt": "070-999", "fornamn": "Anna", "efternamn": "Nyström"},
            "kunde inte läggas in",
        ),
        ({"kontakt": ""}, "Ange kontaktens mobilnummer"),
        ({"kontakt": "x" * 10_000}, "ser ut som ett namn"),
        ({"paminnelse": "brevduva"}, "Påminnelsen ”brevduva” känns inte igen"),
    ],
)
async def test_bad_inputs_fail_the_step_with_what_to_fix_and_book_nothing(
    stack: Stack, changes: dict[str, Any], error: str
) -> None:
    execution = await run(stack, inputs(stack, **changes))
    assert execution.outcome == "error"
    assert error in execution.error
    assert stack.bookings() == []


async def test_a_person_not_in_vitec_is_added_and_booked_once_by_its_names(stack: Stack) -> None:
    given = inputs(stack, kontakt="070-999 88 77", fornamn="Anna", efternamn="Nyström")

    execution = await run(stack, given)
    again = await run(stack, given)

    assert (execution.outcome, execution.error) == ("success", None)
    assert execution.outputs["status"] == "booked"
    assert execution.outputs["message"].startswith(
        "Anna Nyström är anmäld till visningen av Götgatan 14, "
    )
    assert execution.outputs["message"].endswith("Ny kontakt skapad i Vitec.")
    assert again.outputs["status"] == "booked"
    [booking] = stack.bookings()
    assert booking.body["updatePerson"]["cellPhone"] == "0709998877"
    assert (booking.viewing_id, booking.time_slot_id) == (known.VIEWING_ID, known.SLOT_ID)
    created = stack.simulator.state.contact(known.SODERMALM, booking.contact_id)
    assert created is not None
    assert created.full_name == "Anna Nyström"


async def test_a_full_slot_fails_the_step_in_vitecs_words(stack: Stack) -> None:
    viewing = stack.simulator.state.data.viewing(known.SODERMALM, known.FULL_VIEWING_ID)
    assert viewing is not None
    execution = await run(
        stack,
        inputs(
            stack,
            objekt="Hornsgatan 102 lgh 1203",
            visningstid=unix(viewing.slots[0].starts_at),
        ),
    )
    assert execution.outcome == "error"
    assert execution.error.startswith("Åsa Öberg anmäldes inte till visningen av Hornsgatan 102")
    assert "Vitec" in execution.error
    assert stack.bookings() == []


async def test_vitec_down_fails_the_step_saying_nothing_was_booked(stack: Stack) -> None:
    stack.simulator.state.faults = Faults(forced_status=ForcedStatus(status=503, count=50))
    execution = await run(stack, inputs(stack))
    assert execution.outcome == "error"
    assert "Inget bokades" in execution.error or "anmäldes inte" in execution.error
    assert "Traceback" not in execution.error
    assert stack.bookings() == []

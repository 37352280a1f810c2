"""A Vitec slower than Slack's patience: "Bokar…" at once, the outcome when it is known."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.clock import utc_now
from bot.ui.ids import ActionId
from devtools.simulator import Faults, Hold, known
from tests.scenarios.conftest import AGENT, Stack
from tests.scenarios.test_booking import fill_form


def modal_text(stack: Stack) -> str:
    view = stack.modal()
    assert view is not None
    return json.dumps(view.view["blocks"], ensure_ascii=False)


@pytest.fixture
def stack_overrides() -> dict[str, Any]:
    # A held request times out after a second; the reads around it have that second too.
    return {"vitec_booking_deadline": 0.2, "vitec_timeout": 1.0}


async def test_a_slow_vitec_shows_bokar_then_posts_the_booking(stack: Stack) -> None:
    view_id = await fill_form(stack)
    # Vitec stores the booking but never answers: the bot must find out by asking.
    stack.simulator.state.faults = Faults(hold=Hold(stage="after", method="POST"))
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "updated"
    pending = stack.slack.view(view_id).view
    assert pending["title"]["text"] == "Bokar…"
    await stack.settle()
    assert len(stack.bookings()) == 1
    assert len(stack.vitec_requests("POST", "/Viewing")) == 1, "no second booking"
    assert stack.channel()[0].text.startswith("Åsa Öberg är anmäld")
    assert "är anmäld" in modal_text(stack)


async def test_a_vitec_that_never_answers_tells_the_agent_nothing_was_booked(stack: Stack) -> None:
    view_id = await fill_form(stack)
    stack.simulator.state.faults = Faults(hold=Hold(method="POST"))
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "updated"
    await stack.settle()
    assert stack.bookings() == []
    [note] = stack.channel(visible_to=AGENT)
    assert note.ephemeral_to == AGENT
    assert "gick inte igenom" in note.text
    assert "Ingen anmälan gjordes" in modal_text(stack)


class Later:
    """The bot's clock, moved on by the test: what the pickers showed expires."""

    def __init__(self) -> None:
        self.ahead = timedelta(0)

    def __call__(self) -> datetime:
        return utc_now() + self.ahead


@pytest.fixture
def stack_clock() -> Later:
    return Later()


async def form_with_an_unsearched_contact(stack: Stack, clock: Later) -> str:
    """A form whose contact the bot showed long ago: it is read from Vitec at submission."""
    view_id = await fill_form(stack)
    clock.ahead = timedelta(minutes=31)
    return view_id


async def test_checks_slower_than_the_deadline_show_bokar_then_book_once(
    stack: Stack, stack_clock: Later
) -> None:
    view_id = await form_with_an_unsearched_contact(stack, stack_clock)
    stack.simulator.state.faults = Faults(hold=Hold(method="GET"))
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "updated"
    pending = stack.slack.view(view_id).view
    assert pending["title"]["text"] == "Bokar…"
    assert "Götgatan 14" in modal_text(stack)
    assert stack.bookings() == [], "nothing is booked before the contact is checked"
    stack.simulator.state.clear_faults()
    stack.simulator.state.release()
    await stack.settle()
    assert len(stack.bookings()) == 1
    assert len(stack.vitec_requests("POST", "/Viewing")) == 1, "no second booking"
    assert stack.channel()[0].text.startswith("Åsa Öberg är anmäld")
    assert "är anmäld" in modal_text(stack)


async def test_checks_that_never_finish_tell_the_agent_nothing_was_booked(
    stack: Stack, stack_clock: Later
) -> None:
    view_id = await form_with_an_unsearched_contact(stack, stack_clock)
    stack.simulator.state.faults = Faults(hold=Hold(method="GET"))
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "updated"
    await stack.settle()
    assert stack.bookings() == []
    assert stack.vitec_requests("POST", "/Viewing") == []
    [note] = stack.channel(visible_to=AGENT)
    assert note.ephemeral_to == AGENT
    assert "Kontakten kunde inte hämtas från Vitec" in note.text
    assert "Inget bokades" in modal_text(stack)


async def test_pickers_answer_in_time_when_vitec_hangs(stack: Stack) -> None:
    view = await stack.open_form()
    stack.simulator.state.faults = Faults(hold=Hold())
    try:
        contacts = await stack.slack.suggest(view.id, ActionId.CONTACT, "lindström")
        estates = await stack.slack.suggest(view.id, ActionId.ESTATE, "götgatan")
    finally:
        stack.simulator.state.clear_faults()
        stack.simulator.state.release()
    assert [o["text"]["text"] for o in contacts] == [
        "Vitec svarar inte just nu",
        "Försök igen om en stund",
    ]
    assert estates[0]["value"] == known.ESTATE_ID, "estates come from the cache"

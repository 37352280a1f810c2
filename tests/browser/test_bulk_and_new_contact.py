"""Anmäl flera and a new contact in the playground page, as an agent clicks through them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bot.ui.ids import BlockId
from devtools.simulator import known
from tests.browser.conftest import Served
from tests.browser.slack import SlackPage

pytestmark = pytest.mark.browser


def form_on_gotgatan(slack: SlackPage) -> None:
    slack.command()
    expect(slack.modal).to_be_visible()
    slack.search(BlockId.ESTATE, "götg", re.compile("götg", re.IGNORECASE))
    expect(slack.slot_block).to_be_visible()


def test_a_new_contact_is_created_in_vitec_and_booked(
    page: Page, served: Served, screenshots: Path
) -> None:
    slack = SlackPage(page)
    form_on_gotgatan(slack)
    slack.modal.get_by_role("button", name="Ny kontakt").click()
    expect(slack.block(BlockId.NEW_FIRST_NAME)).to_be_visible()
    expect(slack.block(BlockId.CONTACT)).to_have_count(0)
    slack.block(BlockId.NEW_FIRST_NAME).get_by_role("textbox").fill("Anna")
    slack.block(BlockId.NEW_LAST_NAME).get_by_role("textbox").fill("Nyström")
    slack.block(BlockId.NEW_MOBILE).get_by_role("textbox").fill("070-999 88 77")
    slack.block(BlockId.NEW_EMAIL).get_by_role("textbox").fill("anna.nystrom@example.se")
    page.evaluate("document.activeElement.blur()")
    page.screenshot(path=screenshots / "playground-new-contact.png")

    slack.submit()
    expect(slack.modal).to_have_count(0)
    confirmation = slack.messages.last
    expect(confirmation).to_contain_text("Anna Nyström är anmäld till visningen av Götgatan 14")
    expect(confirmation).to_contain_text("Ny kontakt skapad i Vitec")
    expect(confirmation).not_to_contain_text("070-999")
    [booking] = served.playground.simulator.state.active_bookings()
    created = served.playground.simulator.state.contact(known.SODERMALM, booking.contact_id)
    assert created is not None
    assert created.full_name == "Anna Nyström"


def test_odd_input_for_a_new_contact_is_refused_on_its_field(page: Page, served: Served) -> None:
    slack = SlackPage(page)
    form_on_gotgatan(slack)
    slack.modal.get_by_role("button", name="Ny kontakt").click()
    slack.block(BlockId.NEW_FIRST_NAME).get_by_role("textbox").fill("Anna")
    slack.block(BlockId.NEW_LAST_NAME).get_by_role("textbox").fill("Nyström")
    slack.block(BlockId.NEW_EMAIL).get_by_role("textbox").fill("anna@")
    slack.submit()
    expect(slack.error_in(slack.block(BlockId.NEW_EMAIL))).to_contain_text("Skriv en e-postadress")
    assert served.playground.simulator.state.active_bookings() == []


def test_several_contacts_are_booked_in_one_go(
    page: Page, served: Served, screenshots: Path
) -> None:
    slack = SlackPage(page)
    form_on_gotgatan(slack)
    slack.choose(slack.slot_block, re.compile("·"))
    slack.modal.get_by_role("button", name="Anmäl flera").click()
    expect(slack.block(BlockId.BULK_CONTACTS)).to_be_visible()
    slack.search(BlockId.BULK_CONTACTS, "Åsa Öberg", re.compile("Åsa Öberg"))
    slack.search(BlockId.BULK_CONTACTS, "Björn Lindström", re.compile("Björn Lindström"))
    chips = slack.block(BlockId.BULK_CONTACTS).locator(".chip")
    expect(chips).to_have_count(2)
    slack.choose(slack.block(BlockId.REMINDER), "1 timme före, via SMS")
    slack.submit()
    expect(slack.modal).to_have_count(0)
    message = slack.messages.last
    expect(message).to_contain_text("Anmälan av 2 till visningen av Götgatan 14")
    expect(message).to_contain_text("Åsa Öberg – anmäld")
    expect(message).to_contain_text("Björn Lindström – anmäld")
    expect(message.get_by_role("button", name="Ångra Åsa Öberg")).to_be_visible()
    page.screenshot(path=screenshots / "playground-bulk.png")
    bookings = served.playground.simulator.state.active_bookings()
    assert sorted(b.contact_id for b in bookings) == sorted(
        [known.ASA_OBERG, known.BJORN_LINDSTROM]
    )
    assert all(b.body["reminderTime"] == 60 for b in bookings)

    message.get_by_role("button", name="Vem kommer?").click()
    expect(slack.messages.last).to_contain_text("Anmälda till Götgatan 14")
    expect(slack.messages.last).to_contain_text("Björn Lindström")

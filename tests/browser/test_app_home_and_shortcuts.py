"""App Home and the shortcuts in the playground: every way into the form the README promises."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from bot.ui.ids import BlockId
from bot.ui.texts import texts
from tests.browser.slack import SlackPage
from tests.browser.test_playground import booked_by_page

pytestmark = pytest.mark.browser

SV = texts("sv")
FORM_TITLE = "Anmäl till visning"


def test_app_home_shows_the_agents_bookings_and_its_button_opens_the_form(page: Page) -> None:
    slack = SlackPage(page)
    booked_by_page(slack)

    slack.open_app_home()

    expect(slack.home).to_contain_text(SV.home_upcoming.strip("*"))
    expect(slack.home).to_contain_text("Götgatan 14")
    expect(slack.home).to_contain_text("Åsa Öberg")
    opened = slack.log.locator('[data-source="slack"]', has_text="app_home_opened")
    expect(opened.first).to_contain_text("event_callback · app_home_opened (home)")
    expect(slack.log.locator('[data-source="api"]', has_text="views.publish").first).to_be_visible()

    slack.home.get_by_role("button", name=SV.home_open_form).click()
    expect(page.get_by_test_id("modal-title")).to_have_text(FORM_TITLE)
    pressed = slack.log.locator('[data-source="slack"]', has_text="block_actions")
    expect(pressed.first).to_contain_text("open_form")

    # The form from App Home books like any other; the channel is picked in the form.
    slack.fill_form(contact="Björn Lindström")
    slack.choose(slack.block(BlockId.CHANNEL), "visningar")
    slack.submit()
    expect(slack.modal).to_have_count(0)
    slack.open_channel("visningar")
    expect(slack.messages.last).to_contain_text("Björn Lindström är anmäld")


def test_app_home_is_each_persons_own(page: Page) -> None:
    slack = SlackPage(page)
    booked_by_page(slack)
    slack.be("U0ERIK")
    slack.open_app_home()
    expect(slack.home).to_contain_text(SV.home_upcoming_empty)
    expect(slack.home).not_to_contain_text("Åsa Öberg")


def test_the_apps_messages_tab_is_its_direct_messages(page: Page) -> None:
    slack = SlackPage(page)
    slack.open_app_home()
    page.get_by_role("tab", name="Meddelanden").click()
    expect(page.get_by_role("tab", name="Meddelanden")).to_have_attribute("aria-selected", "true")
    expect(slack.home).to_be_hidden()
    slack.command("hjälp")
    expect(slack.messages.last).to_contain_text("Så anmäler du en kontakt till en visning")


def test_the_global_shortcut_opens_the_form_from_anywhere(page: Page) -> None:
    slack = SlackPage(page)
    slack.open_channel("allmänt")

    slack.run_shortcut(FORM_TITLE)

    expect(page.get_by_test_id("modal-title")).to_have_text(FORM_TITLE)
    shortcut = slack.log.locator('[data-source="slack"]', has_text="shortcut")
    expect(shortcut.first).to_contain_text("shortcut · visning_shortcut")
    # A global shortcut carries no channel: the form asks where the result should go.
    expect(slack.block(BlockId.CHANNEL)).to_be_visible()


def test_the_shortcut_menu_lists_the_apps_global_shortcuts(page: Page) -> None:
    slack = SlackPage(page)
    page.get_by_test_id("shortcuts-button").click()
    menu = page.get_by_role("menu")
    expect(menu.get_by_role("menuitem")).to_have_count(1)
    expect(menu).to_contain_text(re.compile(f"{FORM_TITLE}.*visningsbot"))
    page.keyboard.press("Escape")
    expect(menu).to_have_count(0)
    expect(slack.modal).to_have_count(0)

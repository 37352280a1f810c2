"""The playground's ways in that are not the form's own: the message shortcut on a colleague's
message, and a booking made on the web reaching the channel that follows the estate."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from bot.ui.ids import BlockId
from tests.browser.slack import SlackPage

pytestmark = pytest.mark.browser


def test_the_message_shortcut_fills_the_form_from_receptions_message_and_answers_in_its_thread(
    page: Page,
) -> None:
    slack = SlackPage(page)
    request = slack.messages.filter(has_text="Från receptionen").first
    expect(request).to_contain_text("Åsa Öberg (070-123 45 67")
    request.hover()
    request.get_by_test_id("message-more").click()
    page.get_by_role("menu").get_by_role("menuitem", name="Anmäl till visning").click()

    expect(slack.block(BlockId.ESTATE).get_by_role("combobox")).to_have_value(
        re.compile("^Götgatan 14, Södermalm")
    )
    expect(slack.block(BlockId.CONTACT).get_by_role("combobox")).to_have_value(
        re.compile("^Åsa Öberg · 070-")
    )
    expect(slack.block(BlockId.THREAD_NOTE)).to_contain_text("tråden till meddelandet")
    expect(slack.block(BlockId.CHANNEL)).to_have_count(0)
    slack.submit()
    expect(slack.modal).to_have_count(0)

    answer = slack.messages.last
    expect(answer).to_contain_text("Åsa Öberg är anmäld till visningen av Götgatan 14")
    expect(answer.get_by_test_id("thread-reply")).to_be_visible()


def test_a_web_booking_reaches_the_channel_that_follows_the_estate(page: Page) -> None:
    slack = SlackPage(page)
    slack.command("bevaka Götgatan 14")
    expect(slack.messages.last).to_contain_text("Kanalen bevakar nu Götgatan 14")

    page.get_by_test_id("web-booking").click()
    expect(slack.messages.last).to_contain_text("anmälde sig via webben till Götgatan 14")
    expect(slack.messages.filter(has_text="via webben")).to_have_count(1)

    page.get_by_role("switch", name="Inga notiser").click()
    expect(page.get_by_role("switch", name="Inga notiser")).to_have_attribute(
        "aria-checked", "true"
    )
    # Turned off, the simulator sends nothing at all: once the booking is made, nothing follows.
    with page.expect_response("**/api/web-booking") as booked:
        page.get_by_test_id("web-booking").click()
    assert booked.value.status == 201
    expect(slack.messages.filter(has_text="via webben")).to_have_count(1)

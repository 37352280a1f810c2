"""The side panel: Vitec's answers with personal data masked, the bot's wait, a visible cap."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from bot.ui.ids import BlockId
from devtools.simulator import known
from devtools.simulator.booking import FULL
from tests.browser.slack import SlackPage

pytestmark = pytest.mark.browser


def test_vitecs_answers_show_with_personal_data_masked(page: Page) -> None:
    slack = SlackPage(page)
    slack.command()
    slack.search(BlockId.CONTACT, "070-123 45 67", re.compile("Åsa Öberg"))

    # What the agent typed is masked where the panel shows it, as in the bot's logs.
    suggestion = slack.log.locator('[data-source="slack"]', has_text="contact_select").first
    expect(suggestion).to_contain_text("070-••• •• 67")

    contact = slack.vitec_request("GET", f"/CRM/Contact/{known.SODERMALM}").first
    expect(contact).to_contain_text(re.compile(r"boten väntade [\d\s,]+ ms"))
    contact.locator("summary").click()
    answer = contact.get_by_test_id("log-response")
    expect(answer).to_contain_text("HTTP 200")
    expect(answer).to_contain_text('"firstName": "Åsa"')
    expect(answer).to_contain_text("070-••• •• 67")
    expect(answer).to_contain_text("a•••@example.com")
    for personal in (known.ASA_PHONE, known.ASA_EMAIL, "0701234567"):
        expect(slack.log).not_to_contain_text(personal)


def test_a_refusal_shows_in_vitecs_own_words(page: Page) -> None:
    slack = SlackPage(page)
    slack.switch("Fullbokad tid")
    slack.command()
    slack.fill_form(slot="fullbokad")
    slack.block(BlockId.MESSAGE).get_by_role("textbox").fill("Ring mig på 070-765 43 21.")
    slack.submit()
    expect(slack.error_in(slack.slot_block)).to_be_visible()

    booking = slack.vitec_request("POST", f"/Viewing/{known.SODERMALM}/").first
    expect(booking).to_contain_text("400")
    booking.locator("summary").click()
    expect(booking.get_by_test_id("log-response")).to_contain_text(FULL)
    expect(booking.get_by_test_id("log-request")).to_contain_text('"contactMessage": "••••"')
    expect(slack.log).not_to_contain_text("070-765 43 21")


def test_the_panel_says_how_many_entries_it_leaves_out(
    page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("devtools.playground.page.LOG_LIMIT", 3)
    slack = SlackPage(page)
    slack.command()
    slack.fill_form()

    cap = page.get_by_test_id("log-cap")
    expect(cap).to_have_text(re.compile(r"Visar de senaste 3 av \d+; äldre visas inte\."))
    expect(slack.log.get_by_test_id("log-entry")).to_have_count(3)
    page.get_by_role("tab", name="bot → Vitec").click()
    expect(cap).to_contain_text("Visar de senaste 3 av")
    expect(slack.log.locator('[data-source="vitec"]')).to_have_count(3)

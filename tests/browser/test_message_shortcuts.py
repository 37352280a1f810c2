"""Message shortcuts in the playground: offered in each message's menu, sent as message_action.

visningsbot declares none yet; this workspace's app declares one, the way a future manifest may.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from devtools.playground.slack import Shortcut, Workspace
from tests.browser.conftest import Served, serve_playground
from tests.browser.slack import SlackPage
from tests.browser.test_playground import booked_by_page

pytestmark = pytest.mark.browser


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    # The page offers whatever shortcuts the app declares, of either kind.
    shortcuts = (*Workspace().shortcuts, Shortcut("from_message", "Anmäl härifrån", "message"))
    with serve_playground(tmp_path, Workspace(shortcuts=shortcuts)) as running:
        yield running


def test_a_message_shortcut_is_offered_in_each_messages_menu(page: Page, served: Served) -> None:
    slack = SlackPage(page)
    slack.command("hjälp")
    booked_by_page(slack)
    # Ephemeral messages have no such menu in Slack; the bot's confirmation has.
    expect(slack.messages.first.get_by_test_id("message-more")).to_have_count(0)
    message = slack.messages.last
    message.hover()
    message.get_by_test_id("message-more").click()
    page.get_by_role("menu").get_by_role("menuitem", name="Anmäl härifrån").click()

    sent = slack.log.locator('[data-source="slack"]', has_text="message_action").first
    expect(sent).to_contain_text("message_action · from_message")
    sent.locator("summary").click()
    payload = sent.get_by_test_id("log-request")
    expect(payload).to_contain_text('"type": "message_action"')
    expect(payload).to_contain_text(f'"message_ts": "{message.get_attribute("data-ts")}"')
    expect(payload).to_contain_text('"response_url"')
    # The bot has no listener for it yet: Slack tells the person, as it would.
    expect(page.locator("#toast")).to_contain_text("trouble connecting")

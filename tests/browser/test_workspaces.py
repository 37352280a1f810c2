"""Two workspaces in the playground (``--workspaces``): switching, and installing the app by
clicking through Slack's install round trip."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bot.ui.ids import BlockId
from bot.ui.texts import texts
from devtools.playground.run import create_workspaces_playground_app
from devtools.simulator import known
from devtools.simulator.records import EstateStatus
from tests.browser.conftest import Served, serve_playground
from tests.browser.slack import SlackPage

pytestmark = pytest.mark.browser

SV = texts("sv")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serve_playground(tmp_path, create=create_workspaces_playground_app) as running:
        yield running


NAMES = {"T0VISNING": "Mäklarhuset", "T0VAST": "Mäklarhuset Väst"}


def _switch_to(page: Page, team_id: str) -> None:
    """Pick the workspace and wait for the page to start over in it."""
    page.get_by_test_id("workspace-switcher").select_option(team_id)
    expect(page.locator("#workspace-name")).to_have_text(NAMES[team_id])
    expect(page.get_by_test_id("workspace-switcher")).to_have_value(team_id)


def test_the_first_workspace_is_installed_and_books_as_before(page: Page) -> None:
    slack = SlackPage(page)
    expect(page.locator("#workspace-name")).to_have_text("Mäklarhuset")
    expect(page.get_by_test_id("workspace-switcher")).to_be_visible()
    expect(page.get_by_test_id("install-notice")).to_be_hidden()
    slack.command()
    expect(page.get_by_test_id("modal-title")).to_have_text("Anmäl till visning")


def test_switching_shows_the_other_workspaces_people_and_channels(page: Page) -> None:
    _switch_to(page, "T0VAST")
    expect(page.locator("#workspace-name")).to_have_text("Mäklarhuset Väst")
    expect(page.locator("#channel-title")).to_have_text("visningar-väst")
    switcher = page.get_by_test_id("user-switcher")
    expect(switcher.locator("option")).to_have_text(["Britt Holm · sv-SE", "Gustav Ek · en-US"])
    expect(page.get_by_test_id("channel-link").filter(has_text="visningar")).to_have_count(1)
    expect(page.get_by_test_id("install-notice")).to_contain_text("inte installerad")

    _switch_to(page, "T0VISNING")
    expect(page.locator("#workspace-name")).to_have_text("Mäklarhuset")
    expect(page.locator("#channel-title")).to_have_text("visningar")
    expect(page.get_by_test_id("install-notice")).to_be_hidden()


def _install_vast(page: Page) -> None:
    """Britt, Väst's admin, clicks through the install round trip."""
    _switch_to(page, "T0VAST")
    page.get_by_test_id("install-link").click()
    page.get_by_test_id("add-to-slack").click()
    page.get_by_test_id("allow").click()
    expect(page.locator("#workspace-name")).to_have_text("Mäklarhuset Väst")
    expect(page.get_by_test_id("install-notice")).to_be_hidden()


def test_the_admin_installs_the_app_by_clicking_through(page: Page, served: Served) -> None:
    _switch_to(page, "T0VAST")
    page.get_by_test_id("install-link").click()
    expect(page.locator("h1")).to_have_text("Installera visningsbot i Mäklarhuset Väst")
    page.get_by_test_id("add-to-slack").click()
    # Slack's consent, as the workspace's admin.
    expect(page.locator("h1")).to_contain_text("visningsbot begär behörighet")
    expect(page.get_by_test_id("scopes")).to_contain_text("commands")
    page.get_by_test_id("allow").click()

    # Back in the workspace, the app installed through oauth.v2.access.
    expect(page.locator("#workspace-name")).to_have_text("Mäklarhuset Väst")
    expect(page.get_by_test_id("install-notice")).to_be_hidden()
    vast = served.playground.workspaces.slacks["T0VAST"] if served.playground.workspaces else None
    assert vast is not None
    assert [c.method for c in vast.api_calls if c.method == "oauth.v2.access"] == [
        "oauth.v2.access"
    ]
    # The admin finds the Vitec connection in App Home; nothing is connected yet.
    slack = SlackPage(page)
    slack.open_app_home()
    expect(slack.home.get_by_role("button", name=SV.setup_connect_button)).to_be_visible()
    expect(slack.home).to_contain_text(SV.setup_no_offices)


def test_a_workspace_without_the_app_is_told_so(page: Page, served: Served) -> None:
    _switch_to(page, "T0VAST")
    SlackPage(page).command()
    expect(page.get_by_test_id("message").last).to_contain_text(
        "visningsbot är inte installerad i den här arbetsytan"
    )
    vast = served.playground.workspaces.slacks["T0VAST"] if served.playground.workspaces else None
    assert vast is not None
    expect(page.get_by_test_id("modal")).to_have_count(0)
    assert not any(c.method == "views.open" for c in vast.api_calls)


def _bookable_estate(served: Served, office: str) -> tuple[str, str]:
    """An estate of the office for sale whose one upcoming viewing has room: its reference and
    street."""
    now = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1)
    for estate in served.playground.simulator.state.data.estates_of(office):
        upcoming = [v for v in estate.viewings if v.starts_at > now]
        if (
            estate.status is EstateStatus.FOR_SALE
            and len(upcoming) == 1
            and len(upcoming[0].slots) == 1
            and upcoming[0].capacity is None
            and (upcoming[0].deadline is None or upcoming[0].deadline > now)
        ):
            return estate.reference_id, estate.street_address
    raise AssertionError(f"no bookable estate in {office}")


def test_the_new_workspaces_admin_connects_goteborg_and_its_agents_book_there(
    page: Page, served: Served
) -> None:
    _install_vast(page)
    slack = SlackPage(page)
    slack.open_app_home()
    slack.home.get_by_role("button", name=SV.setup_connect_button).click()
    expect(page.get_by_test_id("modal-title")).to_have_text(SV.setup_modal_title)

    def fill(password: str) -> None:
        slack.block(BlockId.VITEC_USERNAME).get_by_role("textbox").fill(known.USERNAME)
        slack.block(BlockId.VITEC_PASSWORD).get_by_role("textbox").fill(password)
        slack.block(BlockId.VITEC_OFFICES).get_by_role("textbox").fill(known.GOTEBORG)
        slack.submit()

    fill("fel-lösenord")
    expect(slack.error_in(slack.block(BlockId.VITEC_PASSWORD))).to_have_text(SV.setup_error_refused)
    fill(known.PASSWORDS[known.GOTEBORG])
    expect(slack.modal).to_have_count(0)
    expect(slack.home).to_contain_text(known.GOTEBORG)

    reference, street = _bookable_estate(served, known.GOTEBORG)
    contact = served.playground.simulator.state.data.contacts_of(known.GOTEBORG)[0]
    slack.be("U0GUSTAV")
    slack.open_channel("visningar-väst")
    slack.command()
    # Gustav's Slack is in English.
    expect(page.get_by_test_id("modal-title")).to_have_text("Book a viewing")
    slack.search(BlockId.ESTATE, reference, re.compile(re.escape(street)))
    expect(slack.slot_block).to_be_visible()
    slack.choose(slack.slot_block, re.compile("·"))
    slack.search(BlockId.CONTACT, contact.full_name, re.compile(re.escape(contact.full_name)))
    slack.submit()
    expect(slack.modal).to_have_count(0)
    expect(slack.messages.last).to_contain_text(contact.full_name)
    expect(slack.vitec_request("POST", f"/Viewing/{known.GOTEBORG}/")).to_have_count(1)
    expect(slack.vitec_request("POST", f"/Viewing/{known.SODERMALM}/")).to_have_count(0)

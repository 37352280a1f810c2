"""What a person does on the playground page, in the page's own terms (roles, labels, data-*)."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from bot.ui.ids import BlockId


class SlackPage:
    """The playground page as a person uses it."""

    def __init__(self, page: Page) -> None:
        self.page = page

    # --- the channel ---------------------------------------------------------------------------

    def command(self, text: str = "") -> None:
        """Type `/visning text` in the composer and send it."""
        composer = self.page.get_by_test_id("composer")
        composer.fill(f"/visning {text}".rstrip() + " ")
        composer.press("Enter")
        expect(composer).to_have_value("")

    @property
    def messages(self) -> Locator:
        return self.page.get_by_test_id("message")

    def open_channel(self, name: str) -> None:
        self.page.get_by_test_id("channel-link").filter(has_text=name).click()
        expect(self.page.locator("#channel-title")).to_have_text(name)

    def be(self, user_id: str) -> None:
        """Switch to another person of the workspace."""
        self.page.get_by_test_id("user-switcher").select_option(user_id)

    # --- the app and its shortcuts ---------------------------------------------------------------

    @property
    def home(self) -> Locator:
        return self.page.get_by_test_id("home")

    def open_app_home(self) -> None:
        """Open visningsbot's Home tab from the sidebar, as in Slack."""
        self.page.get_by_test_id("app-link").click()
        expect(self.page.get_by_role("tab", name="Hem")).to_have_attribute("aria-selected", "true")

    def run_shortcut(self, name: str) -> None:
        """Run a global shortcut from the composer's shortcut menu."""
        self.page.get_by_test_id("shortcuts-button").click()
        self.page.get_by_role("menu").get_by_role("menuitem", name=name).click()

    # --- the modal -----------------------------------------------------------------------------

    @property
    def modal(self) -> Locator:
        return self.page.get_by_test_id("modal")

    def block(self, block_id: str) -> Locator:
        return self.modal.locator(f'[data-block-id="{block_id}"]')

    @property
    def slot_block(self) -> Locator:
        # The slot block's id names the estate (slot.<estateId>).
        return self.modal.locator(f'[data-block-id^="{BlockId.SLOT}."]')

    def search(self, block_id: str, query: str, option: str | re.Pattern[str]) -> None:
        """Type into an external select and pick one of the options the bot sends back."""
        field = self.block(block_id).get_by_role("combobox")
        field.click()
        field.fill(query)
        listbox = self.block(block_id).get_by_role("listbox")
        # Busy from the first keystroke until the options for the whole query are shown.
        self.block(block_id).locator('[role="listbox"][aria-busy="false"]').wait_for()
        listbox.get_by_role("option", name=option).click()
        expect(listbox).to_be_hidden()

    def choose(self, block: Locator, option: str | re.Pattern[str]) -> None:
        """Open a static select and pick an option."""
        block.locator(".select-field").click()
        block.get_by_role("option", name=option).click()
        expect(block.locator(".select-field")).to_contain_text(option)

    def fill_form(
        self, *, estate: str = "götg", contact: str = "Åsa Öberg", slot: str | None = None
    ) -> None:
        """Estate, slot and contact, each picked the way an agent picks them."""
        self.search(BlockId.ESTATE, estate, re.compile(estate, re.IGNORECASE))
        expect(self.slot_block).to_be_visible()
        self.choose(self.slot_block, re.compile(slot or "·"))
        self.search(BlockId.CONTACT, contact, re.compile(contact))

    def submit(self) -> None:
        self.page.get_by_test_id("modal-submit").click()

    def close_modal(self) -> None:
        """Close the modal the way a person does; it is gone at once, as in Slack."""
        self.page.get_by_test_id("modal-close").click()
        expect(self.modal).to_have_count(0)

    def error_in(self, block: Locator) -> Locator:
        return block.get_by_test_id("input-error")

    # --- the side panel ------------------------------------------------------------------------

    def switch(self, label: str, *, on: bool = True) -> None:
        """Flip one of the fault switches."""
        toggle = self.page.get_by_role("switch", name=label)
        if (toggle.get_attribute("aria-checked") == "true") != on:
            toggle.click()
        expect(toggle).to_have_attribute("aria-checked", "true" if on else "false")

    @property
    def log(self) -> Locator:
        return self.page.get_by_test_id("log")

    def vitec_request(self, method: str, path_start: str) -> Locator:
        """Entries of the side panel for the bot's calls to Vitec."""
        return self.log.locator('[data-source="vitec"]').filter(
            has=self.page.locator(".log-title", has_text=f"{method} {path_start}")
        )

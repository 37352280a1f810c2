"""What agents tripped over, driven in the playground: the estate Enter picks, a wrong Vitec
password seen from the pickers, and errors that read as sentences (no raw ``:emoji:`` codes)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from bot.ui.ids import BlockId
from devtools.simulator import known
from tests.browser.conftest import Served
from tests.browser.slack import SlackPage

pytestmark = pytest.mark.browser

RAW_EMOJI = re.compile(r":[a-z0-9_+-]+:")


def typed_into(slack: SlackPage, block_id: str, query: str) -> Locator:
    """Type into a picker and wait for the bot's options for the whole text; the listbox."""
    field = slack.block(block_id).get_by_role("combobox")
    field.click()
    field.fill(query)
    slack.block(block_id).locator('[role="listbox"][aria-busy="false"]').wait_for()
    return slack.block(block_id).get_by_role("listbox")


def slack_side(page: Page) -> str:
    """Everything shown outside the side panel: the channel and any open modal."""
    parts = [page.locator("main.channel").inner_text()]
    if page.get_by_test_id("modal").count():
        parts.append(page.get_by_test_id("modal").inner_text())
    return "\n".join(parts)


def assert_no_raw_emoji(slack: SlackPage) -> None:
    errors = slack.modal.get_by_test_id("input-error").all_inner_texts()
    shown = [*errors, slack_side(slack.page)]
    raw = [m.group() for text in shown for m in RAW_EMOJI.finditer(text)]
    assert raw == [], f"raw emoji codes shown: {raw}"


# --- the estate Enter picks ------------------------------------------------------------------


def viewing_of(served: Served, estate_id: str) -> str:
    estate = served.playground.simulator.state.data.estate(known.SODERMALM, estate_id)
    assert estate is not None
    return estate.viewings[0].id


@pytest.mark.parametrize(
    ("typed", "intended", "estate_id", "slot"),
    [
        ("Katarina Bangata 26", "Katarina Bangata 26, Södermalm", known.KATARINA_26_ID, "10"),
        ("Swedenborgsgatan 8", "Swedenborgsgatan 8, Södermalm", known.MULTI_ESTATE_ID, "3"),
        ("Hornsgatan 12", "Hornsgatan 12, Södermalm", known.HORNSGATAN_12_ID, "10"),
    ],
)
def test_enter_books_the_estate_that_was_typed(
    page: Page, served: Served, typed: str, intended: str, estate_id: str, slot: str
) -> None:
    slack = SlackPage(page)
    slack.command()
    listbox = typed_into(slack, BlockId.ESTATE, typed)
    expect(listbox.get_by_role("option").first).to_have_text(re.compile(f"^{intended} · 2468-"))
    slack.block(BlockId.ESTATE).get_by_role("combobox").press("Enter")
    expect(slack.modal.locator(f'[data-block-id="{BlockId.SLOT}.{estate_id}"]')).to_be_visible()

    slack.choose(slack.slot_block, re.compile(f"· {slot} platser kvar"))
    slack.search(BlockId.CONTACT, "Åsa Öberg", re.compile("Åsa Öberg"))
    slack.submit()
    expect(slack.modal).to_have_count(0)
    expect(slack.messages.last).to_contain_text(f"Åsa Öberg är anmäld till visningen av {typed}")
    [booking] = [
        b for b in served.playground.simulator.state.active_bookings() if b.body is not None
    ]
    assert booking.viewing_id == viewing_of(served, estate_id)


def test_the_command_text_picks_the_estate_or_says_what_it_found(page: Page) -> None:
    slack = SlackPage(page)
    slack.command("Hornsgatan 12")
    expect(slack.block(BlockId.ESTATE).get_by_role("combobox")).to_have_value(
        re.compile("^Hornsgatan 12, Södermalm")
    )
    page.get_by_test_id("modal-close").click()

    slack.command("Hornsgata 13")
    note = slack.block(BlockId.ESTATE_NOTE)
    expect(note).to_contain_text("Inget objekt matchar ”Hornsgata 13”. Menade du Hornsgatan 12?")
    expect(slack.block(BlockId.ESTATE).get_by_role("combobox")).to_have_value("")


# --- a wrong Vitec password --------------------------------------------------------------------


def test_a_wrong_password_is_named_in_the_pickers(page: Page) -> None:
    slack = SlackPage(page)
    slack.command()
    slack.switch("Fel lösenord")

    contacts = typed_into(slack, BlockId.CONTACT, "Björn Lindström")
    expect(contacts.get_by_role("option")).to_have_text(
        [
            "visningsbot kommer inte in i Vitec",
            "Be den som administrerar boten kontrollera inloggningen",
        ]
    )

    sources = typed_into(slack, BlockId.LEAD_SOURCE, "")
    expect(sources.get_by_role("option")).to_have_text(
        [
            "Kontorets standardkälla",
            "visningsbot kommer inte in i Vitec",
            "Be den som administrerar boten kontrollera inloggningen",
        ]
    )

    # The estate list was read before the password broke; the viewing times cannot be.
    slack.search(BlockId.ESTATE, "götgatan 14", re.compile("Götgatan 14"))
    expect(slack.block(BlockId.SLOT_HINT)).to_have_text(
        "Visningstiderna kunde inte hämtas. visningsbot kommer inte in i Vitec — be den som "
        "administrerar boten kontrollera inloggningen."
    )
    assert "VITEC_" not in slack_side(page)
    assert "401" not in slack_side(page)


def test_a_wrong_password_on_booking_tells_the_agent_who_to_ask(page: Page) -> None:
    slack = SlackPage(page)
    slack.command()
    slack.fill_form()
    slack.switch("Fel lösenord")
    slack.submit()
    expect(slack.modal).to_contain_text(
        "visningsbot kommer inte in i Vitec — be den som administrerar boten kontrollera "
        "inloggningen. Ingen anmälan gjordes."
    )
    assert "VITEC_" not in slack_side(page)
    assert_no_raw_emoji(slack)


# --- errors read as sentences ------------------------------------------------------------------


def test_inline_errors_show_no_raw_emoji_codes(page: Page) -> None:
    slack = SlackPage(page)

    # A hint chosen as if it were a contact.
    slack.command()
    slack.fill_form()
    typed_into(slack, BlockId.CONTACT, "Berg")
    slack.block(BlockId.CONTACT).get_by_role("combobox").press("Enter")
    slack.submit()
    expect(slack.error_in(slack.block(BlockId.CONTACT))).to_have_text(
        "Det du valde är en upplysning, ingen kontakt. Sök igen och välj en kontakt i listan."
    )
    assert_no_raw_emoji(slack)

    # Vitec down while booking: the error stays on the form, as plain text.
    slack.search(BlockId.CONTACT, "Åsa Öberg", re.compile("Åsa Öberg"))
    slack.switch("Vitec nere")
    slack.submit()
    error = slack.error_in(slack.slot_block)
    expect(error).to_contain_text("Vitec svarar inte som det ska just nu (serverfel 503).")
    expect(error).to_contain_text("Ingen anmälan gjordes – anmäl igen om en stund.")
    assert_no_raw_emoji(slack)
    slack.switch("Vitec nere", on=False)

    # A full slot: Vitec's words, framed, and the two ways forward.
    slack.switch("Fullbokad tid")
    slack.submit()
    error = slack.error_in(slack.slot_block)
    expect(error).to_have_text(
        "Vitec svarar: ”Visningstiden är fullbokad.” Tiden är fullbokad. Välj en annan tid, "
        "eller boka ändå genom att bocka ur ”Kontrollera antal platser” och anmäla igen."
    )
    assert_no_raw_emoji(slack)

    # Booking anyway, as the error says.
    slack.block(BlockId.CHECKS).get_by_label("Kontrollera antal platser").uncheck()
    slack.submit()
    expect(slack.modal).to_have_count(0)
    expect(slack.messages.last).to_contain_text("Åsa Öberg är anmäld till visningen")
    assert_no_raw_emoji(slack)


def test_an_undo_vitec_cannot_carry_out_is_explained(page: Page) -> None:
    slack = SlackPage(page)
    slack.command()
    slack.fill_form()
    slack.submit()
    expect(slack.modal).to_have_count(0)
    slack.switch("Vitec nere")
    slack.messages.last.get_by_role("button", name="Ångra").click()
    slack.submit()
    expect(slack.messages.last).to_contain_text("Anmälan kunde inte ångras.")
    expect(slack.messages.last).not_to_contain_text("HTTP")
    assert_no_raw_emoji(slack)


def test_another_agent_is_answered_in_their_own_language(page: Page) -> None:
    slack = SlackPage(page)
    slack.command()
    slack.fill_form()
    slack.submit()
    expect(slack.modal).to_have_count(0)
    slack.be("U0JOHN")
    slack.messages.last.get_by_role("button", name="Ångra").click()
    expect(slack.messages.last).to_contain_text("Only @Agneta Berg, who made the booking")
    expect(slack.modal).to_have_count(0)

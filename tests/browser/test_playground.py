"""The playground page in headless Chromium: what a visitor does and sees, end to end.

Every step goes through the page — typing, picking, ticking, clicking — and reaches the real bot
through the fake Slack; what Vitec stored is checked in the simulator afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bot.ui.ids import BlockId
from devtools.simulator import known
from tests.browser.conftest import Served
from tests.browser.slack import SlackPage

pytestmark = pytest.mark.browser

BOOKED = "Åsa Öberg är anmäld till visningen av Götgatan 14"


def booked_by_page(slack: SlackPage) -> None:
    slack.command()
    expect(slack.modal).to_be_visible()
    slack.fill_form()
    slack.submit()
    expect(slack.modal).to_have_count(0)
    expect(slack.messages.last).to_contain_text(BOOKED)


def api_bookings(served: Served) -> list[dict[str, object]]:
    """Bookings Vitec stored through its API and still holds."""
    return [
        b.body for b in served.playground.simulator.state.active_bookings() if b.body is not None
    ]


def test_an_agent_books_a_contact_and_the_channel_sees_it(
    page: Page, served: Served, screenshots: Path
) -> None:
    slack = SlackPage(page)
    slack.command()
    expect(page.get_by_test_id("modal-title")).to_have_text("Anmäl till visning")

    slack.fill_form()
    slack.choose(slack.block(BlockId.REMINDER), "1 timme före, via SMS")
    slack.block(BlockId.MESSAGE).get_by_role("textbox").fill("Vill gärna se förrådet.")
    expect(slack.slot_block.locator(".select-field")).to_contain_text("8 platser kvar")
    # Picked a while ago and still shown, whatever the polls brought in between.
    contact = slack.block(BlockId.CONTACT).get_by_role("combobox")
    expect(contact).to_have_value("Åsa Öberg · 070-••• •• 67")
    page.evaluate("document.activeElement.blur()")
    page.locator(".modal-body").evaluate("body => { body.scrollTop = 0; }")
    page.screenshot(path=screenshots / "playground-form.png")

    slack.submit()
    expect(slack.modal).to_have_count(0)
    confirmation = slack.messages.last
    expect(confirmation).to_contain_text(BOOKED)
    expect(confirmation).to_contain_text("1 timme före, via SMS")
    expect(confirmation).to_contain_text("Anmäld av @Agneta Berg")
    expect(confirmation.get_by_role("button", name="Ångra")).to_be_visible()
    assert api_bookings(served) == [
        {
            "participated": False,
            "reminderTime": 60,
            "smsReminder": True,
            "mailConfirmation": True,
            "smsConfirmation": False,
            "contactMessage": "Vill gärna se förrådet.",
            "options": {"isDeadlineValidationEnabled": True, "enableBookingLimitValidation": True},
        }
    ]

    booking = slack.vitec_request("POST", f"/Viewing/{known.SODERMALM}/{known.VIEWING_ID}/")
    expect(booking).to_have_count(1)
    expect(booking).to_contain_text("204")
    expect(booking).to_contain_text("Basic visningsbot:••••")
    booking.locator("summary").click()
    expect(booking.get_by_test_id("log-request")).to_contain_text('"reminderTime": 60')
    expect(booking.get_by_test_id("log-request")).not_to_contain_text("Vill gärna se förrådet")
    expect(booking.get_by_test_id("log-response")).to_contain_text("HTTP 204")
    expect(slack.log.locator('[data-source="slack"]').first).to_contain_text("v0=")
    expect(slack.log).not_to_contain_text(known.PASSWORDS[known.SODERMALM])
    page.screenshot(path=screenshots / "playground-confirmation.png")


def test_a_full_slot_is_flagged_on_the_slot(page: Page, served: Served) -> None:
    slack = SlackPage(page)
    slack.switch("Fullbokad tid")
    slack.command()
    slack.fill_form(slot="fullbokad")
    slack.submit()
    error = slack.error_in(slack.slot_block)
    expect(error).to_contain_text("Vitec svarar: ”Visningstiden är fullbokad.”")
    expect(error).to_contain_text("bocka ur ”Kontrollera antal platser”")
    expect(slack.modal).to_be_visible()
    assert api_bookings(served) == []

    # Switched off, the same form goes through.
    slack.switch("Fullbokad tid", on=False)
    slack.submit()
    expect(slack.modal).to_have_count(0)
    expect(slack.messages.last).to_contain_text(BOOKED)


def test_undo_takes_the_booking_back_out_of_vitec(page: Page, served: Served) -> None:
    slack = SlackPage(page)
    booked_by_page(slack)
    slack.messages.last.get_by_role("button", name="Ångra").click()
    expect(page.get_by_test_id("modal-title")).to_have_text("Ångra anmälan?")
    expect(slack.modal).to_contain_text("Åsa Öberg tas bort från visningen av Götgatan 14")
    expect(page.get_by_test_id("modal-submit")).to_have_text("Ta bort")
    slack.submit()
    expect(slack.messages.last).to_contain_text(
        "Anmälan av Åsa Öberg till Götgatan 14 ångrades av @Agneta Berg"
    )
    expect(slack.messages.last.get_by_role("button")).to_have_count(0)
    expect(slack.vitec_request("DELETE", "/Viewing/")).to_have_count(1)
    assert api_bookings(served) == []


def test_keeping_the_booking_sends_nothing(page: Page, served: Served) -> None:
    slack = SlackPage(page)
    booked_by_page(slack)
    slack.messages.last.get_by_role("button", name="Ångra").click()
    expect(page.get_by_test_id("modal-close")).to_have_text("Behåll")
    page.get_by_test_id("modal-close").click()
    expect(slack.modal).to_have_count(0)
    expect(slack.messages.last).to_contain_text(BOOKED)
    assert len(api_bookings(served)) == 1


def test_vitec_down_books_nothing_and_says_so(page: Page, served: Served) -> None:
    slack = SlackPage(page)
    slack.command()
    slack.fill_form()
    slack.switch("Vitec nere")
    slack.submit()
    # Vitec cannot even say whether the contact is booked already: the bot books nothing,
    # says so on the form, and the agent can try again once Vitec is back.
    expect(slack.modal).to_contain_text("Ingen anmälan gjordes")
    expect(slack.vitec_request("GET", "/ViewingParticipant/").first).to_contain_text("503")
    assert api_bookings(served) == []

    # With Vitec down the pickers cannot search either (a search not made before, so not cached).
    # The closed form is gone before the next one opens: typing can only reach the new one.
    slack.close_modal()
    slack.command()
    expect(slack.block(BlockId.CONTACT)).to_be_visible()
    field = slack.block(BlockId.CONTACT).get_by_role("combobox")
    field.click()
    field.fill("Björn Lindström")
    expect(slack.block(BlockId.CONTACT).get_by_role("listbox")).to_contain_text(
        "Vitec svarar inte just nu"
    )


def test_a_wrong_password_is_explained(page: Page, served: Served) -> None:
    slack = SlackPage(page)
    slack.command()
    slack.fill_form()
    slack.switch("Fel lösenord")
    slack.submit()
    expect(slack.modal).to_contain_text("visningsbot kommer inte in i Vitec")
    expect(slack.vitec_request("GET", "/ViewingParticipant/").first).to_contain_text("401")
    assert api_bookings(served) == []


def test_a_slow_vitec_shows_bokar_and_then_the_outcome(page: Page, served: Served) -> None:
    slack = SlackPage(page)
    slack.command()
    slack.fill_form()
    slack.switch("Vitec långsam")
    slack.submit()
    expect(page.get_by_test_id("modal-title")).to_have_text("Bokar…")
    expect(slack.modal).to_contain_text("Vitec svarar långsamt")
    expect(slack.messages.last).to_contain_text(BOOKED, timeout=15_000)
    expect(slack.modal).to_contain_text("Åsa Öberg är anmäld till Götgatan 14")
    expect(slack.vitec_request("POST", "/Viewing/")).to_contain_text("204")


def test_john_gets_the_form_in_english(page: Page) -> None:
    slack = SlackPage(page)
    slack.be("U0JOHN")
    expect(page.get_by_test_id("channel-link")).to_have_count(3)
    slack.command()
    expect(page.get_by_test_id("modal-title")).to_have_text("Book a viewing")
    expect(slack.block(BlockId.ESTATE)).to_contain_text("Property")
    slack.fill_form()
    slack.submit()
    expect(slack.messages.last).to_contain_text("Åsa Öberg is booked")
    expect(slack.messages.last).to_contain_text("@John Smith")


def test_help_is_only_shown_to_the_one_who_asked(page: Page) -> None:
    slack = SlackPage(page)
    slack.command("hjälp")
    expect(slack.messages.last).to_contain_text("Så anmäler du en kontakt till en visning")
    expect(slack.messages.last).to_contain_text("Endast synligt för dig")
    slack.be("U0ERIK")
    # Erik sees his own request from reception, and not the help Agneta asked for.
    expect(slack.messages).to_have_count(1)
    expect(slack.messages).not_to_contain_text("Så anmäler du en kontakt")


def test_the_page_never_turns_text_into_markup(page: Page) -> None:
    rendered = page.evaluate(
        """async (samples) => {
            const { mrkdwn } = await import("/static/mrkdwn.js");
            return samples.map((text) => {
                const box = document.createElement("div");
                box.append(mrkdwn(text, { me: "U0AGNETA", userName: () => "Agneta Berg" }));
                return box.innerHTML;
            });
        }""",
        [
            "*fet* _kursiv_ ~struken~ `kod`",
            "<https://example.com/a_b|länk> <@U0AGNETA> :white_check_mark: rad 1\nrad 2",
            "<script>alert(1)</script> &lt;img src=x onerror=alert(1)&gt; <javascript:alert(1)|x>",
            "snake_case_name och 2*3*4",
        ],
    )
    assert rendered[0] == (
        '<strong>fet</strong> <em>kursiv</em> <del>struken</del> <code class="md-code">kod</code>'
    )
    link = '<a href="https://example.com/a_b" target="_blank" rel="noopener noreferrer">länk</a>'
    assert link in rendered[1]
    assert 'class="mention mention-me"' in rendered[1]
    assert "@Agneta Berg" in rendered[1]
    assert "✅" in rendered[1]
    assert "rad 1<br>rad 2" in rendered[1]
    assert "<script" not in rendered[2]
    assert "<img" not in rendered[2]
    assert "<a " not in rendered[2]
    assert "&lt;script&gt;" in rendered[2]
    assert rendered[3] == "snake_case_name och 2*3*4"


def test_slack_itself_asks_for_required_fields_and_sends_nothing(page: Page) -> None:
    slack = SlackPage(page)
    slack.command()
    expect(slack.modal).to_be_visible()
    slack.submit()
    for block in (BlockId.ESTATE, BlockId.CONTACT):
        expect(slack.error_in(slack.block(block))).to_have_text(
            "Please complete this required field."
        )
    unsent = slack.log.locator('[data-source="slack"]').filter(has_text="inte skickad")
    expect(unsent).to_have_count(1)
    expect(slack.log.locator('[data-source="slack"]', has_text="view_submission")).to_have_count(1)

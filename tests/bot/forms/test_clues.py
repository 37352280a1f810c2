"""Reading a Slack message for the form: phones, e-mails, personnummer, objektnummer, addresses."""

from __future__ import annotations

import pytest

from bot.forms.clues import MAX_CONTACT_CLUES, find_clues, luhn_valid, plain_text


def test_a_receptionists_note_yields_every_contact_clue_and_the_address() -> None:
    clues = find_clues(
        "Anna Svensson (<mailto:anna.s@example.com|anna.s@example.com>, "
        "<tel:+46701234567|+46 70-123 45 67>, 19811218-9876) vill gå på visningen på "
        "Götgatan 14 på tisdag kl 17.30."
    )
    assert clues.contacts == ("anna.s@example.com", "19811218-9876", "+46 70-123 45 67")
    # The words before the address are tried last; a time (17.30) is no house number.
    assert clues.estates == ("Götgatan 14", "på Götgatan 14", "visningen på Götgatan 14")


def test_an_objektnummer_comes_before_any_address_and_a_flat_number_stays_with_its_house() -> None:
    clues = find_clues("Hornsgatan 102 lgh 1203, objekt 2468-1134")
    assert clues.estates[0] == "2468-1134"
    assert "Hornsgatan 102 lgh 1203" in clues.estates


@pytest.mark.parametrize(
    ("text", "contacts"),
    [
        # Ten digits without a dash read as a phone only when they start like one.
        ("8112189876", ()),
        ("811218-9876", ("811218-9876",)),
        ("811218-9875", ()),  # wrong check digit
        ("0701234567", ("0701234567",)),
        ("070-123 45 67 och 070-123 45 67", ("070-123 45 67",)),
        ("ingen@", ()),
        ("kl 17:30 den 12/3", ()),
    ],
)
def test_contact_clues_are_what_they_look_like(text: str, contacts: tuple[str, ...]) -> None:
    assert find_clues(text).contacts == contacts


def test_odd_and_oversized_messages_give_bounded_clues() -> None:
    many = " ".join(f"person{i}@example.com" for i in range(50))
    assert len(find_clues(many).contacts) == MAX_CONTACT_CLUES
    assert find_clues("").contacts == ()
    assert find_clues("<@U123> <#C123|visningar> <!channel>").estates == ()
    huge = "Götgatan 14 " + "x" * 100_000 + " asa.oberg@example.com"
    assert find_clues(huge).contacts == ()
    assert find_clues(huge).estates[0] == "Götgatan 14"


def test_slack_links_read_as_their_labels() -> None:
    assert plain_text("<https://example.com|sidan> och <mailto:a@b.se>") == "sidan och a@b.se"


def test_the_check_digit() -> None:
    assert luhn_valid("8112189876")
    assert not luhn_valid("8112189875")

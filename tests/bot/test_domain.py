"""The bot's own terms: a new contact's details as the form and other ways in give them."""

from __future__ import annotations

import pytest

from bot.domain import NewContact, normalise_mobile, parse_new_contact
from bot.store import new_contact_key


def test_a_new_contact_is_tidied_as_vitec_should_get_it() -> None:
    found = parse_new_contact("  anna  maria ", "Nyström-Öst", "+46 70 123 45 67", "A.N@Example.SE")
    assert found == NewContact(
        first_name="anna maria",
        last_name="Nyström-Öst",
        mobile="0701234567",
        email="A.N@example.se",
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("070-123 45 67", "0701234567"),
        ("+46701234567", "0701234567"),
        ("0046 70 123 45 67", "0701234567"),
        ("+47 912 34 567", "+4791234567"),
        ("(08) 123 456 78", "0812345678"),
        ("ring mig", None),
        ("12", None),
        ("0" * 18, None),
        ("070–123", None),
    ],
)
def test_mobile_numbers_are_read_as_a_crm_reads_them(typed: str, expected: str | None) -> None:
    assert normalise_mobile(typed) == expected


@pytest.mark.parametrize(
    ("first", "last", "mobile", "email", "problems"),
    [
        ("", "Nyström", "0701234567", "", {"first_name": "missing"}),
        ("Anna", "N" * 31, "0701234567", "", {"last_name": "too_long"}),
        ("<b>", "1234", "0701234567", "", {"first_name": "not_a_name", "last_name": "not_a_name"}),
        ("Anna", "Nyström", "", "", {"mobile": "phone_or_email"}),
        ("Anna", "Nyström", "x" * 41, "", {"mobile": "too_long"}),
        ("Anna", "Nyström", "", "anna@", {"email": "not_an_email"}),
        ("Anna", "Nyström", "", "a@" + "b" * 99 + ".se", {"email": "too_long"}),
        ("Anna\u0000", "Nyström", "0701234567", "", {"first_name": "not_a_name"}),
    ],
)
def test_odd_or_oversized_details_are_refused_by_field(
    first: str, last: str, mobile: str, email: str, problems: dict[str, str]
) -> None:
    assert parse_new_contact(first, last, mobile, email) == problems


def test_the_same_person_however_typed_has_one_key_per_slot() -> None:
    one = parse_new_contact("Åsa", "Öberg", "070-123 45 67", "")
    two = parse_new_contact(" åsa ", "ÖBERG", "+46 70 1234567", None)
    assert isinstance(one, NewContact)
    assert isinstance(two, NewContact)
    assert new_contact_key("TS1", one.key_parts()) == new_contact_key("TS1", two.key_parts())
    assert new_contact_key("TS1", one.key_parts()) != new_contact_key("TS2", one.key_parts())

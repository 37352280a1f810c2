"""What the side panel masks: the personal data the bot keeps out of its logs."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.playground.masking import MASK, mask_json, mask_query, mask_text
from devtools.simulator import known
from tests.conftest import leaks


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("ring 070-123 45 67 i dag", "ring 070-••• •• 67 i dag"),
        ("0701234567", "070-••• •• 67"),
        ("+46 70 123 45 67", "467-••• •• 67"),
        ("08-123 456 78", "081-••• •• 78"),
        ("asa.oberg@example.com", "a•••@example.com"),
        ("pnr 19800101-1234 och 800101-1234", f"pnr {MASK} och {MASK}"),
        ("198001011234", MASK),
    ],
)
def test_phones_emails_and_personnummer_are_masked_in_text(text: str, shown: str) -> None:
    assert mask_text(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "2468-1134",
        "2026-12-05T17:30:00",
        known.ESTATE_ID,
        known.VIEWING_ID,
        known.SLOT_ID,
        known.SODERMALM,
        "Götgatan 14",
        "118 46 Stockholm",
        "Visningen är fullbokad.",
    ],
)
def test_what_is_not_personal_stays_readable(text: str) -> None:
    assert mask_text(text) == text


def test_a_contact_from_vitec_keeps_only_what_tells_namesakes_apart() -> None:
    contact: dict[str, Any] = {
        "id": known.ASA_OBERG,
        "type": "Person",
        "firstName": "Åsa",
        "lastName": "Öberg",
        "telephone": {"home": "08-765 43 21", "cell": "0701234567", "other": None},
        "email": {"emailAddress": "asa.oberg@example.com", "emailAddress2": ""},
        "socialSecurityNumber": "8001011234",
        "customerId": known.SODERMALM,
    }
    shown = mask_json(contact)
    assert shown["telephone"] == {"home": "087-••• •• 21", "cell": "070-••• •• 67", "other": None}
    assert shown["email"] == {"emailAddress": "a•••@example.com", "emailAddress2": ""}
    assert shown["socialSecurityNumber"] == MASK
    assert (shown["firstName"], shown["type"], shown["id"]) == ("Åsa", "Person", known.ASA_OBERG)
    assert contact["telephone"]["cell"] == "0701234567", "the original is left alone"


def test_a_booking_keeps_its_choices_and_loses_the_contacts_message() -> None:
    booking = {
        "contactMessage": "Vill gärna se förrådet.",
        "reminderTime": 60,
        "smsReminder": True,
        "mailConfirmation": True,
        "options": {"isDeadlineValidationEnabled": True},
    }
    assert mask_json(booking) == {**booking, "contactMessage": MASK}


def test_vitecs_own_error_message_stays_readable() -> None:
    error = {"message": "Visningen är fullbokad.", "modelState": {"model.TimeSlotId": ["Full"]}}
    assert mask_json(error) == error


def test_hidden_inputs_withhold_what_was_typed_but_keep_the_shape() -> None:
    values = {"message": {"message_input": {"type": "plain_text_input", "value": "Ring mig"}}}
    assert mask_json(values, {"message_input"}) == {
        "message": {"message_input": {"type": "plain_text_input", "value": MASK}}
    }


def test_queries_are_decoded_and_masked() -> None:
    assert mask_query("phoneNumber=0701234567&customerId=M30011") == (
        "phoneNumber=070-••• •• 67&customerId=M30011"
    )
    assert mask_query("email=asa.oberg%40example.com") == "email=a•••@example.com"
    assert mask_query("searchText=%C3%85sa+%C3%96berg") == "searchText=Åsa Öberg"


def test_nothing_masked_would_trip_the_log_scan() -> None:
    shown = mask_json(
        {
            "phones": ["070-123 45 67", "+46701234567"],
            "note": "ring 0701234567",
            "mail": "asa.oberg@example.com",
            "pnr": "19800101-1234",
        }
    )
    assert leaks([str(shown)]) == []

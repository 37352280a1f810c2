from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain import ReminderChoice, SignupForm
from bot.ui.form import slot_block_id
from bot.ui.ids import ActionId, BlockId
from bot.ui.metadata import FormMetadata
from bot.ui.submission import FormErrors, read_form

ESTATE = "OBJ11385_1395932274"
CONTACT = "ADR" + "0123456789ABCDEF" * 2
META = FormMetadata(
    user_id="U0AGNETA", channel_id="C0VISNING", customer_id="M30011", estate_id=ESTATE
)


def selected(value: str, text: str = "label") -> dict[str, Any]:
    return {
        "type": "static_select",
        "selected_option": {"text": {"type": "plain_text", "text": text}, "value": value},
    }


def ticked(*values: str) -> dict[str, Any]:
    return {
        "type": "checkboxes",
        "selected_options": [
            {"value": v, "text": {"type": "plain_text", "text": v}} for v in values
        ],
    }


def state(**changes: Any) -> dict[str, dict[str, dict[str, Any]]]:
    values: dict[str, dict[str, dict[str, Any]]] = {
        BlockId.ESTATE: {ActionId.ESTATE: selected(ESTATE, "Götgatan 14")},
        slot_block_id(ESTATE): {ActionId.SLOT: selected("VIS1/TS1")},
        BlockId.CONTACT: {ActionId.CONTACT: selected(CONTACT, "Åsa Öberg · 070-••• •• 67")},
        BlockId.REMINDER: {ActionId.REMINDER: selected("sms:60")},
        BlockId.NOTIFY: {ActionId.NOTIFY: ticked("mail_confirmation")},
        BlockId.MESSAGE: {
            ActionId.MESSAGE: {"type": "plain_text_input", "value": "  Vill se förrådet  "}
        },
        BlockId.LEAD_SOURCE: {ActionId.LEAD_SOURCE: selected("office_default")},
        BlockId.CHECKS: {ActionId.CHECKS: ticked("deadline", "capacity")},
        BlockId.CHANNEL: {
            ActionId.CHANNEL: {"type": "conversations_select", "selected_conversation": "C0SALJ"}
        },
    }
    for key, value in changes.items():
        block_id, action_id = key.split("__")
        if value is None:
            values.pop(block_id, None)
        else:
            values[block_id] = {action_id: value}
    return values


def test_a_complete_form_reads_into_a_signup() -> None:
    form = read_form(state(), META)
    assert form == SignupForm(
        customer_id="M30011",
        estate_id=ESTATE,
        viewing_id="VIS1",
        time_slot_id="TS1",
        contact_id=CONTACT,
        reminder=ReminderChoice.HOUR_1,
        sms_reminder=True,
        mail_confirmation=True,
        sms_confirmation=False,
        contact_message="Vill se förrådet",
        lead_source_id=None,
        participated=False,
        check_deadline=True,
        check_capacity=True,
        channel_id="C0SALJ",
    )


def errors_of(values: dict[str, Any], meta: FormMetadata = META) -> dict[str, str]:
    result = read_form(values, meta)
    assert isinstance(result, FormErrors)
    assert result.ack_payload()["response_action"] == "errors"
    return result.errors


def test_no_estate_chosen() -> None:
    assert errors_of(state(estate__estate_select=None)) == {
        BlockId.ESTATE: "Välj ett objekt i listan."
    }


def test_no_slot_chosen() -> None:
    values = state(
        **{
            f"{slot_block_id(ESTATE)}__slot_select": {
                "type": "static_select",
                "selected_option": None,
            }
        }
    )
    assert errors_of(values) == {slot_block_id(ESTATE): "Välj en visningstid."}


def test_an_estate_without_upcoming_viewings_cannot_be_booked() -> None:
    values = state(**{f"{slot_block_id(ESTATE)}__slot_select": None})
    # The form already says why (no upcoming viewings); the error only says what to do.
    assert errors_of(values) == {BlockId.ESTATE: "Välj ett objekt som har kommande visningar."}


def test_an_estate_changed_after_the_slots_were_shown_asks_to_choose_it_again() -> None:
    values = state(estate__estate_select=selected("OBJ999_1"))
    assert errors_of(values) == {
        BlockId.ESTATE: "Visningstiderna för objektet har inte visats än. Välj objektet igen."
    }


@pytest.mark.parametrize("value", ["~hint", "~hint2"])
def test_a_hint_chosen_in_a_picker_is_refused_with_what_to_do(value: str) -> None:
    contact = state(contact__contact_select=selected(value, "Skriv 3 tecken till"))
    assert errors_of(contact) == {
        BlockId.CONTACT: (
            "Det du valde är en upplysning, ingen kontakt. Sök igen och välj en kontakt i listan."
        )
    }
    estate = state(estate__estate_select=selected(value, "Inga träffar på ”x”"))
    assert errors_of(estate)[BlockId.ESTATE].startswith(
        "Det du valde är en upplysning, inget objekt"
    )


@pytest.mark.parametrize(
    ("value", "reminder", "sms"),
    [
        ("none", ReminderChoice.NONE, False),
        ("sms:30", ReminderChoice.MINUTES_30, True),
        ("sms:1440", ReminderChoice.DAY_1, True),
        ("mail:60", ReminderChoice.HOUR_1, False),
        ("mail:120", ReminderChoice.HOURS_2, False),
        ("sms:45", ReminderChoice.NONE, False),
        ("fax:60", ReminderChoice.HOUR_1, False),
        ("", ReminderChoice.NONE, False),
    ],
)
def test_one_reminder_choice_sets_both_the_time_and_sms(
    value: str, reminder: ReminderChoice, sms: bool
) -> None:
    form = read_form(state(reminder__reminder_select=selected(value)), META)
    assert isinstance(form, SignupForm)
    assert (form.reminder, form.sms_reminder) == (reminder, sms)


@pytest.mark.parametrize(
    ("value", "ticks", "reminder", "sms"),
    [
        ("60", ("sms_reminder",), ReminderChoice.HOUR_1, True),
        ("60", (), ReminderChoice.HOUR_1, False),
        ("0", ("sms_reminder",), ReminderChoice.NONE, False),
    ],
)
def test_forms_opened_before_the_single_reminder_choice_still_read(
    value: str, ticks: tuple[str, ...], reminder: ReminderChoice, sms: bool
) -> None:
    values = state(reminder__reminder_select=selected(value), notify__notify_checks=ticked(*ticks))
    form = read_form(values, META)
    assert isinstance(form, SignupForm)
    assert (form.reminder, form.sms_reminder) == (reminder, sms)


def test_attendance_is_read_from_its_own_block_and_from_older_forms_checks() -> None:
    for values in (
        state(attendance__attendance_check=ticked("participated")),
        state(checks__booking_checks=ticked("deadline", "capacity", "participated")),
    ):
        form = read_form(values, META)
        assert isinstance(form, SignupForm)
        assert form.participated
        assert (form.check_deadline, form.check_capacity) == (True, True)


def test_an_oversized_message_is_refused_even_if_slack_let_it_through() -> None:
    values = state(message__message_input={"type": "plain_text_input", "value": "å" * 1001})
    assert errors_of(values) == {
        BlockId.MESSAGE: "Meddelandet får vara högst 1000 tecken. Korta det och anmäl igen."
    }


@pytest.mark.parametrize("forged", ["../x", "x/y", "x?a=1", "%2e%2e", "", "Å", "x" * 41])
def test_forged_ids_never_reach_a_form(forged: str) -> None:
    values = state(
        contact__contact_select=selected(forged),
        lead_source__lead_source_select=selected(forged),
    )
    errors = errors_of(values)
    assert errors[BlockId.CONTACT] == "Välj en kontakt i listan."
    if forged:
        assert errors[BlockId.LEAD_SOURCE] == "Välj en leadkälla i listan."


def test_errors_are_english_for_english_users() -> None:
    meta = META.model_copy(update={"language": "en"})
    assert errors_of(state(estate__estate_select=None), meta) == {
        BlockId.ESTATE: "Choose a property from the list."
    }


def test_a_chosen_lead_source_and_unticked_checks_are_sent_as_chosen() -> None:
    values = state(
        lead_source__lead_source_select=selected("LS-42"),
        checks__booking_checks=ticked(),
        attendance__attendance_check=ticked("participated"),
        notify__notify_checks=ticked(),
        reminder__reminder_select=selected("none"),
    )
    form = read_form(values, META)
    assert isinstance(form, SignupForm)
    assert (form.lead_source_id, form.participated, form.check_deadline, form.check_capacity) == (
        "LS-42",
        True,
        False,
        False,
    )
    assert form.reminder == ReminderChoice.NONE


def test_the_channel_defaults_to_where_the_form_was_opened() -> None:
    form = read_form(state(channel__channel_select=None), META)
    assert isinstance(form, SignupForm)
    assert form.channel_id == "C0VISNING"


def test_the_slot_value_carries_the_slots_times() -> None:
    values = state(
        **{f"{slot_block_id(ESTATE)}__slot_select": selected("VIS1/TS1/1764954000/1764956700")}
    )
    form = read_form(values, META)
    assert isinstance(form, SignupForm)
    assert form.slot_starts_at == datetime(2025, 12, 5, 17, 0, tzinfo=UTC)
    assert form.slot_ends_at == datetime(2025, 12, 5, 17, 45, tzinfo=UTC)


@pytest.mark.parametrize(
    "value", ["VIS1", "VIS1/TS1/1", "VIS1/TS1/x/y", "VIS1/TS1/1/99999999999999999999", "../x/TS1"]
)
def test_odd_slot_values_are_refused(value: str) -> None:
    values = state(**{f"{slot_block_id(ESTATE)}__slot_select": selected(value)})
    assert errors_of(values) == {slot_block_id(ESTATE): "Välj en visningstid."}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3)
    ),
    max_leaves=20,
)


@given(
    st.dictionaries(
        st.sampled_from([*BlockId, "slot.OBJ11385_1395932274", "x"]),
        st.dictionaries(st.sampled_from([*ActionId, "y"]), json_values, max_size=2),
        max_size=8,
    )
)
def test_any_state_shape_gives_a_form_or_errors_never_an_exception(values: dict[str, Any]) -> None:
    result = read_form(values, META)
    assert isinstance(result, (SignupForm, FormErrors))


BULK_META = META.model_copy(update={"mode": "bulk"})
NEW_META = META.model_copy(update={"mode": "new"})


def bulk_state(*values: str) -> dict[str, dict[str, dict[str, Any]]]:
    chosen = {
        "type": "multi_external_select",
        "selected_options": [
            {"text": {"type": "plain_text", "text": v[:20]}, "value": v} for v in values
        ],
    }
    return state(contact__x=None, bulk_contacts__bulk_contacts_select=chosen)


def test_several_contacts_are_read_each_once_in_the_order_chosen() -> None:
    other = "ADR" + "F" * 32
    form = read_form(bulk_state(CONTACT, other, CONTACT.lower()), BULK_META)
    assert isinstance(form, SignupForm)
    assert form.bulk_contact_ids == (CONTACT, other)
    assert form.contact_id == CONTACT


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ((), "Välj minst en kontakt i listan."),
        ((CONTACT, "../ADR1"), "Välj minst en kontakt i listan."),
        ((CONTACT, "A" * 41), "Välj minst en kontakt i listan."),
        (tuple(f"ADR{n:032X}" for n in range(11)), "Högst 10 kontakter åt gången."),
    ],
)
def test_odd_or_too_many_contacts_are_refused_on_the_bulk_picker(
    values: tuple[str, ...], error: str
) -> None:
    answer = read_form(bulk_state(*values), BULK_META)
    assert isinstance(answer, FormErrors)
    assert answer.errors[BlockId.BULK_CONTACTS] == error


def test_a_new_contact_is_read_from_its_four_fields() -> None:
    typed = {
        "new_first_name__first_name_input": {"type": "plain_text_input", "value": " Anna "},
        "new_last_name__last_name_input": {"type": "plain_text_input", "value": "Nyström"},
        "new_mobile__mobile_input": {"type": "plain_text_input", "value": "070-999 88 77"},
        "new_email__email_input": {"type": "plain_text_input", "value": None},
    }
    form = read_form(state(contact__x=None, **typed), NEW_META)
    assert isinstance(form, SignupForm)
    assert form.new_contact is not None
    assert (form.new_contact.name, form.new_contact.mobile, form.contact_id) == (
        "Anna Nyström",
        "0709998877",
        "",
    )

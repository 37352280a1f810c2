import re
from typing import Any

import pytest

from bot.domain import EstateEntry
from bot.ui.form import (
    SlotPicker,
    notice_view,
    signup_form,
    slot_block_id,
    slot_label,
    undo_confirm_view,
)
from bot.ui.ids import BlockId, CallbackId
from bot.ui.metadata import FormMetadata, UndoMetadata
from bot.ui.texts import SV
from devtools.playground.slack.validation import view_problems
from tests.bot.ui.conftest import NOW, make_slot


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def test_the_empty_form_needs_no_vitec_data_and_is_valid(meta: FormMetadata) -> None:
    view = signup_form(meta, now=NOW)
    assert view_problems(view) == []
    assert view["callback_id"] == CallbackId.SIGNUP
    assert view["title"]["text"] == "Anmäl till visning"
    estate = block(view, BlockId.ESTATE)
    assert estate["dispatch_action"] is True
    assert estate["element"]["type"] == "external_select"
    assert block(view, BlockId.SLOT_HINT)["elements"][0]["text"].startswith("Välj ett objekt")
    channel = block(view, BlockId.CHANNEL)["element"]
    assert channel["response_url_enabled"] is True
    assert channel["default_to_current_conversation"] is True


def test_both_booking_checks_start_ticked_and_attendance_is_apart(meta: FormMetadata) -> None:
    view = signup_form(meta, now=NOW)
    checks = block(view, BlockId.CHECKS)
    assert [o["value"] for o in checks["element"]["options"]] == ["deadline", "capacity"]
    assert [o["value"] for o in checks["element"]["initial_options"]] == ["deadline", "capacity"]
    assert checks["hint"]["text"] == "Bocka ur en kontroll för att boka ändå."
    attendance = block(view, BlockId.ATTENDANCE)
    assert attendance["label"]["text"] == "Deltagande"
    assert [o["text"]["text"] for o in attendance["element"]["options"]] == [
        "Kontakten har redan varit på visningen"
    ]
    assert "initial_options" not in attendance["element"]


def test_one_reminder_choice_says_how_and_when(meta: FormMetadata) -> None:
    view = signup_form(meta, now=NOW)
    reminder = block(view, BlockId.REMINDER)
    options = [(o["text"]["text"], o["value"]) for o in reminder["element"]["options"]]
    assert options == [
        ("Ingen påminnelse", "none"),
        ("30 minuter före, via SMS", "sms:30"),
        ("1 timme före, via SMS", "sms:60"),
        ("2 timmar före, via SMS", "sms:120"),
        ("1 dag före, via SMS", "sms:1440"),
        ("30 minuter före, via e-post", "mail:30"),
        ("1 timme före, via e-post", "mail:60"),
        ("2 timmar före, via e-post", "mail:120"),
        ("1 dag före, via e-post", "mail:1440"),
    ]
    assert reminder["element"]["initial_option"]["value"] == "none"
    assert "SMS eller e-post" in reminder["hint"]["text"]
    notify = block(view, BlockId.NOTIFY)
    assert notify["label"]["text"] == "Bekräftelse till kontakten"
    assert [o["value"] for o in notify["element"]["options"]] == [
        "mail_confirmation",
        "sms_confirmation",
    ]


def test_an_estate_with_one_slot_has_it_preselected(
    meta: FormMetadata, estate: EstateEntry
) -> None:
    slot = make_slot(1)
    view = signup_form(meta, now=NOW, estate=estate, slots=SlotPicker("loaded", (slot,)))
    assert view_problems(view) == []
    select = block(view, slot_block_id(estate.id))["element"]
    assert select["initial_option"]["value"] == slot.value
    assert select["initial_option"]["value"].startswith("VIS1/TS1/")
    assert FormMetadata.load(view["private_metadata"]) == meta.model_copy(
        update={"estate_id": estate.id}
    )


def test_several_slots_are_offered_without_a_guess(meta: FormMetadata, estate: EstateEntry) -> None:
    slots = (make_slot(1), make_slot(2, booked=10), make_slot(3, capacity=None))
    view = signup_form(meta, now=NOW, estate=estate, slots=SlotPicker("loaded", slots))
    select = block(view, slot_block_id(estate.id))["element"]
    assert "initial_option" not in select
    labels = [o["text"]["text"] for o in select["options"]]
    assert labels[0].endswith("7 platser kvar")
    assert labels[1].endswith("fullbokad")
    assert labels[2].endswith("inget platstak")


def test_a_slot_past_its_deadline_says_so() -> None:
    slot = make_slot(1)
    assert slot_label(slot, SV, slot.starts_at).endswith("anmälan stängd")


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("none", "*Götgatan 14* har inga kommande visningar i Vitec. Välj ett annat objekt"),
        ("failed", "Visningstiderna kunde inte hämtas. visningsbot kommer inte in i Vitec"),
    ],
)
def test_an_estate_without_slots_explains_why_once(
    meta: FormMetadata, estate: EstateEntry, state: Any, expected: str
) -> None:
    picker = SlotPicker(state, problem=SV.problem_auth)
    view = signup_form(meta, now=NOW, estate=estate, slots=picker)
    assert block(view, BlockId.SLOT_HINT)["elements"][0]["text"].startswith(expected)
    assert [b for b in view["blocks"] if b["type"] == "context"] == [block(view, BlockId.SLOT_HINT)]
    assert view_problems(view) == []


def test_what_the_command_did_not_find_is_said_under_the_estate_picker(
    meta: FormMetadata,
) -> None:
    view = signup_form(meta, now=NOW, note="Inget objekt matchar ”Storgatan 99”.")
    blocks = [b.get("block_id") for b in view["blocks"]]
    assert blocks.index(BlockId.ESTATE_NOTE) == blocks.index(BlockId.ESTATE) + 1
    assert block(view, BlockId.ESTATE_NOTE)["elements"][0]["text"] == (
        "Inget objekt matchar ”Storgatan 99”."
    )
    assert view_problems(view) == []
    assert BlockId.ESTATE_NOTE not in [
        b.get("block_id") for b in signup_form(meta, now=NOW)["blocks"]
    ]


def plain_texts(node: Any, inside_plain: bool = False) -> list[str]:
    """Every text Slack shows as plain text in a view (titles, labels, options, hints)."""
    if isinstance(node, list):
        return [t for item in node for t in plain_texts(item)]
    if not isinstance(node, dict):
        return []
    if node.get("type") == "plain_text":
        return [node["text"]]
    return [t for value in node.values() for t in plain_texts(value)]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_plain_text_in_the_form_has_no_markup(
    meta: FormMetadata, estate: EstateEntry, language: str
) -> None:
    localised = meta.model_copy(update={"language": language})
    view = signup_form(
        localised, now=NOW, estate=estate, slots=SlotPicker("loaded", (make_slot(1),))
    )
    shown = plain_texts(view)
    assert len(shown) > 30
    for text in shown:
        assert not re.search(r":[a-z0-9_+-]+:|[*`<]", text), text


def test_the_undo_question_is_asked_in_the_askers_language() -> None:
    for language, title, yes in (
        ("sv", "Ångra anmälan?", "Ta bort"),
        ("en", "Undo booking?", "Remove"),
    ):
        meta = UndoMetadata(
            signup_id=7, response_url="https://hooks.slack.test/x", language=language
        )
        view = undo_confirm_view(meta, name="Åsa Öberg", address="Götgatan 14", slot="lör 6 dec")
        assert view_problems(view) == []
        assert (view["title"]["text"], view["submit"]["text"]) == (title, yes)
        assert view["callback_id"] == CallbackId.UNDO_CONFIRM
        assert "Åsa Öberg" in view["blocks"][0]["text"]["text"]
        assert UndoMetadata.load(view["private_metadata"]) == meta


def test_english_users_get_an_english_form(meta: FormMetadata) -> None:
    view = signup_form(meta.model_copy(update={"language": "en"}), now=NOW)
    assert view["title"]["text"] == "Book a viewing"
    assert view["submit"]["text"] == "Book"


def test_a_long_address_is_cut_to_slacks_option_limit(meta: FormMetadata) -> None:
    long = EstateEntry.build(
        estate_id="OBJ1_1",
        customer_id="M30011",
        street_address="Drottning Kristinas väg " + "lång " * 30,
        area="Norra Djurgården",
        postal_town="Stockholm",
        reference_id="1-1",
        status=None,
    )
    view = signup_form(meta, now=NOW, estate=long, slots=SlotPicker("none"))
    assert view_problems(view) == []
    assert len(block(view, BlockId.ESTATE)["element"]["initial_option"]["text"]["text"]) == 75


def test_a_hundred_and_fifty_slots_still_make_a_valid_view(
    meta: FormMetadata, estate: EstateEntry
) -> None:
    slots = tuple(make_slot(n) for n in range(150))
    view = signup_form(meta, now=NOW, estate=estate, slots=SlotPicker("loaded", slots))
    assert view_problems(view) == []


def test_notice_views_are_valid_in_both_languages(meta: FormMetadata) -> None:
    for language in ("sv", "en"):
        view = notice_view(
            meta.model_copy(update={"language": language}),
            title="Bokar…",
            text="x" * 5000,
            callback_id=CallbackId.SIGNUP_PENDING,
        )
        assert view_problems(view) == []
        assert "submit" not in view


def test_metadata_stays_small_and_free_of_personal_data(meta: FormMetadata) -> None:
    raw = signup_form(meta, now=NOW)["private_metadata"]
    assert len(raw) < 200
    assert set(FormMetadata.load(raw).model_dump()) == {  # type: ignore[union-attr]
        "channel_id",
        "user_id",
        "customer_id",
        "language",
        "estate_id",
        "thread_ts",
        "reply_url",
        "mode",
    }


@pytest.mark.parametrize("raw", [None, "", "{", '{"u": 1}', "[]", "x" * 4000])
def test_metadata_that_is_not_ours_is_refused(raw: str | None) -> None:
    assert FormMetadata.load(raw) is None

import ast
import re
import string
from pathlib import Path

import pytest

from bot.language import language_for_locale
from bot.ui.texts import (
    EN,
    OPTION_LINE_FIELDS,
    PLAIN_TEXT_FIELDS,
    SV,
    TEXT_FIELDS,
    texts,
)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_both_languages_say_it_with_the_same_placeholders(field: str) -> None:
    swedish, english = getattr(SV, field), getattr(EN, field)
    assert swedish.strip()
    assert english.strip()
    assert placeholders(swedish) == placeholders(english)


def test_calendar_names_are_complete() -> None:
    for catalogue in (SV, EN):
        assert len(catalogue.weekdays.split()) == 7
        assert len(catalogue.months.split()) == 12


def test_swedish_is_the_default_for_anything_but_english() -> None:
    assert texts("en") is EN
    assert texts("sv") is SV
    assert texts("de") is SV


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("sv-SE", "sv"), ("en-US", "en"), ("en-GB", "en"), ("de-DE", "sv"), (None, "sv"), ("", "sv")],
)
def test_slack_locales_map_to_a_language(locale: str | None, expected: str) -> None:
    assert language_for_locale(locale) == expected


def test_the_default_language_is_configurable() -> None:
    assert language_for_locale("fr-FR", "en") == "en"


MARKUP = re.compile(r":[a-z0-9_+-]+:|[*`<>]|(?<!\w)_\w")
SAMPLE_VALUES = {"n": 4, "query": "x" * 40, "office": "M30011", "when": "2 timmar före"}


@pytest.mark.parametrize("field", PLAIN_TEXT_FIELDS)
def test_texts_slack_shows_as_plain_text_have_no_markup(field: str) -> None:
    for catalogue in (SV, EN):
        text = getattr(catalogue, field)
        assert not MARKUP.search(text), f"{field}: {text!r}"


@pytest.mark.parametrize("field", OPTION_LINE_FIELDS)
def test_each_line_of_a_picker_answer_fits_an_option(field: str) -> None:
    for catalogue in (SV, EN):
        for line in getattr(catalogue, field).format(**SAMPLE_VALUES).splitlines():
            assert 0 < len(line) <= 75, f"{field}: {line!r}"


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_no_text_shows_agents_configuration_names_or_http_codes(field: str) -> None:
    for catalogue in (SV, EN):
        text = getattr(catalogue, field)
        assert "VITEC_" not in text
        assert "HTTP" not in text
        assert not re.search(r"\b(401|403|404|5\d\d)\b", text), f"{field}: {text!r}"


def test_plain_text_fields_exist() -> None:
    assert set(PLAIN_TEXT_FIELDS) <= set(TEXT_FIELDS)
    assert len(set(PLAIN_TEXT_FIELDS)) == len(PLAIN_TEXT_FIELDS)


def test_vitecs_words_are_framed_as_vitecs_in_both_languages() -> None:
    assert SV.vitec_says.format(message="Tiden är full.") == "Vitec svarar: ”Tiden är full.”"
    assert EN.vitec_says.format(message="Tiden är full.") == (
        "Vitec says (in Swedish): “Tiden är full.”"
    )


def test_every_text_in_the_catalogue_is_shown_somewhere() -> None:
    root = Path(__file__).resolve().parents[3]
    read = {
        node.attr
        for package in ("bot", "handlers")
        for path in (root / package).rglob("*.py")
        if path.name != "texts.py" and not {"simulator", "playground"} & set(path.parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
    }
    assert [field for field in TEXT_FIELDS if field not in read] == []

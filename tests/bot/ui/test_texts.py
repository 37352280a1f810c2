import string

import pytest

from bot.ui.texts import EN, SV, TEXT_FIELDS, language_for_locale, texts


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

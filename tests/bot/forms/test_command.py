"""``/visning <text>``: what the form says about the text it could not turn into an estate."""

from __future__ import annotations

import pytest

from bot.estate_search import CommandMatch
from bot.forms.command import command_note
from bot.ui.texts import EN, SV


@pytest.mark.parametrize(
    ("match", "language", "note"),
    [
        (CommandMatch("found"), "sv", None),
        (CommandMatch("ambiguous"), "sv", "”Hornsgatan” passar flera objekt."),
        (CommandMatch("none"), "en", "No property matches “Hornsgatan”."),
        (CommandMatch("not_loaded"), "sv", "Objektlistan hämtas från Vitec just nu"),
    ],
)
def test_the_command_note_says_what_became_of_the_text(
    match: CommandMatch, language: str, note: str | None
) -> None:
    said = command_note(match, "  Hornsgatan ", SV if language == "sv" else EN)
    if note is None:
        assert said is None
    else:
        assert said is not None
        assert said.startswith(note)

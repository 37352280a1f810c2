"""The languages the bot speaks, and which one a Slack user gets."""

from __future__ import annotations

from typing import Literal

Language = Literal["sv", "en"]


def language_for_locale(locale: str | None, default: Language = "sv") -> Language:
    """Map a Slack user locale (``sv-SE``, ``en-US``) to the bot's language."""
    if not locale:
        return default
    prefix = locale.split("-")[0].lower()
    if prefix == "en":
        return "en"
    if prefix == "sv":
        return "sv"
    return default

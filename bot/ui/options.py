"""Answers to Slack's options loads (block_suggestion) for the form's pickers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.domain import ContactChoice, EstateEntry
from bot.ui.form import contact_option, estate_option, option
from bot.ui.formatting import truncate
from bot.ui.ids import DEFAULT_LEAD_SOURCE
from bot.ui.texts import Catalogue
from bot.vitec.models import LeadSource

MAX_OPTIONS = 100
HINT_VALUE = "~hint"
"""Value of an option that only informs (``~hint``, ``~hint2``, …). It is no id: a submission
naming it is refused with an inline error that says to choose from the list."""


def is_hint(value: str | None) -> bool:
    """Whether a chosen value is one of the informative options rather than a real choice."""
    return value is not None and value.startswith(HINT_VALUE)


def options_payload(opts: Sequence[Any]) -> dict[str, Any]:
    """The JSON body Slack expects from an options load."""
    return {"options": [o.to_dict() for o in opts[:MAX_OPTIONS]]}


def hint_options(*texts: str) -> list[Any]:
    """Informative options (type more, no match, Vitec unreachable): one per line of text."""
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    return [option(line, HINT_VALUE + (str(n) if n > 1 else "")) for n, line in enumerate(lines, 1)]


def hint_payload(*texts: str) -> dict[str, Any]:
    """An answer made only of informative options."""
    return options_payload(hint_options(*texts))


def estate_options(estates: Sequence[EstateEntry]) -> dict[str, Any]:
    """Options for the estate picker."""
    return options_payload([estate_option(e) for e in estates])


def estate_option_groups(groups: Sequence[tuple[str, Sequence[EstateEntry]]]) -> dict[str, Any]:
    """Estates of several offices, one group per office labelled with it (OAuth mode)."""
    each = max(1, MAX_OPTIONS // max(1, len(groups)))
    return {
        "option_groups": [
            {
                "label": {"type": "plain_text", "text": truncate(label, 75)},
                "options": [estate_option(e).to_dict() for e in estates[:each]],
            }
            for label, estates in groups[:MAX_OPTIONS]
            if estates
        ]
    }


def contact_options(contacts: Sequence[ContactChoice]) -> dict[str, Any]:
    """Options for the contact picker."""
    return options_payload([contact_option(c) for c in contacts])


def lead_source_options(
    sources: Sequence[LeadSource], t: Catalogue, query: str, *, problem: str | None = None
) -> dict[str, Any]:
    """The office default first, then the allowed sources whose name matches what was typed.

    ``problem`` (option lines) says why no source could be read; the default still works.
    """
    needle = query.casefold().strip()
    matching = [s for s in sources if needle in s.name.casefold()]
    opts = [option(t.lead_source_default, DEFAULT_LEAD_SOURCE)]
    if problem:
        opts += hint_options(problem)
    opts += [option(s.name, s.id) for s in matching[: MAX_OPTIONS - len(opts)]]
    return options_payload(opts)

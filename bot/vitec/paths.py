"""The one place a Vitec URL path is built: every id is checked and encoded before use."""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from collections.abc import Sequence

# Vitec's ids are short ASCII tokens (OBJ…, ADR…, VIS…, M30011); time-slot and lead-source ids are
# undocumented, so the pattern is the widest safe one: letters, digits, '_' and '-'.
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,40}")
_FIELD = re.compile(r"\{([a-z_]+)\}")


class InvalidIdError(ValueError):
    """An id that cannot be part of a Vitec URL; no request was made.

    A local input error, not a VitecError: Vitec was never asked, so nothing may report it as
    Vitec failing.
    """

    def __init__(self, name: str, value: object) -> None:
        # The value itself stays out of the message: a rejected contact id or a pasted phone
        # number is personal data, and exception messages end up in logs.
        super().__init__(f"invalid {name}: {_why_invalid(value)}")
        self.name = name


def _why_invalid(value: object) -> str:
    if not isinstance(value, str):
        return f"expected a string, got {type(value).__name__}"
    if not value:
        return "empty"
    if len(value) > 40:
        return f"{len(value)} characters, at most 40 allowed"
    return "only A-Z, a-z, 0-9, '_' and '-' are allowed"


def check_id(value: str, *, name: str = "id") -> str:
    """Return the id unchanged if it is safe to put in a URL path, else raise InvalidIdError."""
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise InvalidIdError(name, value)
    return value


def vitec_path(template: str, /, **ids: str) -> str:
    """Fill a path template like ``Viewing/{customer_id}/{estate_id}`` with checked, encoded ids."""
    names = _FIELD.findall(template)
    if set(names) != set(ids):
        raise TypeError(f"path {template!r} needs {sorted(names)}, got {sorted(ids)}")
    for name, value in ids.items():
        check_id(value, name=name)
    literal = _FIELD.sub("", template)
    if any(ch not in string.ascii_letters + string.digits + "/" for ch in literal):
        raise TypeError(f"path template {template!r} has characters that need no place in a path")
    # Every id already matches ID_PATTERN; quoting with nothing safe is the second fence.
    return _FIELD.sub(lambda m: quote(ids[m.group(1)], safe=""), template)


def id_list_segment(values: Sequence[str], /, *, name: str = "id") -> str:
    """One path segment of comma-separated ids (``ADR1,ADR2``), each id checked and encoded."""
    if isinstance(values, str):
        # A lone string is a Sequence[str] too; iterating it would check single characters.
        raise TypeError(f"{name} list must be a sequence of ids, not one string")
    if not values:
        raise ValueError(f"{name} list is empty")
    return ",".join(quote(check_id(value, name=name), safe="") for value in values)

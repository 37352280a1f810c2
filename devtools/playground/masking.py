"""Personal data masked for the side panel, the way the bot keeps it out of its logs.

Phone numbers, e-mail addresses, personnummer and contact messages never reach the page in
full: phones and e-mail addresses are shown as the form shows them (``070-••• •• 67``,
``a•••@example.com``), enough to tell namesakes apart, and personnummer and contact messages
not at all. Fields are recognised by name where Vitec names them, and phones, e-mail addresses
and personnummer by their look anywhere else, so a changed or unknown JSON shape is masked too.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import Any, Literal
from urllib.parse import parse_qsl

from bot.ui.formatting import mask_email, mask_phone

MASK = "••••"

Rule = Literal["phone", "email", "secret"]

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PERSONNUMMER = re.compile(r"(?<![\w-])(?:(?:19|20)?\d{6}[-+]\d{4}|(?:19|20)\d{10})(?!\w)")
# Swedish numbers as agents and Vitec write them: 070-123 45 67, 0701234567, +46 70 123 45 67.
_PHONE = re.compile(r"(?<![\w-])(?:\+46|0046|0)[\s-]?\d{1,3}(?:[\s-]?\d){5,8}(?![\w])")

_SECRET_PARTS = (
    "socialsecurity",
    "personnummer",
    "personalnumber",
    "personalidentity",
    "civicnumber",
    "civicregistration",
)
_SECRET_KEYS = frozenset({"contactmessage", "note", "notes", "comment", "comments"})
_NEVER_MASKED = frozenset({"type"})
"""Keys whose values describe the shape (Slack's element types), never anyone's data."""


def mask_text(text: str) -> str:
    """Text with every e-mail address, personnummer and phone number in it masked."""
    text = _EMAIL.sub(lambda m: mask_email(m.group()) or MASK, text)
    text = _PERSONNUMMER.sub(MASK, text)
    return _PHONE.sub(lambda m: mask_phone(m.group()) or MASK, text)


def _rule_of(key: str, hidden: Collection[str]) -> Rule | None:
    if key in hidden:
        return "secret"
    name = re.sub(r"[^a-z]", "", key.lower())
    if name in _SECRET_KEYS or any(part in name for part in _SECRET_PARTS):
        return "secret"
    if "phone" in name or name in ("cell", "mobile"):
        return "phone"
    if "email" in name:
        return "email"
    return None


def _masked_string(text: str, rule: Rule | None) -> str:
    if not text:
        return text
    match rule:
        case "secret":
            return MASK
        case "phone" if any(ch.isdigit() for ch in text):
            return mask_phone(text) or MASK
        case "email" if "@" in text:
            return mask_email(text) or MASK
    return mask_text(text)


def mask_json(value: Any, hidden: Collection[str] = (), *, rule: Rule | None = None) -> Any:
    """A copy of JSON data with personal data masked.

    `hidden` names further keys whose whole value is withheld, such as the form's contact
    message input in Slack's payloads.
    """
    if isinstance(value, str):
        return _masked_string(value, rule)
    if isinstance(value, list):
        return [mask_json(item, hidden, rule=rule) for item in value]
    if isinstance(value, dict):
        return {
            key: item
            if key in _NEVER_MASKED
            else mask_json(item, hidden, rule=_rule_of(str(key), hidden) or rule)
            for key, item in value.items()
        }
    return value


def _pairs(query: str) -> Iterator[str]:
    for key, value in parse_qsl(query, keep_blank_values=True):
        yield f"{key}={_masked_string(value, _rule_of(key, ()))}"


def mask_query(query: str) -> str:
    """A query string, decoded for reading, with personal data in its values masked."""
    return "&".join(_pairs(query))

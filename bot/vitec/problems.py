"""Reading Vitec's 400 answers: whatever the body looks like, the agent gets a sentence back.

The shape of Vitec's validation body is undocumented. The parser accepts the ASP.NET Web API
shape (``message`` + ``modelState``), ProblemDetails (``title``/``detail`` + ``errors``), a bare
JSON string, plain text and HTML. Everything it returns is Vitec's own wording; when the body
holds none, it returns nothing and the bot says so in its own words (``bot.ui.texts``).
"""

from __future__ import annotations

import html
import json
import logging
import re
import unicodedata
from typing import Any

from bot.vitec.errors import FieldMessage

MAX_MESSAGES = 10
MAX_MESSAGE_LENGTH = 500

# An error body beyond this size is not a message meant for people; reading less bounds the work.
_MAX_BODY_BYTES = 64 * 1024
_MAX_DEPTH = 4
_MAX_FIELD_KEY_LENGTH = 200
_WIRE_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_INDEXER = re.compile(r"\[[^\]]{0,32}\]")
_CHARSETS = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "windows-1252": "cp1252",
    "cp1252": "cp1252",
    "utf-16": "utf-16",
    "utf-16le": "utf-16-le",
    "utf-16be": "utf-16-be",
}
_FIELD_MAP_KEYS = ("modelstate", "errors")
_MESSAGE_KEYS = ("message", "detail", "title", "error_description", "error")
_ITEM_MESSAGE_KEYS = ("message", "errormessage", "detail", "title")
_ITEM_FIELD_KEYS = ("field", "propertyname", "key", "name")
_INVISIBLE_HTML_ELEMENTS = ("script", "style", "head")
# Lower-cases ASCII only: str.lower() can change a string's length, which would break the index
# arithmetic of the HTML scan.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

logger = logging.getLogger("bot.vitec")


def parse_validation_messages(body: bytes, content_type: str | None) -> tuple[FieldMessage, ...]:
    """Vitec's reasons for a 400, with the wire field each concerns; never raises.

    Empty when the body gives no readable reason.
    """
    try:
        found = _messages(body, content_type)
    except Exception as exc:  # noqa: BLE001
        # An undocumented body must never turn an actionable refusal into a crash; without a
        # reason the agent is still told that Vitec said no.
        logger.warning("unreadable 400 body from Vitec (%s)", type(exc).__name__)
        found = []
    return tuple(dict.fromkeys(found))[:MAX_MESSAGES]


def wire_field_name(key: str) -> str | None:
    """The camelCase wire field a validation key names (``model.LeadSourceId`` → leadSourceId)."""
    if len(key) > _MAX_FIELD_KEY_LENGTH:
        return None
    # ASP.NET prefixes the parameter name (``model.``, ``addViewingParticipant.``), System.Text.Json
    # uses ``$.``; the last segment is the field, without any list indexer.
    name = _INDEXER.sub("", key.strip().rsplit(".", 1)[-1]).lstrip("$")
    if not _WIRE_FIELD.fullmatch(name):
        return None
    return name[0].lower() + name[1:]


def _messages(body: bytes, content_type: str | None) -> list[FieldMessage]:
    text = _decode(body[:_MAX_BODY_BYTES], content_type)
    start = text.lstrip()[:1]
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if start in ("{", "[", '"') or "json" in media:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            if start in ("{", "["):
                # Truncated or broken JSON: showing the agent half a JSON document helps nobody.
                return []
        else:
            return _from_json(data)
    if "html" in media or start == "<":
        return _plain(_html_text(text))
    return _plain(text)


def _decode(body: bytes, content_type: str | None) -> str:
    encoding = _CHARSETS.get(_charset(content_type), "utf-8")
    if encoding != "utf-8":
        return body.decode(encoding, errors="replace")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A body cut short ends mid-character; anything else that is not UTF-8 is most likely
        # Windows-1252, which is how Swedish text from a Windows server arrives unlabelled.
        cut_short = exc.reason == "unexpected end of data"
        text = body.decode("utf-8" if cut_short else "cp1252", errors="replace")
    return text.removeprefix("\ufeff")


def _charset(content_type: str | None) -> str:
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'").lower()
    return "utf-8"


def _from_json(data: object) -> list[FieldMessage]:
    if isinstance(data, str):
        return _plain(data)
    if isinstance(data, list):
        return _from_items(data, depth=0)
    if isinstance(data, dict):
        return _from_object(data, depth=0)
    return []


def _from_object(obj: dict[str, Any], *, depth: int) -> list[FieldMessage]:
    if depth > _MAX_DEPTH:
        return []
    keys = {key.lower(): value for key, value in obj.items()}
    found: list[FieldMessage] = []
    for key in _FIELD_MAP_KEYS:
        found += _from_field_map(keys.get(key), depth=depth + 1)
    for key in _MESSAGE_KEYS:
        value = keys.get(key)
        if isinstance(value, str):
            found += _plain(value)
        elif isinstance(value, dict):
            # OData style: {"error": {"code": ..., "message": ...}}.
            found += _from_object(value, depth=depth + 1)
    return found


def _from_field_map(value: object, *, depth: int) -> list[FieldMessage]:
    if isinstance(value, list):
        return _from_items(value, depth=depth)
    if not isinstance(value, dict):
        return []
    found: list[FieldMessage] = []
    for key, messages in value.items():
        field = wire_field_name(key)
        found += [
            FieldMessage(item.message, field) for item in _from_items([messages], depth=depth + 1)
        ]
    return found


def _from_items(items: list[Any], *, depth: int) -> list[FieldMessage]:
    """Messages from a list of strings, objects naming a field, or lists of those."""
    if depth > _MAX_DEPTH:
        return []
    found: list[FieldMessage] = []
    for item in items:
        if isinstance(item, str):
            found += _plain(item)
        elif isinstance(item, list):
            found += _from_items(item, depth=depth + 1)
        elif isinstance(item, dict):
            found += _from_item_object(item)
        if len(found) >= MAX_MESSAGES:
            break
    return found


def _from_item_object(item: dict[str, Any]) -> list[FieldMessage]:
    keys = {key.lower(): value for key, value in item.items()}
    field = None
    for key in _ITEM_FIELD_KEYS:
        value = keys.get(key)
        if isinstance(value, str):
            field = wire_field_name(value)
            break
    for key in _ITEM_MESSAGE_KEYS:
        value = keys.get(key)
        if isinstance(value, str):
            return [FieldMessage(text.message, field) for text in _plain(value)]
    return []


def _plain(text: str) -> list[FieldMessage]:
    cleaned = _clean(text)
    # A "message" without a single letter or digit (replacement characters, stray punctuation)
    # says nothing; saying that Vitec gave no reason says more.
    return [FieldMessage(cleaned)] if any(ch.isalnum() for ch in cleaned) else []


def _clean(text: str) -> str:
    """One line of readable text: no control or format characters, whitespace collapsed, capped."""
    # Collapse and cut before the per-character pass so its cost stays bounded.
    rough = " ".join(text.split())[: MAX_MESSAGE_LENGTH * 2]
    visible = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") else ch for ch in rough
    )
    line = " ".join(visible.split())
    if len(line) > MAX_MESSAGE_LENGTH:
        line = line[: MAX_MESSAGE_LENGTH - 1].rstrip() + "…"
    return line


def _html_text(markup: str) -> str:
    """The visible text of an HTML page; a linear scan, so hostile markup cannot make it slow."""
    lower = markup.translate(_ASCII_LOWER)
    parts: list[str] = []
    pos = 0
    while pos < len(markup):
        start = markup.find("<", pos)
        if start < 0:
            parts.append(markup[pos:])
            break
        parts.append(markup[pos:start])
        if lower.startswith("<!--", start):
            end = lower.find("-->", start + 4)
            pos = len(markup) if end < 0 else end + 3
            continue
        end = markup.find(">", start + 1)
        if end < 0:
            break
        tag = lower[start + 1 : end].split(None, 1)
        pos = end + 1
        parts.append(" ")
        if tag and tag[0] in _INVISIBLE_HTML_ELEMENTS:
            close = lower.find(f"</{tag[0]}", pos)
            if close >= 0:
                pos = close
            elif tag[0] != "head":
                # An unclosed script or style runs to the end of the page, as in a browser.
                pos = len(markup)
    return html.unescape("".join(parts))

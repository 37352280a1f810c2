"""Slack's limits on views, message blocks and options, reported the way the Web API reports them.

Each problem reads like Slack's `response_metadata.messages` entries:
`[ERROR] must be less than 25 characters [json-pointer:/view/title/text]`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from devtools.playground.slack.records import JsonDict

MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_TEXT = 24
MAX_PRIVATE_METADATA = 3000
MAX_ID = 255
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_OPTIONS = 100
MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_LABEL = 2000
MAX_INPUT_LENGTH = 3000

BLOCK_TYPES = frozenset(
    {
        "actions",
        "context",
        "divider",
        "file",
        "header",
        "image",
        "input",
        "markdown",
        "rich_text",
        "section",
        "video",
    }
)
_OPTION_LIMITS = {
    "static_select": MAX_OPTIONS,
    "multi_static_select": MAX_OPTIONS,
    "checkboxes": 10,
    "radio_buttons": 10,
    "overflow": 5,
}
_SINGLE_INITIAL = ("static_select", "radio_buttons")
_MULTI_INITIAL = ("multi_static_select", "checkboxes")


def problem(message: str, pointer: str) -> str:
    """One entry of `response_metadata.messages`."""
    return f"[ERROR] {message} [json-pointer:{pointer}]"


def view_problems(view: object, pointer: str = "/view") -> list[str]:
    """Everything Slack would refuse in a view passed to views.open/push/update/publish."""
    if not isinstance(view, dict):
        return [problem("must be a view object", pointer)]
    found: list[str] = []
    view_type = view.get("type")
    if view_type not in ("modal", "home"):
        found.append(problem("must be one of: modal, home", f"{pointer}/type"))
    if view_type == "modal" and view.get("title") is None:
        found.append(problem("missing required field: title", pointer))
    for name in ("title", "submit", "close"):
        if view.get(name) is not None:
            found += _plain_text_problems(view[name], MAX_VIEW_TEXT, f"{pointer}/{name}")
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        return [*found, problem("missing required field: blocks", pointer)]
    if len(blocks) > MAX_VIEW_BLOCKS:
        found.append(_too_many(MAX_VIEW_BLOCKS, f"{pointer}/blocks"))
    if (
        view_type == "modal"
        and view.get("submit") is None
        and any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
    ):
        found.append(problem("a modal with input blocks needs a submit button", pointer))
    found += _string_problems(view, "private_metadata", MAX_PRIVATE_METADATA, pointer)
    found += _string_problems(view, "callback_id", MAX_ID, pointer)
    found += _string_problems(view, "external_id", MAX_ID, pointer)
    found += _blocks_problems(blocks, f"{pointer}/blocks")
    if found:
        return found
    return _sdk_problems(lambda: View(**view).to_dict(), pointer)


def message_problems(blocks: object, pointer: str = "/blocks") -> list[str]:
    """Everything Slack would refuse in a message's `blocks`."""
    if not isinstance(blocks, list):
        return [problem("must be an array of blocks", pointer)]
    found = _blocks_problems(blocks, pointer)
    if len(blocks) > MAX_MESSAGE_BLOCKS:
        found.append(_too_many(MAX_MESSAGE_BLOCKS, pointer))
    if found:
        return found
    return _sdk_problems(lambda: [b.to_dict() for b in Block.parse_all(blocks)], pointer)


def options_problems(options: object, pointer: str, limit: int = MAX_OPTIONS) -> list[str]:
    """Problems in a list of option objects (a static select's or a suggestion answer's)."""
    if not isinstance(options, list):
        return [problem("must be an array of options", pointer)]
    found: list[str] = []
    if len(options) > limit:
        found.append(_too_many(limit, pointer))
    for index, option in enumerate(options):
        at = f"{pointer}/{index}"
        if not isinstance(option, dict):
            found.append(problem("must be an option object", at))
            continue
        found += _text_problems(option.get("text"), MAX_OPTION_TEXT, f"{at}/text")
        value = option.get("value")
        if not isinstance(value, str):
            found.append(problem("missing required field: value", at))
        elif len(value) > MAX_OPTION_VALUE:
            found.append(_too_long(MAX_OPTION_VALUE, f"{at}/value"))
    return found


def option_groups_problems(groups: object, pointer: str) -> list[str]:
    """Problems in a list of option groups."""
    if not isinstance(groups, list):
        return [problem("must be an array of option groups", pointer)]
    found: list[str] = []
    if len(groups) > MAX_OPTIONS:
        found.append(_too_many(MAX_OPTIONS, pointer))
    for index, group in enumerate(groups):
        at = f"{pointer}/{index}"
        if not isinstance(group, dict):
            found.append(problem("must be an option group object", at))
            continue
        found += _plain_text_problems(group.get("label"), MAX_OPTION_TEXT, f"{at}/label")
        found += options_problems(group.get("options"), f"{at}/options")
    return found


def _blocks_problems(blocks: list[Any], pointer: str) -> list[str]:
    found: list[str] = []
    block_ids: Counter[str] = Counter()
    for index, block in enumerate(blocks):
        at = f"{pointer}/{index}"
        if not isinstance(block, dict):
            found.append(problem("must be a block object", at))
            continue
        if block.get("type") not in BLOCK_TYPES:
            found.append(problem(f"unknown block type {block.get('type')!r}", f"{at}/type"))
            continue
        found += _string_problems(block, "block_id", MAX_ID, at)
        if isinstance(block.get("block_id"), str):
            block_ids[block["block_id"]] += 1
            if block_ids[block["block_id"]] == 2:
                found.append(problem("duplicate block_id", f"{at}/block_id"))
        found += _block_problems(block, at)
    return found


def _block_problems(block: JsonDict, at: str) -> list[str]:
    found: list[str] = []
    match block["type"]:
        case "section":
            if block.get("text") is None and block.get("fields") is None:
                found.append(problem("a section needs text or fields", at))
            if block.get("text") is not None:
                found += _text_problems(block["text"], MAX_SECTION_TEXT, f"{at}/text")
            fields = block.get("fields") or []
            if len(fields) > 10:
                found.append(_too_many(10, f"{at}/fields"))
            for n, text in enumerate(fields):
                found += _text_problems(text, MAX_FIELD_TEXT, f"{at}/fields/{n}")
            if block.get("accessory") is not None:
                found += _element_problems(block["accessory"], f"{at}/accessory")
        case "header":
            found += _plain_text_problems(block.get("text"), MAX_HEADER_TEXT, f"{at}/text")
        case "input":
            found += _plain_text_problems(block.get("label"), MAX_LABEL, f"{at}/label")
            if block.get("hint") is not None:
                found += _plain_text_problems(block["hint"], MAX_LABEL, f"{at}/hint")
            if not isinstance(block.get("element"), dict):
                found.append(problem("missing required field: element", at))
            else:
                found += _element_problems(block["element"], f"{at}/element")
        case "actions":
            found += _elements_problems(block.get("elements"), 25, f"{at}/elements")
        case "context":
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements:
                found.append(problem("missing required field: elements", at))
            elif len(elements) > 10:
                found.append(_too_many(10, f"{at}/elements"))
    return found


def _elements_problems(elements: object, limit: int, pointer: str) -> list[str]:
    if not isinstance(elements, list) or not elements:
        return [problem("missing required field: elements", pointer)]
    found: list[str] = []
    if len(elements) > limit:
        found.append(_too_many(limit, pointer))
    action_ids: Counter[str] = Counter()
    for index, element in enumerate(elements):
        found += _element_problems(element, f"{pointer}/{index}")
        if isinstance(element, dict) and isinstance(element.get("action_id"), str):
            action_ids[element["action_id"]] += 1
            if action_ids[element["action_id"]] == 2:
                found.append(problem("duplicate action_id", f"{pointer}/{index}/action_id"))
    return found


def _element_problems(element: object, at: str) -> list[str]:
    if not isinstance(element, dict):
        return [problem("must be an element object", at)]
    found = _string_problems(element, "action_id", MAX_ID, at)
    element_type = element.get("type")
    if element_type in _OPTION_LIMITS:
        found += _static_options_problems(element, _OPTION_LIMITS[element_type], at)
    if element_type == "plain_text_input":
        for name in ("min_length", "max_length"):
            length = element.get(name)
            if length is not None and not (isinstance(length, int) and 0 <= length <= 3000):
                found.append(problem(f"must be between 0 and {MAX_INPUT_LENGTH}", f"{at}/{name}"))
    return found


def _static_options_problems(element: JsonDict, limit: int, at: str) -> list[str]:
    options = element.get("options")
    groups = element.get("option_groups")
    if options is None and groups is None:
        return [problem("missing required field: options", at)]
    found: list[str] = []
    if options is not None:
        found += options_problems(options, f"{at}/options", limit)
    if groups is not None:
        found += option_groups_problems(groups, f"{at}/option_groups")
    if found:
        return found
    values = [option["value"] for option in element_options(element)]
    initial = element.get("initial_option")
    if (
        element.get("type") in _SINGLE_INITIAL
        and initial is not None
        and (not isinstance(initial, dict) or initial.get("value") not in values)
    ):
        found.append(problem("must match one of the options", f"{at}/initial_option"))
    initials = element.get("initial_options")
    if (
        element.get("type") in _MULTI_INITIAL
        and initials is not None
        and (
            not isinstance(initials, list)
            or any(not isinstance(o, dict) or o.get("value") not in values for o in initials)
        )
    ):
        found.append(problem("must match the options", f"{at}/initial_options"))
    return found


def element_options(element: JsonDict) -> list[JsonDict]:
    """A select's options, those inside option groups included."""
    options: list[JsonDict] = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group.get("options") or []
    return options


def _text_problems(text: object, limit: int, pointer: str) -> list[str]:
    if not isinstance(text, dict) or text.get("type") not in ("plain_text", "mrkdwn"):
        return [problem("must be a text object", pointer)]
    value = text.get("text")
    if not isinstance(value, str) or not value:
        return [problem("must be a non-empty string", f"{pointer}/text")]
    if len(value) > limit:
        return [_too_long(limit, f"{pointer}/text")]
    return []


def _plain_text_problems(text: object, limit: int, pointer: str) -> list[str]:
    if isinstance(text, dict) and text.get("type") != "plain_text":
        return [problem("must be a plain_text object", f"{pointer}/type")]
    return _text_problems(text, limit, pointer)


def _string_problems(obj: JsonDict, name: str, limit: int, pointer: str) -> list[str]:
    value = obj.get(name)
    if value is None:
        return []
    if not isinstance(value, str):
        return [problem("must be a string", f"{pointer}/{name}")]
    if len(value) > limit:
        return [_too_long(limit, f"{pointer}/{name}")]
    return []


def _too_long(limit: int, pointer: str) -> str:
    return problem(f"must be less than {limit + 1} characters", pointer)


def _too_many(limit: int, pointer: str) -> str:
    return problem(f"must provide no more than {limit} items", pointer)


def _sdk_problems(parse: Callable[[], object], pointer: str) -> list[str]:
    # slack_sdk's models know shapes this module does not spell out (required element fields,
    # text types per element); anything they refuse, Slack refuses too.
    try:
        parse()
    except (SlackObjectFormationError, TypeError, ValueError, KeyError, AttributeError) as exc:
        return [problem(str(exc) or type(exc).__name__, pointer)]
    return []

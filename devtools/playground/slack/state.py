"""A view's input state the way Slack keeps it: typed values, pre-fill, carry-over and checks."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from devtools.playground.slack.records import JsonDict, StateValues
from devtools.playground.slack.validation import element_options

UserInput = str | JsonDict | list[str] | list[JsonDict] | None
"""What a user types or picks: text, an option (or its value), a list of them, or nothing."""


class ClientActionError(Exception):
    """Something the Slack client would not let the user do (no such view, option not offered)."""


@dataclass(frozen=True)
class _Kind:
    value_key: str
    initial_key: str
    multiple: bool = False


_TEXT = _Kind("value", "initial_value")
_OPTION = _Kind("selected_option", "initial_option")
_OPTIONS = _Kind("selected_options", "initial_options", multiple=True)
KINDS: dict[str, _Kind] = {
    "plain_text_input": _TEXT,
    "email_text_input": _TEXT,
    "url_text_input": _TEXT,
    "number_input": _TEXT,
    "static_select": _OPTION,
    "external_select": _OPTION,
    "radio_buttons": _OPTION,
    "multi_static_select": _OPTIONS,
    "multi_external_select": _OPTIONS,
    "checkboxes": _OPTIONS,
    "users_select": _Kind("selected_user", "initial_user"),
    "multi_users_select": _Kind("selected_users", "initial_users", multiple=True),
    "conversations_select": _Kind("selected_conversation", "initial_conversation"),
    "multi_conversations_select": _Kind(
        "selected_conversations", "initial_conversations", multiple=True
    ),
    "channels_select": _Kind("selected_channel", "initial_channel"),
    "multi_channels_select": _Kind("selected_channels", "initial_channels", multiple=True),
    "datepicker": _Kind("selected_date", "initial_date"),
    "timepicker": _Kind("selected_time", "initial_time"),
}
"""Element types that hold a value in `state.values`, and where that value lives."""

_EXTERNAL = ("external_select", "multi_external_select")
_CONVERSATION_PICKERS = ("conversations_select", "channels_select")
REQUIRED = "Please complete this required field."


def elements(blocks: list[JsonDict]) -> Iterator[tuple[JsonDict, JsonDict]]:
    """Every interactive element with its block: input elements, actions, section accessories."""
    for block in blocks:
        match block.get("type"):
            case "input":
                yield block, block["element"]
            case "actions":
                for element in block["elements"]:
                    yield block, element
            case "section" if isinstance(block.get("accessory"), dict):
                yield block, block["accessory"]


def with_ids(blocks: list[JsonDict], new_id: Callable[[], str]) -> list[JsonDict]:
    """A copy of the blocks with the block_ids and action_ids Slack generates where missing."""
    filled = copy.deepcopy(blocks)
    for block in filled:
        block.setdefault("block_id", new_id())
    for _, element in elements(filled):
        if element.get("type") != "image":
            element.setdefault("action_id", new_id())
    return filled


def find_element(blocks: list[JsonDict], action_id: str) -> tuple[JsonDict, JsonDict]:
    """The block and element with this action_id."""
    found = [(b, e) for b, e in elements(blocks) if e.get("action_id") == action_id]
    if len(found) != 1:
        raise ClientActionError(f"{len(found)} elements have action_id {action_id!r}")
    return found[0]


def dispatches(block: JsonDict) -> bool:
    """Whether choosing a value in this block sends block_actions right away."""
    return block["type"] != "input" or block.get("dispatch_action") is True


def state_values(
    blocks: list[JsonDict], channel_id: str | None, previous: StateValues | None = None
) -> StateValues:
    """The state of a new view version.

    Values entered in input blocks survive a views.update when the block_id and action_id do
    (Slack documents this, and it means an `initial_*` cannot overwrite what a user entered);
    everything else starts from the element's `initial_*`.
    """
    values: StateValues = {}
    for block, element in elements(blocks):
        kind = KINDS.get(element.get("type", ""))
        if kind is None:
            continue
        block_id, action_id = block["block_id"], element["action_id"]
        kept = (previous or {}).get(block_id, {}).get(action_id)
        if block["type"] == "input" and kept is not None and kept["type"] == element["type"]:
            values.setdefault(block_id, {})[action_id] = kept
        else:
            values.setdefault(block_id, {})[action_id] = _initial(element, kind, channel_id)
    return values


def _initial(element: JsonDict, kind: _Kind, channel_id: str | None) -> JsonDict:
    value = copy.deepcopy(element.get(kind.initial_key))
    if value is None and element.get("default_to_current_conversation") and channel_id:
        if element["type"] == "conversations_select":
            value = channel_id
        elif element["type"] == "multi_conversations_select":
            value = [channel_id]
    if value is None and kind.multiple:
        value = []
    return {"type": element["type"], kind.value_key: value}


def chosen(element: JsonDict, picked: UserInput, offered: list[JsonDict]) -> JsonDict:
    """The typed state value after the user typed or picked `picked` in `element`."""
    kind = KINDS.get(element.get("type", ""))
    if kind is None:
        raise ClientActionError(f"a {element.get('type')} holds no value; click it instead")
    if kind in (_OPTION, _OPTIONS):
        choices = offered if element["type"] in _EXTERNAL else element_options(element)
        if kind.multiple:
            items = picked if isinstance(picked, list) else [] if picked is None else [picked]
            return {"type": element["type"], kind.value_key: [_option(choices, i) for i in items]}
        if isinstance(picked, list):
            raise ClientActionError(f"a {element['type']} takes one option")
        option = None if picked is None else _option(choices, picked)
        return {"type": element["type"], kind.value_key: option}
    if kind.multiple:
        if not isinstance(picked, list) or not all(isinstance(i, str) for i in picked):
            raise ClientActionError(f"a {element['type']} takes a list of ids")
    elif picked is not None and not isinstance(picked, str):
        raise ClientActionError(f"a {element['type']} takes a string")
    if kind is _TEXT and picked == "":
        picked = None
    return {"type": element["type"], kind.value_key: picked}


def _option(choices: list[JsonDict], picked: str | JsonDict) -> JsonDict:
    value = picked.get("value") if isinstance(picked, dict) else picked
    for option in choices:
        if option.get("value") == value:
            return copy.deepcopy(option)
    offered = [o.get("value") for o in choices]
    raise ClientActionError(f"option {value!r} is not among those shown: {offered}")


def picked_conversations(value: JsonDict) -> list[str]:
    """The conversation ids a conversation or channel picker's state value holds."""
    kind = KINDS[value["type"]]
    if value["type"] not in (*_CONVERSATION_PICKERS, "multi_conversations_select"):
        return []
    held = value[kind.value_key]
    return [] if held is None else held if isinstance(held, list) else [held]


def is_empty(value: JsonDict) -> bool:
    """Whether a state value holds nothing."""
    held = value[KINDS[value["type"]].value_key]
    return held is None or held == "" or held == []


def input_errors(blocks: list[JsonDict], values: StateValues) -> dict[str, str]:
    """What the Slack client itself says before sending a submission, by block_id."""
    errors: dict[str, str] = {}
    for block, element in elements(blocks):
        if block["type"] != "input" or element.get("type") not in KINDS:
            continue
        value = values[block["block_id"]][element["action_id"]]
        if is_empty(value):
            if not block.get("optional"):
                errors[block["block_id"]] = REQUIRED
            continue
        problem = _bounds_problem(element, value)
        if problem:
            errors[block["block_id"]] = problem
    return errors


def _bounds_problem(element: JsonDict, value: JsonDict) -> str | None:
    if element["type"] == "plain_text_input":
        text: str = value["value"]
        if len(text) < element.get("min_length", 0):
            return f"Must be at least {element['min_length']} characters."
        if len(text) > element.get("max_length", 3000):
            return f"Must be at most {element.get('max_length', 3000)} characters."
    if element["type"] == "number_input":
        return _number_problem(element, value["value"])
    return None


def _number_problem(element: JsonDict, text: str) -> str | None:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return "Enter a number."
    if not element.get("is_decimal_allowed") and number != number.to_integral_value():
        return "Enter a whole number."
    low: Any = element.get("min_value")
    high: Any = element.get("max_value")
    if low is not None and number < Decimal(low):
        return f"Enter a number of at least {low}."
    if high is not None and number > Decimal(high):
        return f"Enter a number of at most {high}."
    return None


def action(block: JsonDict, element: JsonDict, value: JsonDict | None, action_ts: str) -> JsonDict:
    """One entry of a block_actions payload's `actions`."""
    entry: JsonDict = {
        "type": element["type"],
        "action_id": element["action_id"],
        "block_id": block["block_id"],
    }
    if value is not None:
        entry.update(value)
    for name in ("text", "value", "style", "placeholder"):
        if name in element and name not in entry:
            entry[name] = element[name]
    entry["action_ts"] = action_ts
    return entry

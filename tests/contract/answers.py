"""Vitec's answers as the contract allows them: schemas from the description, and strategies.

``answers(root)`` draws JSON valid against a response schema of ``swagger-2020.json`` (or of our
own ``ours.json``), then leaves keys out and sends values as null, as Vitec's .NET serializers
may (Swagger 2.0 cannot say "nullable"). Timestamps come with an offset, as the description's
``date-time`` says, or bare, as Vitec really sends them (Swedish wall-clock time).
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

HERE = Path(__file__).parent / "vitec"
LOCAL_TIME = "vitec-local-date-time"
"""The format every ``date-time`` of a schema is drawn as here: with an offset, or without."""

Json = Any
Schema = dict[str, Any]


@cache
def description(name: str = "swagger-2020.json") -> Schema:
    """A whole API description, as published (or as we wrote it, for ``ours.json``)."""
    loaded: Schema = json.loads((HERE / name).read_text(encoding="utf-8"))
    return loaded


def response_schema(path: str, method: str = "get", *, name: str = "swagger-2020.json") -> Schema:
    """The 200 answer's schema of one path, with the definitions it reaches attached (Draft 4)."""
    spec = description(name)
    schema = copy.deepcopy(spec["paths"][path][method]["responses"]["200"]["schema"])
    return attach_definitions(schema, spec["definitions"])


def definition_schema(name: str, *, spec_name: str = "swagger-2020.json") -> Schema:
    """A schema for one definition, with the definitions it reaches attached."""
    spec = description(spec_name)
    return attach_definitions({"$ref": f"#/definitions/{name}"}, spec["definitions"])


def attach_definitions(schema: Schema, definitions: dict[str, Schema]) -> Schema:
    """``schema`` with a copy of every definition it reaches (and nothing else, for speed)."""
    reached: dict[str, Schema] = {}
    pending = _refs(schema)
    while pending:
        name = pending.pop()
        if name in reached:
            continue
        reached[name] = copy.deepcopy(definitions[name])
        pending |= _refs(reached[name])
    return {**schema, "definitions": {**schema.get("definitions", {}), **reached}}


def _refs(node: Json) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                found.add(value.rsplit("/", 1)[-1])
            else:
                found |= _refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _refs(value)
    return found


def usable(
    schema: Schema,
    definition: str,
    required: dict[str, Schema] | None = None,
    optional: tuple[str, ...] = (),
) -> Schema:
    """A copy whose ``definition`` has only the properties the client reads, ``required`` present.

    Each ``required`` property's schema is tightened by the given keywords (``minLength``,
    ``pattern``, …) and no other properties are drawn. Every answer valid under the result is
    valid under ``schema``: it only makes answers the bot can act on common, and cheap to draw.
    """
    required = required or {}
    result = copy.deepcopy(schema)
    target = result["definitions"][definition]
    published = target["properties"]
    target["properties"] = {
        **{name: {**published[name], **narrower} for name, narrower in required.items()},
        **{name: published[name] for name in optional},
    }
    target["required"] = sorted(required)
    target["additionalProperties"] = False
    root = {k: v for k, v in result.items() if k != "definitions"}
    return attach_definitions(root, result["definitions"])


def non_empty(schema: Schema) -> Schema:
    """A copy whose top-level list has at least one item."""
    return {**schema, "minItems": 1}


# --- Strategies ---------------------------------------------------------------------------------

_OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
_MOMENTS = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31))


def _bare(moment: datetime, ticks: int) -> str:
    text = moment.isoformat()
    # .NET writes up to seven fraction digits (ticks of 100 ns).
    return f"{text}.{ticks:07d}" if ticks and "." not in text else text


TIMESTAMPS = st.one_of(
    st.builds(_bare, _MOMENTS, st.integers(0, 9_999_999)),
    st.builds(lambda m, tz: m.replace(tzinfo=tz).isoformat(), _MOMENTS, _OFFSETS),
    _MOMENTS.map(lambda m: m.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")),
)
"""Timestamps as Vitec sends them (bare Swedish time) and as the description says (RFC 3339)."""


def _local_times(node: Json) -> Json:
    if isinstance(node, dict):
        node = {k: _local_times(v) for k, v in node.items()}
        if node.get("format") == "date-time":
            node["format"] = LOCAL_TIME
        return node
    if isinstance(node, list):
        return [_local_times(v) for v in node]
    return node


def from_contract(schema: Schema) -> st.SearchStrategy[Json]:
    """JSON valid against ``schema`` (timestamps bare or with an offset)."""
    return from_schema(_local_times(schema), custom_formats={LOCAL_TIME: TIMESTAMPS})


_LEFT_OUT = object()


def with_gaps(value: Json) -> st.SearchStrategy[Json]:
    """``value`` with some keys left out, some values null and some list items null."""
    if isinstance(value, dict):
        return st.fixed_dictionaries({k: _gap(v) for k, v in value.items()}).map(
            lambda d: {k: v for k, v in d.items() if v is not _LEFT_OUT}
        )
    if isinstance(value, list):
        return st.tuples(*(_gap(v, droppable=False) for v in value)).map(list)
    return st.just(value)


def _gap(value: Json, *, droppable: bool = True) -> st.SearchStrategy[Json]:
    # Mostly kept: a gap in one place in ten leaves most answers usable, and shrinks towards none.
    def choose(n: int) -> st.SearchStrategy[Json]:
        if n == 1:
            return st.none()
        if n == 2 and droppable:
            return st.just(_LEFT_OUT)
        return with_gaps(value)

    return st.integers(0, 9).flatmap(choose)


def answers(*schemas: Schema) -> st.SearchStrategy[Json]:
    """Answers valid against one of ``schemas``, then with gaps as .NET may leave them."""
    return st.one_of([from_contract(s) for s in schemas]).flatmap(with_gaps)


def long_answers(schema: Schema, length: int) -> st.SearchStrategy[Json]:
    """Top-level lists of about ``length`` items, each with gaps of its own.

    A few drawn items are repeated to that length: drawing forty nested items outright is more
    than Hypothesis draws for one example.
    """
    few = from_contract({**schema, "minItems": 1, "maxItems": 4})
    return few.map(lambda items: (items * length)[:length]).flatmap(with_gaps)

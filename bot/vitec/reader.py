"""Reading Vitec's answers tolerantly: what the bot cannot do without is required, the rest is not.

A field the bot can do without that arrives in an unexpected shape is left out (its model default
applies) rather than failing the record; a list item that lacks what the bot needs is skipped
rather than failing the list; a number where text is documented is read as text. Each of these is
counted as a :class:`Tolerance` (endpoint template, field path, what it cost) and logged without
the value, so an operator can see where Vitec's answers differ from the contract.

Swagger 2.0 cannot say "nullable" and Vitec's .NET serializers leave defaults out, so a field sent
as null is read as a field left out, silently: that is within the contract.
"""

from __future__ import annotations

import logging
import types
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

logger = logging.getLogger("bot.vitec")

T = TypeVar("T")

MAX_REPAIR_ROUNDS = 8
"""Each round fixes every problem pydantic reported; more rounds than this means a loop."""


class Cost(StrEnum):
    """What reading past a difference from the contract cost."""

    FIELD = "field left out"
    ITEM = "item skipped"
    TEXT = "number read as text"


@dataclass(frozen=True)
class Tolerance:
    """One kind of difference read past: where, and what it cost (never the value itself)."""

    endpoint: str
    """The path template, e.g. ``Viewing/{customer_id}/{estate_id}``."""
    path: str
    """The field on the wire, lists marked ``[]``: ``[].timeSlots[].participants``."""
    cost: Cost

    def __str__(self) -> str:
        return f"{self.path} ({self.cost})"


_WATCHERS: ContextVar[tuple[Tolerances, ...]] = ContextVar("vitec_tolerance_watchers", default=())


class Tolerances:
    """A running count of the differences from the contract a Vitec client has read past."""

    def __init__(self) -> None:
        self._counts: Counter[Tolerance] = Counter()

    def add(self, tolerance: Tolerance, times: int = 1) -> None:
        """Count ``times`` occurrences of a difference."""
        self._counts[tolerance] += times

    def counts(self) -> dict[Tolerance, int]:
        """How often each difference was read past, most frequent first."""
        return dict(self._counts.most_common())

    def paths(self, endpoint: str | None = None) -> tuple[str, ...]:
        """The field paths that differed (for one endpoint template, or all), sorted, each once."""
        return tuple(
            sorted({t.path for t in self._counts if endpoint is None or t.endpoint == endpoint})
        )

    def clear(self) -> None:
        """Forget everything counted so far."""
        self._counts.clear()

    def __len__(self) -> int:
        return sum(self._counts.values())

    def __bool__(self) -> bool:
        return bool(self._counts)

    @staticmethod
    @contextmanager
    def watch() -> Iterator[Tolerances]:
        """Also count, in a fresh record, what reads in this task (and tasks it starts) tolerate.

        ``with Tolerances.watch() as seen: await client.viewings(...)`` gives the differences of
        that one call, whatever other tasks read at the same time.
        """
        seen = Tolerances()
        token = _WATCHERS.set((*_WATCHERS.get(), seen))
        try:
            yield seen
        finally:
            _WATCHERS.reset(token)


class UnreadableError(Exception):
    """The answer lacks something the bot cannot do without; ``detail`` names no values."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Reader(Generic[T]):
    """Reads one answer shape (a model, or a tuple of models) from JSON, tolerantly."""

    def __init__(self, shape: Any) -> None:
        self.shape = shape
        self._adapter: TypeAdapter[T] = TypeAdapter(shape)

    def read(self, data: object, *, method: str, endpoint: str, tolerances: Tolerances) -> T:
        """Validate decoded JSON, reading past what the bot can do without; else UnreadableError."""
        data = _without_nulls(data)
        seen: Counter[Tolerance] = Counter()
        for _ in range(MAX_REPAIR_ROUNDS):
            try:
                value = self._adapter.validate_python(data)
            except ValidationError as exc:
                problems = exc.errors(include_url=False, include_context=False)
                repairs = [_repair_for(self.shape, data, problem) for problem in problems]
                if any(r is None for r in repairs):
                    raise UnreadableError(_summary(exc)) from None
                _apply([r for r in repairs if r is not None], endpoint, seen)
                continue
            _report(seen, method, endpoint, tolerances)
            return value
        raise UnreadableError("the answer could not be repaired")


# --- Where a problem is, and what fixing it costs ------------------------------------------------


@dataclass(frozen=True)
class _Repair:
    container: Any
    """The dict or list holding the value to fix."""
    key: str | int
    cost: Cost
    path: str


def _repair_for(shape: Any, data: object, problem: Mapping[str, Any]) -> _Repair | None:
    """The cheapest fix for one problem: the innermost optional field or list item around it."""
    loc: tuple[str | int, ...] = tuple(problem["loc"])
    value = problem.get("input")
    if problem["type"] == "string_type" and _is_number(value) and loc:
        holder = _holder(data, loc)
        if holder is not None:
            return _Repair(holder, loc[-1], Cost.TEXT, _wire_path(loc))
    best: _Repair | None = None
    annotation = shape
    node: object = data
    for depth, part in enumerate(loc):
        step = _step(annotation, part)
        if step is None:
            break
        annotation, droppable = step
        if droppable and _holds(node, part):
            cost = Cost.ITEM if isinstance(part, int) else Cost.FIELD
            best = _Repair(node, part, cost, _wire_path(loc[: depth + 1]))
        node = _child(node, part)
    if best is None:
        return None
    # Name the field that failed, not only the item that was dropped for it.
    return _Repair(best.container, best.key, best.cost, _wire_path(loc))


def _step(annotation: Any, part: str | int) -> tuple[Any, bool] | None:
    """The annotation one step down and whether that step can be dropped; None if unknown."""
    annotation = _unwrap(annotation)
    if isinstance(part, int):
        if get_origin(annotation) in (tuple, list):
            return get_args(annotation)[0], True
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            if part in (field.alias, name):
                return field.annotation, not field.is_required()
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated metadata and an optional ``| None``."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            arms = [a for a in get_args(annotation) if a is not type(None)]
            if len(arms) != 1:
                return annotation
            annotation = arms[0]
        else:
            return annotation


def _holds(node: object, part: str | int) -> bool:
    if isinstance(part, int):
        return isinstance(node, list) and 0 <= part < len(node)
    return isinstance(node, dict) and part in node


def _child(node: object, part: str | int) -> object:
    if _holds(node, part):
        return node[part]  # type: ignore[index]
    return None


def _holder(data: object, loc: tuple[str | int, ...]) -> Any:
    node = data
    for part in loc[:-1]:
        node = _child(node, part)
    return node if _holds(node, loc[-1]) else None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _apply(repairs: list[_Repair], endpoint: str, seen: Counter[Tolerance]) -> None:
    """Fix every problem of one round: text first, then fields, then list items from the back."""
    done: set[tuple[int, str | int]] = set()
    ordered = sorted(
        repairs,
        key=lambda r: (r.cost is Cost.ITEM, -r.key if isinstance(r.key, int) else 0),
    )
    for repair in ordered:
        where = (id(repair.container), repair.key)
        if where in done:
            continue
        done.add(where)
        if repair.cost is Cost.TEXT:
            repair.container[repair.key] = _as_text(repair.container[repair.key])
        else:
            del repair.container[repair.key]
        seen[Tolerance(endpoint, repair.path, repair.cost)] += 1


def _as_text(number: float) -> str:
    # 12.0 came from a JSON 12 in some serializers; the text Vitec meant is "12".
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)


def _wire_path(loc: tuple[str | int, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += "[]"
        else:
            path += f".{part}" if path else part
    return path or "(top level)"


def _without_nulls(data: object) -> object:
    """The same JSON with every ``"key": null`` left out: null means "not sent" (see above)."""
    if isinstance(data, dict):
        return {k: _without_nulls(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_without_nulls(v) for v in data]
    return data


def _summary(exc: ValidationError) -> str:
    problems = exc.errors(include_url=False, include_context=False, include_input=False)
    first = problems[0]
    where = _wire_path(tuple(first["loc"]))
    return f"{len(problems)} problem(s), first {first['type']} at {where}"


def _report(seen: Counter[Tolerance], method: str, endpoint: str, tolerances: Tolerances) -> None:
    if not seen:
        return
    for tolerance, times in seen.items():
        tolerances.add(tolerance, times)
        for watcher in _WATCHERS.get():
            watcher.add(tolerance, times)
    # Paths come from the models' own field names and list positions, never from the data.
    logger.warning(
        "vitec %s %s: read past %s",
        method,
        endpoint,
        "; ".join(f"{t} ×{n}" for t, n in sorted(seen.items(), key=lambda kv: kv[0].path)),
    )

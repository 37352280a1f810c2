"""Vitec's published contract as jsonschema validators: the 2020 swagger, its deltas, our additions.

``Contract`` answers "does this answer validate against what Vitec documents for this call?".
Swagger 2.0 semantics apply: a property not in ``required`` may be missing; a type is a type, so
null fails unless the contract is built with ``nulls=True`` (see ``Contract``).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, FormatChecker

VITEC = Path(__file__).parent / "vitec"
SWAGGER = VITEC / "swagger-2020.json"
OURS = VITEC / "ours.json"
"""Schemas for calls newer than the swagger, written from the help pages (may not exist yet)."""

# .NET writes bare Swedish wall-clock times (``2026-12-05T17:30:00.65``, 0-7 fraction digits);
# RFC 3339, which jsonschema's own date-time check uses, demands an offset, so it would refuse
# every real Vitec time. This accepts .NET's form, with or without an offset, and nothing else.
_DOTNET_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?", re.ASCII
)

Json = dict[str, Any]


def _load(path: Path) -> Json:
    loaded: Json = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _schemas(schema: Any) -> Iterator[Json]:
    """The schema and every schema nested in it (never a property *name*)."""
    if not isinstance(schema, dict):
        return
    yield schema
    for sub in schema.get("properties", {}).values():
        yield from _schemas(sub)
    for key in ("items", "additionalProperties", "not"):
        yield from _schemas(schema.get(key))
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(key, ()):
            yield from _schemas(sub)


# Base types whose answers carry a subtype's properties: ``GET CRM/Contact/{c}/{ids}`` is
# documented as CrmContact items, and a person among them is a CrmPersonContact.
_BASE_TYPES = frozenset({"Crm.Contact.CrmContact"})


def _closed(definitions: Json) -> Json:
    """The definitions with undeclared properties refused: the simulator sends only documented ones.

    Vitec's description does not forbid extra properties, so a client must accept them; the
    simulator, which reads the description for the project, must not invent any.
    """
    closed = copy.deepcopy(definitions)
    for name, definition in closed.items():
        if name in _BASE_TYPES:
            continue
        for schema in _schemas(definition):
            if "properties" in schema and "additionalProperties" not in schema:
                schema["additionalProperties"] = False
    return closed


def _nullable(definitions: Json) -> Json:
    """The definitions with null allowed for every property (not for list items or answers)."""
    nullable = copy.deepcopy(definitions)
    for definition in nullable.values():
        for schema in list(_schemas(definition)):
            properties = schema.get("properties", {})
            for name, sub in properties.items():
                properties[name] = {"anyOf": [{"type": "null"}, sub]}
    return nullable


def _answer_schema(spec: Json, method: str, template: str) -> Json | None:
    operation = spec.get("paths", {}).get(template, {}).get(method.lower())
    if operation is None:
        return None
    schema: Json | None = operation.get("responses", {}).get("200", {}).get("schema")
    return schema


class Contract:
    """Validators for Vitec's answers, as documented.

    ``nulls``: Swagger 2.0 cannot say "nullable", and Vitec's deltas note that a client of another
    vintage may send null. With ``nulls=True`` every property may also be null; otherwise null
    fails wherever the description names a type.
    """

    def __init__(self, *, nulls: bool = False) -> None:
        swagger = _load(SWAGGER)
        self.swagger = swagger
        self.ours: Json | None = _load(OURS) if OURS.exists() else None
        definitions = _closed(swagger["definitions"])
        # The one documented delta to an existing definition: GET ViewingParticipant's rows
        # gained timeSlotId after 2020.
        follow_up = definitions["ParticipantFollowUp.Models.ParticipantFollowUp"]
        follow_up["properties"]["timeSlotId"] = {"type": "string"}
        if self.ours is not None:
            # Ours are not closed: they are a reading of help pages, not Vitec's own listing.
            definitions.update(copy.deepcopy(self.ours.get("definitions", {})))
        self.definitions = _nullable(definitions) if nulls else definitions
        self._formats = FormatChecker(formats=())
        self._formats.checks("date-time")(self._is_time)

    @staticmethod
    def _is_time(value: object) -> bool:
        return not isinstance(value, str) or _DOTNET_TIME.fullmatch(value) is not None

    def documented(self, method: str, template: str) -> bool:
        """Whether the swagger or ours describes this call's answer."""
        return self.answer_schema(method, template) is not None

    def answer_schema(self, method: str, template: str) -> Json | None:
        """The 200 answer's schema, from the swagger first, else from ours; None if neither."""
        found = _answer_schema(self.swagger, method, template)
        if found is None and self.ours is not None:
            found = _answer_schema(self.ours, method, template)
        return found

    def validator(self, schema: Json) -> Draft4Validator:
        """A Draft 4 validator of ``schema`` with every definition in reach."""
        return Draft4Validator(
            {**schema, "definitions": self.definitions}, format_checker=self._formats
        )

    def definition(self, name: str) -> Draft4Validator:
        """A validator of one named definition."""
        return self.validator({"$ref": f"#/definitions/{name}"})

    def problems(self, validator: Draft4Validator, answer: Any) -> list[str]:
        """Each way the answer breaks the schema, as ``path: message`` (values cut short)."""
        return sorted(
            f"{'/'.join(map(str, error.absolute_path)) or '(answer)'}: {error.message[:160]}"
            for error in validator.iter_errors(answer)
        )

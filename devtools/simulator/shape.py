"""How the simulator words its JSON: Vitec's published shapes by default, variants as settings.

The default is what Vitec's published description (``tests/contract/vitec/swagger-2020.json``)
documents, written the way a .NET service writes it: a value the office does not have is left
out, never sent as null. Each variant is an answer the contract also allows, so a client must
survive every one of them:

- ``omitDefaults``: false, 0, empty strings and empty lists left out as well, as a .NET
  serializer with ``EmitDefaultValue=false`` does (a slot nobody booked has no ``participants``).
- ``nulls``: a value the office does not have sent as null, as a client of another vintage does.
- ``numbers``: numbers where the documentation does not fix a type: the ``status.id`` of
  ``GET Advertising/Estate/{customerId}/{estateId}`` (the swagger types ``Common.Estate.Status``
  ids as strings, so ``POST Estate/GetEstateList`` keeps strings).
- ``nestedAddress``: ``address.zipCode`` and ``address.area`` of the same call as objects, as
  Vitec's AdvertisingEstate model page shows them (their inner fields were not recorded, so
  ``zipCode`` is ``{"value"}`` and ``area`` ``{"id", "name"}`` here).
- ``brokenEstate``: one estate the contract cannot describe, for isolation tests: ``error``
  answers 500 to every read of it; ``unreadable`` gives its reads fields of the wrong type.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from devtools.simulator import known

BrokenAnswer = Literal["error", "unreadable"]


class _Model(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="forbid",
        frozen=True,
    )


class BrokenEstate(_Model):
    """One estate whose reads fail: 500 (``error``) or fields of the wrong type (``unreadable``)."""

    estate_id: str = known.BROKEN_ESTATE_ID
    answer: BrokenAnswer = "error"


class Shape(_Model):
    """The variants switched on; all off is Vitec's published shape."""

    omit_defaults: bool = False
    nulls: bool = False
    numbers: bool = False
    nested_address: bool = False
    broken_estate: BrokenEstate | None = None

    def broken(self, estate_id: str) -> BrokenAnswer | None:
        """How this estate is broken, None when it reads as usual."""
        broken = self.broken_estate
        if broken is None or broken.estate_id.upper() != estate_id.upper():
            return None
        return broken.answer

    def render(self, data: Any) -> Any:
        """An answer built with None for missing values, as this shape sends it."""
        if isinstance(data, list):
            return [self.render(item) for item in data]
        if not isinstance(data, dict):
            return data
        rendered: dict[str, Any] = {}
        for key, value in data.items():
            value = self.render(value)
            if value is None and not self.nulls:
                continue
            if self.omit_defaults and _is_default(value):
                continue
            rendered[key] = value
        return rendered


def _is_default(value: Any) -> bool:
    """Whether .NET counts the value as its type's default (bool and numbers included)."""
    if isinstance(value, bool):
        return value is False
    if isinstance(value, int | float):
        return value == 0
    return isinstance(value, str | list) and not value

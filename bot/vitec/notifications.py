"""Vitec's notifications (webhooks): what a change delivered to the bot says, read tolerantly.

Each change arrives as a JSON ``POST`` whose parameters are repeated in the URL's query; only
the body carries ``data``. The fields are Vitec's common ones (``name``, ``type``, ``event``,
``customerId``, ``id``, ``subtype``, ``relId1..3``/``relType1..3``); anything else is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ConfigDict, Field, ValidationError

from bot.vitec.models import VitecModel

MAX_ID = 100


class Notification(VitecModel):
    """One change in the office's Vitec, as a notification names it."""

    # The query repeats the body's values as text, and an id may come as a number.
    model_config = ConfigDict(**VitecModel.model_config, coerce_numbers_to_str=True)

    name: str | None = Field(default=None, max_length=200)
    type: str | None = Field(default=None, max_length=MAX_ID)
    """``EstateContact``, ``Estate``, ``Contact``, ``Merge``, …"""
    event: str | None = Field(default=None, max_length=MAX_ID)
    """``Update``, ``Remove`` or ``Merge``."""
    customer_id: str | None = Field(default=None, max_length=MAX_ID)
    id: str | None = Field(default=None, max_length=MAX_ID)
    subtype: str | None = Field(default=None, max_length=MAX_ID)
    rel_id1: str | None = Field(default=None, max_length=MAX_ID)
    rel_id2: str | None = Field(default=None, max_length=MAX_ID)
    rel_id3: str | None = Field(default=None, max_length=MAX_ID)
    rel_type1: str | None = Field(default=None, max_length=MAX_ID)
    rel_type2: str | None = Field(default=None, max_length=MAX_ID)
    rel_type3: str | None = Field(default=None, max_length=MAX_ID)
    data: dict[str, Any] | None = None

    @property
    def is_viewing_participant(self) -> bool:
        """A booking on a viewing: relId1 the estate, relId2 the contact, relId3 the viewing."""
        return _same(self.type, "EstateContact") and _same(self.subtype, "ViewingParticipant")

    @property
    def is_estate(self) -> bool:
        """An estate changed (or was removed)."""
        return _same(self.type, "Estate")

    @property
    def is_merge(self) -> bool:
        """Contacts merged into one."""
        return _same(self.type, "Merge") or _same(self.event, "Merge")

    @property
    def is_removal(self) -> bool:
        """The thing named was removed."""
        return _same(self.event, "Remove")

    def merged_contacts(self) -> tuple[str, tuple[str, ...]] | None:
        """For a merge: the contact kept and the contacts merged into it, when both are given."""
        data = self.data or {}
        destination = _text(data.get("destinationId")) or self.id
        sources = data.get("sourceIds")
        if not destination or not isinstance(sources, list):
            return None
        merged = tuple(s for s in (_text(x) for x in sources) if s)
        return (destination, merged) if merged else None


def read_notification(query: Mapping[str, str], body: object) -> Notification | None:
    """The notification from its URL query and JSON body (the body wins); None if unreadable."""
    values: dict[str, Any] = dict(query)
    if isinstance(body, dict):
        values.update(body)
    elif body is not None:
        return None
    try:
        notification = Notification.model_validate(values)
    except ValidationError:
        return None
    return notification if notification.type or notification.event else None


def _same(value: str | None, expected: str) -> bool:
    return value is not None and value.casefold() == expected.casefold()


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= MAX_ID else None

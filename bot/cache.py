"""A small in-memory cache whose entries expire, read against the injected clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from bot.clock import Clock

V = TypeVar("V")


@dataclass
class _Cached(Generic[V]):
    value: V
    expires: datetime


@dataclass
class TtlCache(Generic[V]):
    """A small in-memory cache with an injected clock; entries expire after ``ttl``."""

    ttl: timedelta
    clock: Clock
    max_entries: int = 2000
    _items: dict[str, _Cached[V]] = field(default_factory=dict)

    def get(self, key: str) -> V | None:
        """The cached value, or None when absent or expired."""
        item = self._items.get(key)
        if item is None or item.expires <= self.clock():
            self._items.pop(key, None)
            return None
        return item.value

    def put(self, key: str, value: V) -> None:
        """Store a value; the oldest entries go first when the cache is full."""
        if len(self._items) >= self.max_entries:
            for old in list(self._items)[: self.max_entries // 10 or 1]:
                del self._items[old]
        self._items[key] = _Cached(value, self.clock() + self.ttl)

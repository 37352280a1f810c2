"""Time: the clock every part reads (injected, so tests set it) and the offices' timezone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]
"""What the bot asks for the current time; an aware datetime."""

STOCKHOLM = ZoneInfo("Europe/Stockholm")
"""The offices' time: how Vitec's times without an offset are meant, and how agents read times."""


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)

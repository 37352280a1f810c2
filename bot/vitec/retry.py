"""When a failed Vitec call may be repeated, and how long to wait first."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from bot.vitec.errors import VitecConnectError, VitecError, VitecStatusError

if TYPE_CHECKING:
    from collections.abc import Callable

RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
"""Answers that mean "not now" rather than "no": worth repeating a call that is safe to repeat."""

# Keeps 2**n finite for absurd attempt counts; the delay is capped long before this matters.
_MAX_EXPONENT = 32


@dataclass(frozen=True)
class RetryPolicy:
    """How many attempts a call gets and how long the client waits between them (seconds)."""

    max_attempts: int = 3
    base_delay: float = 0.25
    max_delay: float = 2.0
    retry_after_cap: float = 5.0
    """A Retry-After longer than this is not waited for: the call fails at once instead."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if min(self.base_delay, self.max_delay, self.retry_after_cap) < 0:
            raise ValueError("delays must not be negative")

    def backoff(self, retry: int, jitter: float) -> float:
        """Delay before retry number ``retry`` (1-based): capped exponential, jittered by half."""
        exponent = max(0, min(retry - 1, _MAX_EXPONENT))
        ceiling = min(self.max_delay, self.base_delay * 2.0**exponent)
        return ceiling * (0.5 + jitter / 2)

    def delay_before_retry(
        self,
        error: VitecError,
        *,
        attempt: int,
        safe_to_repeat: bool,
        retry_after: float | None,
        jitter: Callable[[], float],
    ) -> float | None:
        """Seconds to wait before attempt ``attempt + 1``, or None when ``error`` is final."""
        if attempt >= self.max_attempts or not is_retryable(error, safe_to_repeat=safe_to_repeat):
            return None
        if retry_after is None:
            return self.backoff(attempt, jitter())
        if retry_after > self.retry_after_cap:
            return None
        return retry_after


def is_retryable(error: VitecError, *, safe_to_repeat: bool) -> bool:
    """Whether ``error`` is a failure another attempt of the same call could get past."""
    if isinstance(error, VitecConnectError):
        # The request never reached Vitec, so even a booking cannot have landed.
        return True
    return (
        safe_to_repeat
        and isinstance(error, VitecStatusError)
        and error.status_code in RETRYABLE_STATUSES
    )


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or HTTP-date), None if unusable."""
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.replace(".", "", 1).isdigit():
        seconds = float(text)
        return seconds if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        # RFC 9110 dates are always GMT; parsedate_to_datetime leaves "-0000" naive.
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())

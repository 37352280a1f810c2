"""Injected failures: what a slow, flaky or silent Vitec (or a proxy in front of it) looks like.

Every fault may be scoped to one HTTP method and/or a path prefix. Prefixes are compared
case-insensitively with the path without its leading slash, so ``"Viewing/"`` hits the booking
and viewing calls but not ``ViewingParticipant/…``. The gate applies them in this order:
hold (before), latency, forced status, rate limit, 5xx rate, non-JSON answer, the request itself,
applied-then-error, hold (after).
"""

from __future__ import annotations

import asyncio
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class _Model(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="forbid",
    )


class FaultScope(_Model):
    """Which requests a fault hits; both None means every Vitec request."""

    method: str | None = None
    path_prefix: str | None = None

    def hits(self, method: str, path: str) -> bool:
        """Whether a request with this method and path (leading slash optional) is in scope."""
        if self.method is not None and self.method.upper() != method.upper():
            return False
        if self.path_prefix is None:
            return True
        return path.lstrip("/").lower().startswith(self.path_prefix.lstrip("/").lower())


class Latency(FaultScope):
    """Wait this long before answering."""

    seconds: float = Field(ge=0)


class ServerErrors(FaultScope):
    """Answer a share of requests with a 5xx, decided by dice seeded from the config's seed."""

    rate: float = Field(ge=0, le=1)
    status: int = Field(default=500, ge=500, le=599)


class Hold(FaultScope):
    """Keep requests waiting until released: a Vitec that does not answer.

    ``before``: the request is not applied while held. ``after``: it is applied, then held,
    so a booking lands although the caller never hears so.
    """

    stage: Literal["before", "after"] = "before"


class NonJson(FaultScope):
    """Answer with an HTML error page instead of JSON, as a proxy in front of Vitec would."""

    status: int = Field(default=200, ge=100, le=599)


class RateLimit(FaultScope):
    """Answer 429 with ``Retry-After``; ``count`` limits it to the next N requests in scope."""

    retry_after: int = Field(default=1, ge=0)
    count: int | None = Field(default=None, ge=1)


class AppliedThenError(FaultScope):
    """Carry out the request, then answer an error anyway (a booking stored behind a 500)."""

    status: int = Field(default=500, ge=500, le=599)


class ForcedStatus(FaultScope):
    """Answer the next ``count`` requests in scope with ``status`` without carrying them out."""

    status: int = Field(ge=400, le=599)
    count: int = Field(default=1, ge=1)
    retry_after: int | None = Field(default=None, ge=0)
    """Sent as ``Retry-After`` when set."""


class Faults(_Model):
    """The active faults; all None is a healthy Vitec."""

    latency: Latency | None = None
    server_errors: ServerErrors | None = None
    hold: Hold | None = None
    non_json: NonJson | None = None
    rate_limit: RateLimit | None = None
    applied_then_error: AppliedThenError | None = None
    forced_status: ForcedStatus | None = None


class HeldRequests:
    """Where held requests wait; ``release`` lets every one of them go on."""

    def __init__(self) -> None:
        self._gate = asyncio.Event()
        self._changed = asyncio.Condition()
        self.count = 0

    async def wait(self) -> None:
        """Wait until the next ``release``."""
        gate = self._gate
        async with self._changed:
            self.count += 1
            self._changed.notify_all()
        try:
            await gate.wait()
        finally:
            self.count -= 1

    def release(self) -> int:
        """Let every waiting request go on; returns how many were waiting."""
        released = self.count
        self._gate.set()
        self._gate = asyncio.Event()
        return released

    async def until(self, count: int = 1) -> None:
        """Return once at least ``count`` requests are held (tests use it to know one arrived)."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.count >= count)

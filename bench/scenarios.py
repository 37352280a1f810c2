"""The runs a benchmark is made of: the issue's matrix and the goals' extra runs, full or quick."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

App = Literal["visningsbot", "baseline"]
Kind = Literal["submit", "command", "pickers"]
Database = Literal["sqlite", "postgresql"]
APPS: tuple[App, ...] = ("visningsbot", "baseline")


@dataclass(frozen=True)
class Scenario:
    """One kind of load at one Vitec latency, run against one or both apps."""

    name: str
    group: str
    """matrix, steady, burst, command, pickers, scale or profile (how the report groups it)."""
    kind: Kind
    latency: float
    """Seconds the simulator adds to every Vitec answer."""
    count: int
    """Requests sent to visningsbot."""
    concurrency: int | None = None
    rate: float | None = None
    apps: tuple[App, ...] = ("visningsbot",)
    baseline_count: int | None = None
    """Requests sent to the baseline, when it gets fewer (it would take too long otherwise)."""
    estates: int = 100
    """Estates per office in the simulator."""
    database: Database = "sqlite"
    workers: int = 1
    """Bot processes (uvicorn --workers) sharing one socket and one database."""
    profile: bool = False
    """Record a py-spy CPU profile of the bot during the run."""
    picker_count: int = 0
    """For pickers: contact picker queries (``count`` is the estate picker's)."""
    picker_latency: float = 0.2
    """For pickers: Vitec latency while the contact picker is queried."""

    def count_for(self, app: App) -> int:
        """How many requests this run sends to the app."""
        if app == "baseline" and self.baseline_count is not None:
            return self.baseline_count
        return self.count

    def load(self) -> str:
        """The load as a short phrase: ``c=50`` or ``50/s``."""
        if self.concurrency is not None:
            return f"c={self.concurrency}"
        return f"{self.rate:g}/s"


def _latency_name(latency: float) -> str:
    return f"{latency * 1000:.0f}ms" if latency < 1 else f"{latency:g}s"


def _matrix(
    counts: dict[tuple[float, int], int], baseline: dict[tuple[float, int], int]
) -> list[Scenario]:
    return [
        Scenario(
            name=f"matrix-{_latency_name(latency)}-c{concurrency}",
            group="matrix",
            kind="submit",
            latency=latency,
            count=count,
            concurrency=concurrency,
            apps=APPS,
            baseline_count=baseline.get((latency, concurrency), count),
        )
        for (latency, concurrency), count in counts.items()
    ]


def full_plan() -> list[Scenario]:
    """Every run of the published results (about half an hour on two cores)."""
    # One at a time, a submission that outlasts the 1.5 s booking deadline is acknowledged at
    # the deadline: 1,000 of them would take 25 minutes (Vitec at 1 s) without telling more.
    counts = {(lat, c): 1000 for lat in (0.05, 1.0, 5.0) for c in (1, 50, 200)}
    counts[(1.0, 1)] = 100
    counts[(5.0, 1)] = 40
    # The baseline answers one request at a time, each after Vitec has answered.
    baseline = {
        (1.0, 1): 100,
        (1.0, 50): 200,
        (1.0, 200): 400,
        (5.0, 1): 20,
        (5.0, 50): 100,
        (5.0, 200): 200,
    }
    return [
        *_matrix(counts, baseline),
        Scenario("steady-50ms-50rps", "steady", "submit", 0.05, 1000, rate=50, apps=APPS),
        Scenario("burst-50ms-200", "burst", "submit", 0.05, 200, concurrency=200, apps=APPS),
        Scenario("burst-5s-200", "burst", "submit", 5.0, 200, concurrency=200, apps=APPS),
        Scenario("visning-50rps", "command", "command", 0.05, 1000, rate=50),
        Scenario(
            "pickers",
            "pickers",
            "pickers",
            0.0,
            600,
            rate=50,
            estates=ESTATES_FOR_PICKER,
            picker_count=300,
        ),
        Scenario(
            "scale-postgresql-1proc",
            "scale",
            "submit",
            0.05,
            1000,
            concurrency=200,
            database="postgresql",
        ),
        Scenario(
            "scale-postgresql-2workers",
            "scale",
            "submit",
            0.05,
            1000,
            concurrency=200,
            database="postgresql",
            workers=2,
        ),
        Scenario("profile-50ms-c50", "profile", "submit", 0.05, 1000, concurrency=50, profile=True),
        # Where the CPU goes when hundreds of bookings wait on a slow Vitec.
        Scenario("profile-5s-c50", "profile", "submit", 5.0, 1000, concurrency=50, profile=True),
    ]


ESTATES_FOR_PICKER = 12_600
"""Estates per office for the picker run: a little over 10,000 of them are listed (for sale or
coming), what the picker then searches."""


def quick_plan() -> list[Scenario]:
    """A few minutes: every kind of run, with few requests."""
    counts = {(0.05, 1): 20, (0.05, 50): 100, (1.0, 50): 100, (5.0, 200): 200}
    baseline = {(1.0, 50): 50, (5.0, 200): 50}
    return [
        *_matrix(counts, baseline),
        Scenario("steady-50ms-50rps", "steady", "submit", 0.05, 150, rate=50, apps=APPS),
        Scenario("burst-50ms-200", "burst", "submit", 0.05, 200, concurrency=200, apps=APPS),
        Scenario("visning-50rps", "command", "command", 0.05, 150, rate=50),
        Scenario("pickers", "pickers", "pickers", 0.0, 150, rate=50, estates=2000, picker_count=60),
        Scenario("profile-50ms-c50", "profile", "submit", 0.05, 300, concurrency=50, profile=True),
    ]


def select(plan: Sequence[Scenario], patterns: Iterable[str]) -> list[Scenario]:
    """The scenarios whose names match any of the shell-style patterns (all when none given)."""
    wanted = list(patterns)
    if not wanted:
        return list(plan)
    chosen = [s for s in plan if any(fnmatch.fnmatchcase(s.name, p) for p in wanted)]
    if not chosen:
        names = ", ".join(s.name for s in plan)
        raise ValueError(f"no scenario matches {wanted}; there are: {names}")
    return chosen


def only_apps(plan: Sequence[Scenario], apps: Iterable[App]) -> list[Scenario]:
    """The plan restricted to some apps (scenarios left with none are dropped)."""
    keep = set(apps)
    narrowed = [replace(s, apps=tuple(a for a in s.apps if a in keep)) for s in plan]
    return [s for s in narrowed if s.apps]

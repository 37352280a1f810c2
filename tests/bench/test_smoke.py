"""The benchmark harness end to end, on a handful of submissions: it runs, books, reports.

Correctness only: timings depend on the machine, so nothing here asserts on them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.cli import run_plan
from bench.scenarios import APPS, Scenario

SUBMISSIONS = 10


@pytest.mark.slow
def test_harness_books_every_submission_exactly_once_and_writes_its_report(
    tmp_path: Path,
) -> None:
    scenario = Scenario(
        name="smoke",
        group="smoke",
        kind="submit",
        latency=0.0,
        count=SUBMISSIONS,
        concurrency=5,
        apps=APPS,
    )
    out = tmp_path / "results"

    outcome = run_plan([scenario], out, command="pytest", progress=lambda _: None)

    assert [run["app"] for run in outcome.runs] == ["visningsbot", "baseline"]
    for run in outcome.runs:
        bookings = run["bookings"]
        assert bookings["submitted"] == SUBMISSIONS, run["app"]
        assert bookings["booked"] == SUBMISSIONS, run["app"]
        assert bookings["lost"] == 0, run["app"]
        assert bookings["unexpected"] == 0, run["app"]
        assert bookings["duplicate_requests"] == 0, run["app"]
        assert bookings["doubled_in_vitec"] == 0, run["app"]
        assert bookings["booking_posts"] == SUBMISSIONS, run["app"]
        assert run["requests"] == SUBMISSIONS, run["app"]
        assert run["settled"], run["app"]
    report = json.loads((out / "report.json").read_text())
    assert [run["scenario"] for run in report["runs"]] == ["smoke", "smoke"]
    assert report["machine"]["nproc"] >= 1
    assert {goal["goal"] for goal in report["goals"]}
    assert (out / "summary.md").read_text().count("| smoke |") == 2
    assert (out / "chart.png").read_bytes().startswith(b"\x89PNG")

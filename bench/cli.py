"""``python -m bench``: run the scenarios, then write report.json, the summary and the chart."""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import report
from bench.runner import RunOptions, run_scenario
from bench.scenarios import APPS, App, Scenario, full_plan, only_apps, quick_plan, select
from bench.stack import REPO, core_split

BENCH = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Outcome:
    """What a benchmark run produced."""

    out: Path
    report: dict[str, Any]
    runs: list[dict[str, Any]]


def run_plan(
    plan: Sequence[Scenario],
    out: Path,
    *,
    command: str,
    chart: bool = True,
    postgres_url: str | None = None,
    progress: Callable[[str], None] = print,
    keep_scratch: Path | None = None,
) -> Outcome:
    """Run every scenario against its apps and write the results into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    code = report.code_version(REPO)
    started = datetime.now().astimezone()
    clock = time.monotonic()
    runs: list[dict[str, Any]] = []
    with (
        contextlib.ExitStack() as restore,
        tempfile.TemporaryDirectory(prefix="visningsbot-bench-") as scratch,
    ):
        # This process samples the app and polls the others: it belongs with the harness.
        harness, _ = core_split()
        if harness:
            restore.callback(os.sched_setaffinity, 0, os.sched_getaffinity(0))
            os.sched_setaffinity(0, harness)
        workdir = keep_scratch or Path(scratch)
        options = RunOptions(workdir=workdir, results=out)
        if postgres_url:
            options = RunOptions(workdir=workdir, results=out, postgres_url=postgres_url)
        for scenario in plan:
            for app in scenario.apps:
                begun = time.monotonic()
                progress(f"{scenario.name} · {app} · {scenario.count_for(app)} requests …")
                figures = run_scenario(scenario, app, options)
                figures["wall_s"] = round(time.monotonic() - begun, 1)
                runs.append(figures)
                progress(f"  {_one_line(figures)} ({figures['wall_s']} s)")
    written = report.write_report(
        out / "report.json",
        runs,
        command=command,
        started=started.isoformat(timespec="seconds"),
        seconds=time.monotonic() - clock,
        code=code,
    )
    (out / "summary.md").write_text(report.summary_markdown(written))
    if chart:
        report.write_chart(out / "chart.png", runs)
    return Outcome(out, written, runs)


def _one_line(run: dict[str, Any]) -> str:
    if run["kind"] == "pickers":
        return (
            f"estate picker p99 {run['estate_picker']['ack_ms'].get('p99')} ms, "
            f"contact picker p99 {run['contact_picker']['ack_ms'].get('p99')} ms"
        )
    ack = run.get("ack_ms", {})
    text = f"ack p50 {ack.get('p50')} p99 {ack.get('p99')} ms, failures {run.get('slack_failures')}"
    booked = run.get("bookings")
    if booked:
        text += (
            f", booked {booked['booked']}/{booked['submitted']}, lost {booked['lost']}, "
            f"dup {booked['duplicate_requests']}, {booked['bookings_per_s']}/s"
        )
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Load benchmark of visningsbot against the Bolt tutorial baseline.",
    )
    parser.add_argument("--quick", action="store_true", help="few requests per run (minutes)")
    parser.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="PATTERN",
        help="run only scenarios matching this shell pattern (repeatable), e.g. 'matrix-50ms-*'",
    )
    parser.add_argument("--app", action="append", choices=APPS, help="only this app (repeatable)")
    parser.add_argument(
        "--out",
        type=Path,
        help="results folder (default bench/results/<date>, --quick: a temp one)",
    )
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    parser.add_argument("--no-chart", action="store_true", help="skip the PNG chart")
    parser.add_argument(
        "--update-readme",
        action="store_true",
        help="put the summary into bench/README.md's results section",
    )
    parser.add_argument(
        "--postgres-url",
        help="PostgreSQL server for the scale runs (a database is created and dropped per run)",
    )
    parser.add_argument("--keep-scratch", type=Path, help="keep logs and databases here")
    args = parser.parse_args(argv)

    plan = quick_plan() if args.quick else full_plan()
    try:
        plan = select(plan, args.scenario)
    except ValueError as exc:
        parser.error(str(exc))
    apps: list[App] = args.app or list(APPS)
    plan = only_apps(plan, apps)
    if args.list:
        for scenario in plan:
            counts = ", ".join(f"{a} {scenario.count_for(a)}" for a in scenario.apps)
            print(f"{scenario.name:28} {scenario.load():8} Vitec {scenario.latency:g} s · {counts}")
        return 0
    if args.out is not None:
        out = args.out
    elif args.quick:
        out = Path(tempfile.mkdtemp(prefix="visningsbot-bench-quick-"))
    else:
        out = BENCH / "results" / datetime.now().strftime("%Y-%m-%d")
    if args.keep_scratch is not None:
        args.keep_scratch.mkdir(parents=True, exist_ok=True)
    command = shlex.join(["python", "-m", "bench", *(sys.argv[1:] if argv is None else argv)])
    outcome = run_plan(
        plan,
        out,
        command=command,
        chart=not args.no_chart,
        postgres_url=args.postgres_url,
        keep_scratch=args.keep_scratch,
    )
    markdown = report.summary_markdown(outcome.report)
    if args.update_readme:
        shown = out.resolve()
        results = str(shown.relative_to(BENCH.parent)) if shown.is_relative_to(REPO) else str(shown)
        report.update_readme(BENCH / "README.md", markdown, results)
    print(f"\nresults in {out}")
    for goal in outcome.report["goals"]:
        print(f"  {'met   ' if goal['met'] else 'MISSED'} {goal['goal']}: {goal['measured']}")
    return 0

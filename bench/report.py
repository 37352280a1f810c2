"""The benchmark's outputs: report.json, the goals, a Markdown summary and the latency chart."""

from __future__ import annotations

import json
import math
import platform
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from bench.stack import MACHINE_CORES

Run = Mapping[str, Any]
README_START = "<!-- results:start -->"
README_END = "<!-- results:end -->"

CPU_PER_BOOKING_MS = 4.0
"""Issue 13: the bot's CPU per booking at a steady 50/s, at or below the tutorial bot's."""
PEAK_RSS_MB = 150
"""Issue 13: one bot process's resident memory under load."""
PICKER_ESTATES = 10_000
"""Issue 13: the estate picker is measured over at least this many listed estates."""


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    try:
        memory = subprocess.run(
            ["free", "-h"], capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        memory = "unknown"
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": len(MACHINE_CORES),
        "cpu": cpu,
        "free_h": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def code_version(repo: Path) -> dict[str, Any]:
    """The commit measured, and any uncommitted change to the bot's code."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, timeout=30
        ).stdout.strip()

    try:
        return {
            "commit": git("rev-parse", "HEAD"),
            "uncommitted": git("status", "--porcelain", "--", "bot", "handlers").splitlines(),
        }
    except (OSError, subprocess.SubprocessError):
        return {"commit": "unknown", "uncommitted": []}


def _find(runs: Iterable[Run], scenario: str, app: str = "visningsbot") -> Run | None:
    return next((r for r in runs if r["scenario"] == scenario and r["app"] == app), None)


def _rate(run: Run | None) -> float | None:
    rate = run.get("bookings", {}).get("bookings_per_s") if run else None
    return float(rate) if isinstance(rate, int | float) else None


def _p99(run: Run | None, section: str = "ack_ms") -> float | None:
    if run is None:
        return None
    value = run.get(section, {}).get("p99")
    return float(value) if isinstance(value, int | float) and not math.isnan(value) else None


def _best_throughput(runs: Iterable[Run], app: str) -> tuple[float | None, str | None]:
    best: tuple[float | None, str | None] = (None, None)
    for run in runs:
        if run["app"] != app or run["group"] != "matrix" or run["vitec_latency_s"] != 0.05:
            continue
        rate = run.get("bookings", {}).get("bookings_per_s")
        if rate is not None and (best[0] is None or rate > best[0]):
            best = (rate, run["scenario"])
    return best


def goals(runs: Sequence[Run]) -> list[dict[str, Any]]:
    """Each goal of the issue with the measured figure and whether it is met."""
    results: list[dict[str, Any]] = []
    bot_submits = [r for r in runs if r["app"] == "visningsbot" and r["kind"] == "submit"]
    failures = sum(r.get("slack_failures", 0) for r in bot_submits)
    lost = sum(r.get("bookings", {}).get("lost", 0) for r in bot_submits)
    doubled = sum(
        r.get("bookings", {}).get("duplicate_requests", 0)
        + r.get("bookings", {}).get("doubled_in_vitec", 0)
        for r in bot_submits
    )
    results.append(
        {
            "goal": "no Slack timeouts, no lost or doubled bookings in any visningsbot run",
            "measured": f"{failures} Slack failures, {lost} lost, {doubled} doubled "
            f"over {len(bot_submits)} runs",
            "met": bool(bot_submits) and failures == 0 and lost == 0 and doubled == 0,
        }
    )
    steady = _find(runs, "steady-50ms-50rps")
    overhead = steady.get("bookings", {}).get("overhead_ms", {}).get("p99") if steady else None
    steady_p99 = _p99(steady)
    results.append(
        {
            "goal": "acknowledgement p99 < 100 ms at a steady 50/s, Vitec at 50 ms",
            "measured": f"p99 {steady_p99} ms (bot overhead p99 {overhead} ms)",
            "met": steady_p99 is not None and steady_p99 < 100,
        }
    )
    burst, base = _find(runs, "burst-50ms-200"), _find(runs, "burst-50ms-200", "baseline")
    bot_burst, base_burst = _p99(burst), _p99(base)
    results.append(
        {
            "goal": "burst of 200, Vitec at 50 ms: p99 at most a third of the baseline's",
            "measured": f"{bot_burst} ms against {base_burst} ms",
            "met": bot_burst is not None and base_burst is not None and bot_burst <= base_burst / 3,
        }
    )
    bot_burst_rate, base_burst_rate = _rate(burst), _rate(base)
    results.append(
        {
            "goal": "burst of 200, Vitec at 50 ms: bookings/s at least twice the baseline's",
            "measured": f"{bot_burst_rate}/s against {base_burst_rate}/s",
            "met": bot_burst_rate is not None
            and base_burst_rate is not None
            and bot_burst_rate >= 2 * base_burst_rate,
        }
    )
    slow = _find(runs, "burst-5s-200")
    slow_bookings = slow.get("bookings", {}) if slow else {}
    results.append(
        {
            "goal": "burst of 200, Vitec at 5 s: no Slack timeouts, every submission booked once",
            "measured": f"{slow.get('slack_failures') if slow else None} Slack failures, "
            f"{slow_bookings.get('booked')} of {slow_bookings.get('submitted')} booked, "
            f"{slow_bookings.get('duplicate_requests')} duplicate requests",
            "met": slow is not None
            and slow.get("slack_failures") == 0
            and slow_bookings.get("booked") == slow_bookings.get("submitted")
            and slow_bookings.get("duplicate_requests") == 0
            and slow_bookings.get("doubled_in_vitec") == 0,
        }
    )
    steady_cpu = (steady or {}).get("app_usage", {}).get("cpu_ms_per_booking")
    base_steady = _find(runs, "steady-50ms-50rps", "baseline")
    base_cpu = (base_steady or {}).get("app_usage", {}).get("cpu_ms_per_booking")
    results.append(
        {
            "goal": "bot CPU per booking at a steady 50/s: at most 4 ms and the baseline's",
            "measured": f"{steady_cpu} ms against {base_cpu} ms",
            "met": steady_cpu is not None
            and steady_cpu <= CPU_PER_BOOKING_MS
            and (base_cpu is None or steady_cpu <= base_cpu),
        }
    )
    bot_loaded = [r for r in bot_submits if r["workers"] == 1]
    peak = max((r.get("app_usage", {}).get("peak_rss_mb") or 0.0 for r in bot_loaded), default=None)
    results.append(
        {
            "goal": f"peak RSS of one bot process under load < {PEAK_RSS_MB} MB",
            "measured": f"{peak} MB at most over {len(bot_loaded)} runs",
            "met": peak is not None and 0 < peak < PEAK_RSS_MB,
        }
    )
    command = _p99(_find(runs, "visning-50rps"))
    results.append(
        {
            "goal": "/visning acknowledgement p99 < 100 ms at a steady 50/s",
            "measured": f"p99 {command} ms",
            "met": command is not None and command < 100,
        }
    )
    bot_rate, bot_at = _best_throughput(runs, "visningsbot")
    base_rate, base_at = _best_throughput(runs, "baseline")
    results.append(
        {
            "goal": "bookings per second with Vitec at 50 ms: at least twice the baseline's",
            "measured": f"{bot_rate}/s ({bot_at}) against {base_rate}/s ({base_at})",
            "met": bot_rate is not None and base_rate is not None and bot_rate >= 2 * base_rate,
        }
    )
    pickers = _find(runs, "pickers")
    estate_p99 = _p99(pickers.get("estate_picker") if pickers else None)
    listed = pickers.get("estates_listed") if pickers else None
    results.append(
        {
            "goal": "estate picker p99 < 100 ms per keystroke over 10,000 estates",
            "measured": f"p99 {estate_p99} ms over {listed} listed estates",
            "met": estate_p99 is not None
            and estate_p99 < 100
            and isinstance(listed, int)
            and listed >= PICKER_ESTATES,
        }
    )
    return results


def write_report(
    path: Path,
    runs: Sequence[Run],
    *,
    command: str,
    started: str,
    seconds: float,
    code: Mapping[str, Any],
) -> dict[str, Any]:
    """report.json: the machine, the command, the code, every run's figures and the goals."""
    report = {
        "date": started,
        "command": command,
        "runtime_s": round(seconds, 1),
        "code": dict(code),
        "machine": machine(),
        "goals": goals(runs),
        "runs": list(runs),
    }
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False, allow_nan=False, default=str))
    return report


def _ms(value: Any) -> str:
    if not isinstance(value, int | float) or math.isnan(value):
        return "–"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _latency(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:g} s"


def submission_table(runs: Sequence[Run]) -> list[str]:
    """One row per submission run."""
    head = (
        "| scenario | Vitec | load | app | n | ack p50 | p95 | p99 | max | Slack failures "
        "| Bokar… | booked / lost / dup | confirmed p50 / p99 | bookings/s | overhead p99 "
        "| peak RSS MB | CPU ms/booking |"
    )
    rows = [head, "|" + "|".join("---" for _ in range(head.count("|") - 1)) + "|"]
    for run in runs:
        if run["kind"] != "submit":
            continue
        ack, booked = run.get("ack_ms", {}), run.get("bookings", {})
        usage = run.get("app_usage", {})
        confirm = booked.get("confirm_ms", {})
        answers = run.get("answers", {})
        rows.append(
            f"| {run['scenario']} | {_latency(run['vitec_latency_s'])} | {run['load']} "
            f"| {run['app']}{_variant(run)} | {run['count']} | {_ms(ack.get('p50'))} "
            f"| {_ms(ack.get('p95'))} | {_ms(ack.get('p99'))} | {_ms(ack.get('max'))} "
            f"| {run.get('slack_failures', 0)} ({run.get('slack_failure_share', 0) * 100:.0f}%) "
            f"| {answers.get('pending', 0)} "
            f"| {booked.get('booked', 0)} / {booked.get('lost', 0)} / "
            f"{booked.get('duplicate_requests', 0)} "
            f"| {_ms(confirm.get('p50'))} / {_ms(confirm.get('p99'))} "
            f"| {booked.get('bookings_per_s') or '–'} "
            f"| {_ms(booked.get('overhead_ms', {}).get('p99'))} "
            f"| {usage.get('peak_rss_mb', '–')} | {usage.get('cpu_ms_per_booking') or '–'} |"
        )
    return rows


def _variant(run: Run) -> str:
    parts = []
    if run.get("database") == "postgresql":
        parts.append("PostgreSQL")
    if run.get("workers", 1) > 1:
        parts.append(f"{run['workers']} workers")
    return f" ({', '.join(parts)})" if parts else ""


def other_table(runs: Sequence[Run]) -> list[str]:
    """The /visning and picker runs."""
    rows = [
        "| what | Vitec | load | n | p50 | p95 | p99 | max | Slack failures | answers |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        sections: list[tuple[str, Mapping[str, Any], float]] = []
        if run["kind"] == "command":
            sections.append(("/visning (ack)", run, run["vitec_latency_s"]))
        elif run["kind"] == "pickers":
            listed = run.get("estates_listed")
            sections.append((f"estate picker, {listed} estates", run["estate_picker"], 0.0))
            contact = run["contact_picker"]
            sections.append(("contact picker, name ≥ 5", contact, contact["vitec_latency_s"]))
        for what, figures, latency in sections:
            ack = figures.get("ack_ms", {})
            answers = ", ".join(f"{k} {v}" for k, v in figures.get("answers", {}).items())
            rows.append(
                f"| {what} | {_latency(latency)} | {run['load']} | {figures.get('requests')} "
                f"| {_ms(ack.get('p50'))} | {_ms(ack.get('p95'))} | {_ms(ack.get('p99'))} "
                f"| {_ms(ack.get('max'))} | {figures.get('slack_failures', 0)} | {answers} |"
            )
    return rows


def summary_markdown(report: Mapping[str, Any]) -> str:
    """The results as Markdown: machine, command, goals, tables, profile."""
    m = report["machine"]
    runs = report["runs"]
    code = report.get("code", {})
    changed = code.get("uncommitted") or []
    lines = [
        f"Measured {report['date']} with `{report['command']}` in "
        f"{report['runtime_s'] / 60:.1f} minutes, on {m['nproc']} cores ({m['cpu']}), "
        f"Python {m['python']}, {m['platform']}; the bot at commit "
        f"`{str(code.get('commit', 'unknown'))[:12]}`"
        + (f" with uncommitted changes to {len(changed)} file(s)." if changed else "."),
        "",
        "```",
        m["free_h"],
        "```",
        "",
        "Goals:",
        "",
    ]
    lines += [
        f"- {'met' if g['met'] else '**missed**'}: {g['goal']} — {g['measured']}"
        for g in report["goals"]
    ]
    lines += ["", *submission_table(runs), "", *other_table(runs), ""]
    profiles = [r for r in runs if r.get("profile")]
    for run in profiles:
        profile = run["profile"]
        lines += [
            f"CPU profile of the bot during `{run['scenario']}` ({profile['samples']} samples):",
            "",
            "| layer (top of stack) | share |",
            "|---|---|",
        ]
        lines += [f"| {name} | {share * 100:.1f}% |" for name, share in profile["layers"][:12]]
        lines += ["", "| bot function (on the stack) | share |", "|---|---|"]
        lines += [
            f"| `{name}` | {share * 100:.1f}% |" for name, share in profile["bot_functions"][:12]
        ]
        lines.append("")
    return "\n".join(lines)


def update_readme(readme: Path, markdown: str, results_dir: str) -> None:
    """Replace the results section of bench/README.md with this run's summary."""
    text = readme.read_text()
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"{readme} has no {README_START} … {README_END} section")
    block = (
        f"{README_START}\n\nFiles: `{results_dir}/` (report.json, chart.png, profile).\n\n"
        f"{markdown}\n{README_END}"
    )
    readme.write_text(text[:start] + block + text[end + len(README_END) :])


def write_chart(path: Path, runs: Sequence[Run]) -> bool:
    """Acknowledgement latency distributions, visningsbot against the baseline, per Vitec
    latency; False when there is nothing to draw."""
    matrix = [r for r in runs if r["kind"] == "submit" and "answered_quantiles_ms" in r]
    latencies = sorted({r["vitec_latency_s"] for r in matrix if r["group"] == "matrix"})
    if not latencies:
        latencies = sorted({r["vitec_latency_s"] for r in matrix})
    if not latencies:
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(latencies), figsize=(5.2 * len(latencies), 4.4), sharey=True)
    panels = axes if len(latencies) > 1 else [axes]
    colours = {1: "#1b9e77", 50: "#d95f02", 200: "#7570b3"}
    for ax, latency in zip(panels, latencies, strict=True):
        for run in matrix:
            if run["vitec_latency_s"] != latency or run["group"] not in ("matrix", "smoke"):
                continue
            # A request Slack gave up on is never acknowledged: the curve stops below 1 by the
            # share of them.
            quantiles = run["answered_quantiles_ms"] or [4000.0]
            shares = [run["answered_share"] * p / 100 for p in range(len(quantiles))]
            concurrency = run.get("concurrency") or 0
            ax.plot(
                quantiles,
                shares,
                color=colours.get(concurrency, "#666666"),
                linestyle="-" if run["app"] == "visningsbot" else "--",
                linewidth=2 if run["app"] == "visningsbot" else 1.5,
                label=f"{run['app']} c={concurrency} (n={run['count']})",
            )
        ax.axvline(3000, color="#b00", linewidth=1)
        ax.text(3000, 0.02, " Slack gives up (3 s)", color="#b00", fontsize=8)
        ax.set_xscale("log")
        ax.set_xlim(5, 4000)
        ax.set_title(f"Vitec answers in {_latency(latency)}")
        ax.set_xlabel("acknowledgement latency (ms, log scale)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7, loc="upper left")
    panels[0].set_ylabel("share of submissions acknowledged within x")
    fig.suptitle(
        "view_submission acknowledgement: visningsbot (solid) vs the Bolt tutorial app (dashed); "
        "a curve ends below 1 by the share Slack gave up on",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True

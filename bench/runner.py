"""One scenario against one app: start its processes, send the load, let it settle, measure."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import itertools
import json
import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench import metrics
from bench.load import Kind, LoadResult, LoadSpec, read_result
from bench.profiling import Recording, py_spy, summarise
from bench.scenarios import App, Scenario
from bench.stack import (
    BOT_TOKEN,
    HOST,
    SIGNING_SECRET,
    Process,
    Stack,
    Usage,
    child_env,
    core_split,
    cpu_seconds,
    free_port,
    get_json,
    python,
    sampling,
    send_json,
    wait_until,
)
from devtools.simulator import known

SLACK_TIMEOUT = 3.0
WARMUP = 5
"""Unmeasured requests sent one by one to each fresh app before the measured ones."""
SETTLE_QUIET = 2.0
"""Seconds without any activity after which a run counts as settled."""
_LOG_LEVEL = re.compile(r"\b(WARNING|ERROR|CRITICAL)\b (?P<logger>[\w.]+): (?P<message>.*)")
_DIGITS = re.compile(r"\d+")
_database_names = itertools.count(1)


@dataclass(frozen=True)
class RunOptions:
    """Where a run keeps its scratch files and profiles, and the PostgreSQL server to use."""

    workdir: Path
    results: Path
    postgres_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


@dataclass
class Endpoints:
    """Base URLs of a run's processes."""

    simulator: str
    slack: str
    app: str


def _admin_sql(url: str, statement: str) -> None:
    async def execute() -> None:
        # CREATE/DROP DATABASE cannot run inside a transaction.
        engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as connection:
                await connection.execute(text(statement))
        finally:
            await engine.dispose()

    asyncio.run(execute())


@contextlib.contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A database of its own on the server for one run, dropped afterwards; yields its URL."""
    name = f"visningsbot_bench_{os.getpid()}_{next(_database_names)}"
    _admin_sql(server_url, f'CREATE DATABASE "{name}"')
    try:
        base, _, _ = server_url.rpartition("/")
        yield f"{base}/{name}"
    finally:
        _admin_sql(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_simulator(
    stack: Stack, latency: float, estates: int, cpus: set[int] | None = None
) -> str:
    """The Vitec simulator; its base URL once it answers."""
    port = free_port()
    argv = [python(), "-m", "bench.simulator", "--port", str(port), "--latency", str(latency)]
    argv += ["--estates", str(estates)]
    process = stack.start("simulator", argv, child_env(), cpus=cpus)
    url = f"http://{HOST}:{port}"
    wait_until(
        lambda: get_json(f"{url}/_bench/activity") is not None,
        process,
        timeout=300,
        what="starting",
    )
    return url


def start_fake_slack(stack: Stack, agents: int, cpus: set[int] | None = None) -> str:
    """The fake Slack with one agent per submission; its base URL once it answers."""
    port = free_port()
    argv = [
        python(),
        "-m",
        "bench.fake_slack",
        "--port",
        str(port),
        "--agents",
        str(agents),
        "--signing-secret",
        SIGNING_SECRET,
        "--bot-token",
        BOT_TOKEN,
    ]
    process = stack.start("slack", argv, child_env(), cpus=cpus)
    url = f"http://{HOST}:{port}"
    wait_until(
        lambda: get_json(f"{url}/_bench/activity") is not None,
        process,
        timeout=60,
        what="starting",
    )
    return url


def app_env(simulator: str, slack: str, port: int, database_url: str | None) -> dict[str, str]:
    """Settings for either app: the fake Slack, the simulator's open office, loopback only."""
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": f"{slack}/api",
        "VITEC_BASE_URL": simulator,
        "VITEC_USERNAME": known.USERNAME,
        "VITEC_PASSWORD": known.PASSWORDS[known.SODERMALM],
        "VITEC_CUSTOMER_ID": known.SODERMALM,
        "HOST": HOST,
        "PORT": str(port),
    }
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return child_env(env)


def start_bot(
    stack: Stack,
    simulator: str,
    slack: str,
    workers: int,
    database_url: str | None,
    cpus: set[int] | None = None,
) -> tuple[Process, str]:
    """visningsbot as deployed (``visningsbot run --workers N``); waits for its estate list."""
    port = free_port()
    env = app_env(simulator, slack, port, database_url)
    argv = [python(), "-m", "bot", "run", "--workers", str(workers)]
    process = stack.start("bot", argv, env, cpus=cpus)
    url = f"http://{HOST}:{port}"
    loaded = Counter[str]()

    def ready() -> bool:
        # With several workers one reads the estate list from Vitec and the others load it from
        # the database; any one of them may answer, so every one is given time to.
        if get_json(f"{url}/healthz", timeout=5).get("estates_loaded") is True:
            loaded["yes"] += 1
        return loaded["yes"] >= (1 if workers == 1 else 10 * workers)

    wait_until(ready, process, timeout=900, what="loading the estate list")
    return process, url


def start_baseline(
    stack: Stack, simulator: str, slack: str, cpus: set[int] | None = None
) -> tuple[Process, str]:
    """The tutorial app on Bolt's development server."""
    port = free_port()
    env = app_env(simulator, slack, port, None)
    process = stack.start("baseline", [python(), "-m", "bench.baseline.app"], env, cpus=cpus)
    url = f"http://{HOST}:{port}"

    def ready() -> bool:
        import httpx

        with httpx.Client(trust_env=False, timeout=2) as client:
            return client.get(f"{url}/").status_code == 404

    wait_until(ready, process, timeout=60, what="starting")
    return process, url


def run_load(stack: Stack, spec: LoadSpec, name: str, cpus: set[int] | None = None) -> LoadResult:
    """Run the load generator as its own process and read back what it measured."""
    spec_path = stack.workdir / f"{name}.spec.json"
    result_path = stack.workdir / f"{name}.result.json"
    spec_path.write_text(json.dumps(asdict(spec)))
    argv = [python(), "-m", "bench.load", str(spec_path), str(result_path)]
    process = stack.start(name, argv, child_env(), cpus=cpus)
    try:
        code = process.popen.wait(timeout=spec.max_seconds + 300)
    except Exception:
        process.stop()
        raise
    if code != 0:
        raise RuntimeError(f"the load generator failed ({code}):\n{process.tail()}")
    return read_result(result_path)


def settle(endpoints: Endpoints, app: App, max_seconds: float) -> tuple[float, bool]:
    """Wait until nothing happens any more: no Vitec call in flight, no Slack call, no bot task.

    Returns the seconds waited and whether the run settled (False: ``max_seconds`` ran out).
    """
    started = time.monotonic()
    last: tuple[int, ...] | None = None
    quiet_since = started
    while time.monotonic() - started < max_seconds:
        sim = get_json(f"{endpoints.simulator}/_bench/activity")
        slack = get_json(f"{endpoints.slack}/_bench/activity")
        busy = sim["inFlight"] > 0
        if app == "visningsbot":
            with contextlib.suppress(Exception):
                busy = (
                    busy or get_json(f"{endpoints.app}/healthz", timeout=5)["background_tasks"] > 0
                )
        state = (sim["requests"], sim["bookings"], slack["messages"], slack["apiCalls"])
        now = time.monotonic()
        if busy or state != last:
            last, quiet_since = state, now
        elif now - quiet_since >= SETTLE_QUIET:
            return now - started, True
        time.sleep(0.25)
    return time.monotonic() - started, False


def log_findings(process: Process, limit: int = 8) -> dict[str, Any]:
    """Warnings and errors the app logged (the bot's logs hold no personal data)."""
    try:
        text = process.log.read_text(errors="replace")
    except OSError:
        return {}
    levels: Counter[str] = Counter()
    messages: Counter[str] = Counter()
    for line in text.splitlines():
        found = _LOG_LEVEL.search(line)
        if found is not None:
            levels[found[1]] += 1
            message = _DIGITS.sub("N", found["message"])[:160]
            messages[f"{found[1]} {found['logger']}: {message}"] += 1
    tracebacks = text.count("Traceback (most recent call last)")
    return {
        "levels": dict(levels),
        "tracebacks": tracebacks,
        "top": [f"{n}× {m}" for m, n in messages.most_common(limit)],
    }


def usage_figures(usage: Usage, start: float, end: float, bookings: int) -> dict[str, Any]:
    """Peak RSS and CPU of the app while the load ran and settled."""
    cpu = usage.cpu_between(start, end)
    return {
        "peak_rss_mb": round(usage.peak_rss() / 2**20, 1),
        "cpu_seconds": round(cpu, 2),
        "cpu_ms_per_booking": round(cpu * 1000 / bookings, 2) if bookings else None,
    }


FILLING_LATENCY_LIMIT = 1.0
"""Above this Vitec latency the pickers time out (``vitec_options_timeout``), so an agent could
not have filled in the form through them either: submissions arrive with cold caches."""


def _fills_forms(scenario: Scenario, app: App) -> bool:
    """Whether each agent picks the estate and searches the contact first, through the bot.

    Only visningsbot has pickers; the baseline's form is submitted as it is.
    """
    return (
        app == "visningsbot"
        and scenario.kind == "submit"
        and scenario.latency < FILLING_LATENCY_LIMIT
    )


def _spec(endpoints: Endpoints, kind: Kind, count: int, **fields: Any) -> LoadSpec:
    return LoadSpec(
        kind=kind,
        app_url=f"{endpoints.app}/slack/events",
        slack_url=endpoints.slack,
        simulator_url=endpoints.simulator,
        signing_secret=SIGNING_SECRET,
        count=count,
        timeout=SLACK_TIMEOUT,
        warmup=WARMUP,
        **fields,
    )


def run_scenario(scenario: Scenario, app: App, options: RunOptions) -> dict[str, Any]:
    """Run one scenario against one app in fresh processes; the run's figures."""
    workdir = options.workdir / f"{scenario.name}-{app}"
    workdir.mkdir(parents=True, exist_ok=True)
    count = scenario.count_for(app)
    workers = scenario.workers if app == "visningsbot" else 1
    harness_cpus, app_cpus = core_split(workers)
    figures: dict[str, Any] = {
        "scenario": scenario.name,
        "group": scenario.group,
        "app": app,
        "kind": scenario.kind,
        "vitec_latency_s": scenario.latency,
        "load": scenario.load(),
        "concurrency": scenario.concurrency,
        "rate": scenario.rate,
        "count": count,
        "warmup": WARMUP,
        "database": scenario.database if app == "visningsbot" else None,
        "workers": workers,
        "app_cores": sorted(app_cpus) if app_cpus else "shared",
    }
    with contextlib.ExitStack() as cleanup:
        stack = cleanup.enter_context(Stack(workdir))
        database_url = None
        if scenario.database == "postgresql" and app == "visningsbot":
            database_url = cleanup.enter_context(postgres_database(options.postgres_url))
        simulator = start_simulator(stack, scenario.latency, scenario.estates, harness_cpus)
        slack = start_fake_slack(stack, max(count, 1) + WARMUP, harness_cpus)
        booted = time.monotonic()
        if app == "visningsbot":
            process, url = start_bot(stack, simulator, slack, workers, database_url, app_cpus)
        else:
            process, url = start_baseline(stack, simulator, slack, app_cpus)
        figures["startup_s"] = round(time.monotonic() - booted, 1)
        endpoints = Endpoints(simulator, slack, url)
        harness = {p.name: cpu_seconds(p.pid) for p in stack.processes if p is not process}
        recording = None
        if scenario.profile and app == "visningsbot" and py_spy() is not None:
            recording = Recording(
                process.pid,
                workdir / "profile.collapsed.txt",
                subprocesses=workers > 1,
                cpus=harness_cpus,
            )
        with sampling(process.pid) as sampler:
            if scenario.kind == "pickers":
                figures.update(_pickers(stack, scenario, app, endpoints, harness_cpus))
                load = None
            else:
                spec = _spec(
                    endpoints,
                    "submit" if scenario.kind == "submit" else "command",
                    count,
                    concurrency=scenario.concurrency,
                    rate=scenario.rate,
                    warm_forms=_fills_forms(scenario, app),
                )
                figures["forms_filled_first"] = spec.warm_forms
                load = run_load(stack, spec, "load", harness_cpus)
            settled_in, settled = settle(endpoints, app, 60 + _patience(scenario, app, count))
            end = time.time()
        if recording is not None:
            figures["profile"] = _keep_profile(recording, options.results, scenario.name)
        figures["settle_s"] = round(settled_in, 1)
        figures["settled"] = settled
        figures["harness_cpu_s"] = {
            name: round(cpu_seconds(p.pid) - harness[name], 2)
            for p in stack.processes
            if (name := p.name) in harness
        }
        started = load.started_at if load is not None else sampler.usage.samples[0][0]
        booked = 0
        if load is not None:
            figures["harness_cpu_s"]["load_generator"] = round(load.cpu_seconds, 2)
            figures.update(metrics.ack_figures(load))
            if scenario.kind == "submit":
                figures["bookings"] = metrics.booking_figures(
                    load,
                    get_json(f"{simulator}/_simulator/bookings"),
                    get_json(f"{simulator}/_simulator/requests"),
                    get_json(f"{slack}/_bench/confirmations"),
                )
                booked = figures["bookings"]["booked"]
        figures["app_usage"] = usage_figures(sampler.usage, started, end, booked)
        figures["slack_api"] = get_json(f"{slack}/_bench/activity")["byMethod"]
        figures["app_log"] = log_findings(process)
    return figures


def _patience(scenario: Scenario, app: App, count: int) -> float:
    """How long a run may take to settle after the last request: its queued work, roughly."""
    if app == "baseline":
        # One request at a time, each waiting for Vitec.
        return count * scenario.latency
    # Two Vitec calls per booking over at most 100 pooled connections (httpx's default).
    return max(4 * scenario.latency, count * 2 * scenario.latency / 100)


def _keep_profile(recording: Recording, results: Path, name: str) -> dict[str, Any]:
    """Summarise a recording into the results (summary text, gzipped collapsed stacks)."""
    collapsed = recording.stop()
    lines = collapsed.read_text().splitlines() if collapsed.exists() else []
    summary = summarise(lines)
    (results / f"profile-{name}.txt").write_text(summary.text())
    with gzip.open(results / f"profile-{name}.collapsed.txt.gz", "wt") as out:
        out.write("\n".join(lines) + "\n")
    return asdict(summary)


def _pickers(
    stack: Stack,
    scenario: Scenario,
    app: App,
    endpoints: Endpoints,
    cpus: set[int] | None,
) -> dict[str, Any]:
    """The estate picker over the whole list, then the contact picker with Vitec slowed down."""
    estates = _spec(endpoints, "estate_options", scenario.count, rate=scenario.rate)
    estate_load = run_load(stack, estates, "load-estates", cpus)
    activity = get_json(f"{endpoints.simulator}/_bench/catalogue")
    send_json(
        "PUT",
        f"{endpoints.simulator}/_simulator/faults",
        {"latency": {"seconds": scenario.picker_latency}},
    )
    contacts = _spec(endpoints, "contact_options", scenario.picker_count, rate=scenario.rate)
    contact_load = run_load(stack, contacts, "load-contacts", cpus)
    return {
        "estates_listed": len(activity["estates"]),
        "estate_picker": metrics.ack_figures(estate_load),
        "contact_picker": {
            "vitec_latency_s": scenario.picker_latency,
            **metrics.ack_figures(contact_load),
        },
    }

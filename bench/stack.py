"""The processes of one benchmark run: each on a free loopback port, awaited, always stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import httpx
import psutil  # type: ignore[import-untyped]

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SIGNING_SECRET = "bench-signing-secret-4f1c9a"  # noqa: S105 - a loopback-only fake workspace
BOT_TOKEN = "xoxb-bench-0000-fake"  # noqa: S105 - accepted only by the fake Slack
STOP_GRACE = 15.0
MACHINE_CORES = frozenset(os.sched_getaffinity(0))
"""The cores the run may use, read at import: before the harness pins this process to its own."""
"""Seconds a process gets to shut down after SIGTERM before it is killed."""

# Variables a developer's shell may hold that would point a bench process elsewhere.
_INHERITED_OUT = ("SLACK_", "VITEC_", "DATABASE_URL", "PORT", "HOST", "LOG_LEVEL")


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def core_split(app_processes: int = 1) -> tuple[set[int] | None, set[int] | None]:
    """(harness cores, app cores): a single-process app gets a core of its own.

    Python runs the bot's event loop on one core, so giving it one whole core and the load
    generator, simulator and fake Slack the rest keeps them from skewing each other's figures.
    Several app processes, or a machine with one core, run unpinned (None).
    """
    cores = sorted(MACHINE_CORES)
    if len(cores) < 2:
        return None, None
    if app_processes > 1:
        return set(cores[:-1]), None
    return set(cores[:-1]), {cores[-1]}


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a bench process: this repository importable, no stray settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_INHERITED_OUT)}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env.update(extra or {})
    return env


class StartError(RuntimeError):
    """A process of the run did not come up; the message holds the end of its log."""


@dataclass
class Process:
    """A started process and the file its output goes to."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        """The process id."""
        return self.popen.pid

    def alive(self) -> bool:
        """Whether it is still running."""
        return self.popen.poll() is None

    def tail(self, lines: int = 40) -> str:
        """The end of its output, for error messages."""
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, grace: float = STOP_GRACE) -> None:
        """SIGTERM, then SIGKILL if it has not ended within ``grace`` seconds."""
        if not self.alive():
            return
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=grace)


class Stack:
    """Processes started for one run, stopped in reverse order however the run ends."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.processes: list[Process] = []

    def start(
        self,
        name: str,
        argv: Sequence[str],
        env: Mapping[str, str],
        *,
        cpus: set[int] | None = None,
        cwd: Path | None = None,
    ) -> Process:
        """Start a process whose output goes to ``<workdir>/<name>.log``, on ``cpus`` if given."""
        log = self.workdir / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                list(argv),
                cwd=cwd or self.workdir,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        process = Process(name, popen, log)
        self.processes.append(process)
        # Set before the interpreter has started its own threads or workers, which inherit it. An
        # unpinned process gets every core, not the harness's, which it would inherit from here.
        os.sched_setaffinity(popen.pid, cpus or MACHINE_CORES)
        return process

    def close(self) -> None:
        """Stop every process, newest first."""
        while self.processes:
            self.processes.pop().stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def get_json(url: str, timeout: float = 30.0) -> Any:
    """GET a JSON answer from a local process."""
    with httpx.Client(trust_env=False, timeout=timeout) as client:
        answer = client.get(url)
        answer.raise_for_status()
        return answer.json()


def send_json(method: str, url: str, data: Any, timeout: float = 30.0) -> Any:
    """PUT/POST JSON to a local process; the answer's JSON, or None when it has no body."""
    with httpx.Client(trust_env=False, timeout=timeout) as client:
        answer = client.request(method, url, json=data)
        answer.raise_for_status()
        return answer.json() if answer.content else None


def wait_until(ready: Callable[[], bool], process: Process, *, timeout: float, what: str) -> float:
    """Poll ``ready`` until it holds; seconds waited. Fails early if the process ends."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if not process.alive():
            raise StartError(f"{process.name} exited while {what}:\n{process.tail()}")
        with contextlib.suppress(httpx.HTTPError, ValueError):
            if ready():
                return time.monotonic() - started
        time.sleep(0.1)
    raise StartError(f"{process.name}: timed out after {timeout:.0f} s {what}:\n{process.tail()}")


def python() -> str:
    """The interpreter every bench process runs on (this one)."""
    return sys.executable


@dataclass
class Usage:
    """CPU and memory of one process tree, sampled while it runs."""

    samples: list[tuple[float, float, float]] = field(default_factory=list)
    """(wall-clock time, RSS bytes, CPU seconds) of the process and its children."""

    def peak_rss(self) -> float:
        """Largest resident set seen, in bytes."""
        return max((s[1] for s in self.samples), default=0.0)

    def cpu_between(self, start: float, end: float) -> float:
        """CPU seconds spent from the last sample at or before ``start`` to the first after
        ``end``."""
        before = [s for s in self.samples if s[0] <= start]
        after = [s for s in self.samples if s[0] >= end]
        first = before[-1] if before else (self.samples[0] if self.samples else None)
        last = after[0] if after else (self.samples[-1] if self.samples else None)
        if first is None or last is None:
            return 0.0
        return max(last[2] - first[2], 0.0)


def _tree_usage(root: Any) -> tuple[float, float]:
    procs = [root]
    with contextlib.suppress(psutil.Error):
        procs += root.children(recursive=True)
    rss = cpu = 0.0
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            times = proc.cpu_times()
            cpu += times.user + times.system
            rss += proc.memory_info().rss
    return rss, cpu


class Sampler:
    """Samples a process tree's RSS and CPU time on a thread, every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self._root = psutil.Process(pid)
        self._interval = interval
        self.usage = Usage()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"sampler-{pid}", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, cpu = _tree_usage(self._root)
            self.usage.samples.append((time.time(), rss, cpu))
            self._stop.wait(self._interval)

    def start(self) -> Self:
        """Start sampling."""
        self._thread.start()
        return self

    def stop(self) -> Usage:
        """Take a last sample and stop."""
        self._stop.set()
        self._thread.join()
        rss, cpu = _tree_usage(self._root)
        self.usage.samples.append((time.time(), rss, cpu))
        return self.usage


def cpu_seconds(pid: int) -> float:
    """CPU seconds a process tree has used so far (0 when it is gone)."""
    try:
        return _tree_usage(psutil.Process(pid))[1]
    except psutil.Error:
        return 0.0


@contextlib.contextmanager
def sampling(pid: int) -> Iterator[Sampler]:
    """Sample a process tree for the duration of the block."""
    sampler = Sampler(pid).start()
    try:
        yield sampler
    finally:
        sampler.stop()

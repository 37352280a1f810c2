"""Where the bot's CPU goes under load: py-spy attached to its process, and a summary of that.

py-spy samples the running process from outside (no code change, little overhead with
``--nonblocking``) and writes collapsed stacks (``frame;frame;frame count``). The summary groups
the samples by the layer burning the CPU (the frame at the top of the stack) and by the bot's
own functions that were on the stack, which is what tells a bottleneck from a cost of Bolt,
Slack's SDK, the database driver or the event loop.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_RATE = 100
_FRAME = re.compile(r"^(?P<name>.*) \((?P<file>[^():]*)(?::\d+)?\)$")

# First match wins: the layer a sampled frame belongs to, by the path py-spy shows.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("visningsbot (bot/, handlers/)", ("bot/", "handlers/")),
    ("slack_bolt", ("slack_bolt/",)),
    ("slack_sdk (Web API, webhooks)", ("slack_sdk/",)),
    ("aiohttp (slack_sdk's HTTP)", ("aiohttp/", "yarl/", "multidict/", "aiosignal/")),
    ("httpx/httpcore (Vitec client)", ("httpx/", "httpcore/", "h11/", "anyio/", "sniffio/")),
    ("sqlalchemy", ("sqlalchemy/", "greenlet/")),
    ("sqlite (aiosqlite, sqlite3)", ("aiosqlite/", "sqlite3/")),
    ("asyncpg", ("asyncpg/",)),
    ("alembic", ("alembic/",)),
    ("pydantic", ("pydantic/", "pydantic_core/")),
    ("uvicorn", ("uvicorn/", "httptools/", "websockets/")),
    ("starlette", ("starlette/",)),
    ("event loop (asyncio, selectors)", ("asyncio/", "selectors.py", "concurrent/")),
)
OTHER = "other (standard library)"
"""Frames of no layer above (imports, weakref, enum, json, urllib…) count for their caller."""


def py_spy() -> str | None:
    """The py-spy executable beside this interpreter or on PATH, if installed."""
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else shutil.which("py-spy")


class Recording:
    """py-spy recording one process (and its children) into a collapsed-stacks file."""

    def __init__(
        self, pid: int, output: Path, *, subprocesses: bool = False, cpus: set[int] | None = None
    ) -> None:
        executable = py_spy()
        if executable is None:
            raise FileNotFoundError("py-spy is not installed (pip install py-spy)")
        self.output = output
        argv = [
            executable,
            "record",
            "--pid",
            str(pid),
            "--rate",
            str(SAMPLE_RATE),
            "--format",
            "raw",
            "--nonblocking",
            # Only samples holding the GIL: Python's CPU time. Without it a thread blocked in C
            # (aiosqlite's worker waiting on SQLite's lock) is sampled as if it were working.
            "--gil",
            "--output",
            str(output),
        ]
        if subprocesses:
            argv.append("--subprocesses")
        self._log = output.with_suffix(".log").open("wb")
        self._popen = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT)
        if cpus:
            os.sched_setaffinity(self._popen.pid, cpus)

    def stop(self) -> Path:
        """Stop sampling and wait for py-spy to write its file."""
        try:
            if self._popen.poll() is None:
                self._popen.send_signal(signal.SIGINT)
                try:
                    self._popen.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    self._popen.kill()
                    self._popen.wait()
        finally:
            self._log.close()
        return self.output


@dataclass
class ProfileSummary:
    """Shares of CPU samples by layer, by the bot's functions, and by hottest function."""

    samples: int
    layers: list[tuple[str, float]] = field(default_factory=list)
    """(layer, share of samples whose top frame is in it), largest first."""
    bot_functions: list[tuple[str, float]] = field(default_factory=list)
    """(bot or handlers function, share of samples with it anywhere on the stack)."""
    hottest: list[tuple[str, float]] = field(default_factory=list)
    """(function, share of samples with it at the top of the stack)."""

    def text(self) -> str:
        """The summary as a plain-text table."""
        lines = [
            f"{self.samples} samples at {SAMPLE_RATE} Hz of threads holding the GIL "
            "(Python's CPU time)",
            "",
        ]
        sections = (
            (
                "Where the CPU is burnt, by layer (a stdlib helper counts for its caller)",
                self.layers,
            ),
            ("Bot functions on the stack (inclusive)", self.bot_functions),
            ("Hottest functions (self)", self.hottest),
        )
        for title, rows in sections:
            lines.append(title)
            lines.extend(f"  {share * 100:5.1f}%  {name}" for name, share in rows)
            lines.append("")
        return "\n".join(lines)


def _frames(stack: str) -> list[tuple[str, str]]:
    frames = []
    for raw in stack.split(";"):
        found = _FRAME.match(raw.strip())
        if found is not None:
            frames.append((found["name"], found["file"]))
    return frames


def layer_of(file: str) -> str:
    """The layer a source file belongs to."""
    for name, prefixes in LAYERS:
        if any(file.startswith(p) or f"/{p}" in file for p in prefixes):
            return name
    return OTHER


def burning_layer(frames: Sequence[tuple[str, str]]) -> str:
    """The layer doing the work in a stack: the top frame's, or for a standard-library helper
    at the top (an import, a weakref, json), that of the nearest caller with a layer."""
    for _, file in reversed(frames):
        layer = layer_of(file)
        if layer != OTHER:
            return layer
    return OTHER


def summarise(lines: Iterable[str], top: int = 25) -> ProfileSummary:
    """Summarise py-spy's collapsed stacks."""
    total = 0
    layers: Counter[str] = Counter()
    bot: Counter[str] = Counter()
    hottest: Counter[str] = Counter()
    for line in lines:
        stack, _, count_text = line.rstrip("\n").rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = _frames(stack)
        if not frames:
            continue
        total += count
        name, file = frames[-1]
        layers[burning_layer(frames)] += count
        hottest[f"{name} ({file})"] += count
        # The entry point is on every stack of the main thread; it says nothing.
        seen = {
            f"{n} ({f})"
            for n, f in frames
            if f.startswith(("bot/", "handlers/")) and f != "bot/__main__.py"
        }
        for function in seen:
            bot[function] += count
    if total == 0:
        return ProfileSummary(0)

    def shares(counter: Counter[str], n: int) -> list[tuple[str, float]]:
        return [(k, v / total) for k, v in counter.most_common(n)]

    return ProfileSummary(
        samples=total,
        layers=shares(layers, len(layers)),
        bot_functions=shares(bot, top),
        hottest=shares(hottest, top),
    )

"""Starting and stopping the playground: its port, its install, Ctrl+C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.__main__ import main
from devtools import commands
from devtools.playground import run

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_a_taken_port_is_refused_with_the_way_to_choose_another(
    taken_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run.run_playground(port=taken_port, open_browser=False) == 1
    err = capsys.readouterr().err
    assert f"Port {taken_port} is taken" in err
    assert f"--port {taken_port + 1}" in err
    assert f"make playground PORT={taken_port + 1}" in err


def test_the_command_passes_its_port_on(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[tuple[int, bool, bool]] = []

    def fake_run(*, port: int, open_browser: bool, workspaces: bool) -> int:
        started.append((port, open_browser, workspaces))
        return 0

    monkeypatch.setattr(commands, "run_playground", fake_run)
    assert main(["playground", "--port", "3456", "--no-browser"]) == 0
    assert main(["playground", "--port", "3456", "--no-browser", "--workspaces"]) == 0
    assert started == [(3456, False, False), (3456, False, True)]


def _make(*args: str) -> str:
    done = subprocess.run(  # noqa: S603 - make, with fixed arguments, in the project
        ["make", "--dry-run", "--always-make", *args],  # noqa: S607 - make from PATH
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "VENV": "/nonexistent/venv"},
    )
    return done.stdout


def test_make_playground_passes_port_and_installs_only_the_runtime() -> None:
    planned = _make("playground", "PORT=3001")
    assert "visningsbot playground --port 3001" in planned
    assert "-r requirements/main.txt" in planned
    assert "requirements/dev.txt" not in planned
    # The playground is a developer tool: installed beside the bot, not inside it.
    assert "--editable . --editable ./devtools" in planned


def test_make_test_still_installs_the_dev_tools() -> None:
    planned = _make("test")
    assert "-r requirements/dev.txt" in planned
    assert "--editable . --editable ./devtools" in planned


@pytest.mark.slow
def test_the_playground_serves_until_ctrl_c(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "bot", "playground", "--port", str(port), "--no-browser"]
    with subprocess.Popen(  # noqa: S603 - this Python, running the playground
        command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        try:
            assert process.stdout is not None
            banner = "".join(process.stdout.readline() for _ in range(3))
            assert f"http://127.0.0.1:{port}" in banner
            assert "Ctrl+C" in banner
            page = httpx.get(f"http://127.0.0.1:{port}/", timeout=10)
            assert page.status_code == 200
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=20) == 0
            said = process.stdout.read()
            assert "visningsbot playground stopped." in said
            assert "Traceback" not in said
        finally:
            if process.poll() is None:
                process.kill()

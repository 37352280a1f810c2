"""compose.yaml and the Dockerfile: several bot processes on one PostgreSQL, as the README says."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.settings import Settings
from bot.store.engine import async_database_url

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_the_bots_run_in_several_processes_on_postgresql_behind_the_proxy() -> None:
    services = compose()["services"]
    assert set(services) == {"db", "bot", "proxy"}
    bot = services["bot"]
    assert bot["command"] == ["visningsbot", "run", "--workers", "${BOT_WORKERS:-2}"]
    assert bot["deploy"]["replicas"] == "${BOT_REPLICAS:-2}"
    url = bot["environment"]["DATABASE_URL"].replace("${POSTGRES_PASSWORD}", "pw")
    assert async_database_url(url).get_backend_name() == "postgresql"
    assert async_database_url(url).host == "db"
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    # Every variable the bot is given is one it reads.
    assert set(bot["environment"]) - {"PROMETHEUS_MULTIPROC_DIR"} <= {
        name.upper() for name in Settings.model_fields
    }
    metrics = bot["environment"]["PROMETHEUS_MULTIPROC_DIR"]
    assert any(mount.startswith(f"{metrics}:") for mount in bot["tmpfs"])
    assert "/healthz" in " ".join(bot["healthcheck"]["test"])


def test_the_proxy_spreads_requests_over_every_bot_container() -> None:
    proxy = compose()["services"]["proxy"]
    [mount] = proxy["volumes"]
    source, target, _ = mount.split(":")
    assert target == "/etc/caddy/Caddyfile"
    caddyfile = (ROOT / source).read_text()
    assert re.search(r"dynamic a \{\s*name bot\s*port 3000", caddyfile)
    assert proxy["ports"] == ["3000:3000"]


def test_the_image_installs_the_runtime_lockfile_by_hash_and_runs_unprivileged() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes --no-deps -r requirements/main.txt" in dockerfile
    for line in dockerfile.splitlines():
        if line.startswith("COPY "):
            *sources, _ = line.split()[1:]
            assert all((ROOT / s).exists() for s in sources), line
    assert re.search(r"^USER visningsbot$", dockerfile, re.MULTILINE)
    # Neither the developer tools nor a local .env or ledger go into the image.
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".venv", "devtools", "tests", "*.sqlite3*"} <= set(ignored)


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose not installed")
def test_docker_compose_reads_the_file_as_written(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text())
    for name in ("compose.yaml", "Dockerfile", "deploy"):
        (tmp_path / name).symlink_to(ROOT / name)
    done = subprocess.run(
        ["docker-compose", "config", "--quiet"],  # noqa: S607 - the installed tool, by name
        cwd=tmp_path,
        env={**os.environ, "POSTGRES_PASSWORD": "pw-for-tests"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr

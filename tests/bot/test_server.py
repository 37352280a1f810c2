"""How uvicorn serves the bot: slow and idle clients do not hold it forever."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.server import metrics_directory, server_options
from bot.settings import Settings, load_settings


def settings() -> Settings:
    return load_settings(
        None,
        slack_bot_token="xoxb-1-2-3",
        slack_signing_secret="abcdef0123456789",
        vitec_username="visningsbot",
        vitec_password="pw-for-tests",
        vitec_customer_id="M30011",
        port=8443,
        host="127.0.0.2",
    )


def test_idle_connections_and_the_number_of_connections_are_bounded() -> None:
    options = server_options(settings())

    assert options["timeout_keep_alive"] == 5
    assert options["limit_concurrency"] == 1000
    assert (options["host"], options["port"]) == ("127.0.0.2", 8443)
    # Access logs would print every request line; the bot logs what it did instead.
    assert options["access_log"] is False


def test_workers_write_metrics_to_a_directory_of_the_runs_own_removed_at_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    with metrics_directory() as directory:
        assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(directory)
        assert directory.is_dir()
    assert not directory.exists()
    assert "PROMETHEUS_MULTIPROC_DIR" not in os.environ


def test_a_configured_metrics_directory_is_made_and_an_earlier_runs_values_cleared(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    given = tmp_path / "metrics"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(given))
    with metrics_directory() as directory:
        assert directory == given
        assert directory.is_dir()
    (given / "counter_4242.db").write_bytes(b"old")
    (given / "notes.txt").write_text("the operator's own")

    with metrics_directory():
        assert sorted(p.name for p in given.iterdir()) == ["notes.txt"]
    assert given.is_dir()

"""The ``visningsbot`` command: configuration errors are explained, maintenance commands work."""

import os
import socket
from importlib.metadata import EntryPoints
from pathlib import Path

import pytest

import bot.__main__
from bot.__main__ import main, metrics_directory
from bot.settings import Settings
from bot.store.sealing import Sealer


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.chdir(tmp_path)
    url = f"sqlite+aiosqlite:///{tmp_path / 'ledger.sqlite3'}"
    for name, value in {
        "SLACK_BOT_TOKEN": "xoxb-1-2-3",
        "SLACK_SIGNING_SECRET": "abcdef0123456789",
        "VITEC_USERNAME": "visningsbot",
        "VITEC_PASSWORD": "pw-for-tests",
        "VITEC_CUSTOMER_ID": "M30011",
        "DATABASE_URL": url,
    }.items():
        monkeypatch.setenv(name, value)
    return url


def test_a_missing_configuration_exits_with_the_variables_to_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "VITEC_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN: is missing" in err
    assert "Traceback" not in err


def test_migrate_then_purge(configured: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0
    assert main(["purge"]) == 0
    out = capsys.readouterr().out
    assert "database schema is up to date" in out
    assert "purged 0 sign-up(s) older than 90 days" in out


def test_an_unreachable_database_is_explained_without_a_traceback(
    configured: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A port nobody listens on: the connection is refused at once.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("DATABASE_URL", f"postgresql+asyncpg://bot:pw-db@127.0.0.1:{port}/bot")

    assert main(["purge"]) == 1
    err = capsys.readouterr().err
    assert "the ledger's database did not answer" in err
    assert "check DATABASE_URL" in err
    assert "Traceback" not in err
    assert "pw-db" not in err


def test_run_serves_http_with_the_settings(
    configured: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[Settings] = []
    monkeypatch.setattr("bot.server.serve", lambda settings, workers=1: served.append(settings))

    assert main(["run"]) == 0
    [settings] = served
    assert settings.port == 3000


def test_an_unknown_command_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["book-everyone"])
    assert caught.value.code == 2


def test_the_developer_tools_add_their_commands_where_they_are_installed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    listed = capsys.readouterr().out
    assert "playground" in listed
    assert "a local Vitec Connect with Swedish sample data" in listed


def test_without_the_developer_tools_the_command_offers_the_bot_alone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # What a deployment sees: the runtime wheel is installed, the developer tools are not.
    monkeypatch.setattr(bot.__main__, "entry_points", lambda group: EntryPoints(()))
    with pytest.raises(SystemExit):
        main(["--help"])
    listed = capsys.readouterr().out
    assert "{run,check,migrate,new-key,reseal,purge,audit}" in listed
    assert "playground" not in listed
    assert "simulator" not in listed

    with pytest.raises(SystemExit) as caught:
        main(["playground"])
    assert caught.value.code == 2
    assert "invalid choice: 'playground'" in capsys.readouterr().err


def test_several_workers_on_sqlite_are_refused_before_anything_starts(
    configured: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    served: list[int] = []
    monkeypatch.setattr("bot.server.serve", lambda _settings, workers=1: served.append(workers))

    assert main(["run", "--workers", "2"]) == 2

    err = capsys.readouterr().err
    assert "--workers 2 needs PostgreSQL" in err
    assert "Traceback" not in err
    assert served == []


def test_several_workers_in_socket_mode_are_refused(
    configured: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://bot:pw-db@127.0.0.1:5432/bot")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-2-3")

    assert main(["run", "--workers", "3"]) == 2
    assert "--workers is for HTTP mode" in capsys.readouterr().err


def test_workers_on_postgresql_are_served_by_that_many_processes(
    configured: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://bot:pw-db@db.internal:5432/bot")
    served: list[int] = []
    monkeypatch.setattr("bot.server.serve", lambda _settings, workers=1: served.append(workers))

    assert main(["run", "--workers", "4"]) == 0
    assert main(["run"]) == 0
    assert served == [4, 1]


@pytest.mark.parametrize("workers", ["0", "-1", "two", "1.5", "65", "9" * 50])
def test_an_odd_number_of_workers_is_refused_by_the_parser(
    configured: str, workers: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["run", "--workers", workers])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "argument --workers" in err
    assert "Traceback" not in err


def test_workers_write_metrics_to_a_directory_of_the_runs_own_removed_at_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    with metrics_directory(2) as directory:
        assert directory is not None
        assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(directory)
        assert directory.is_dir()
    assert not directory.exists()
    assert "PROMETHEUS_MULTIPROC_DIR" not in os.environ


def test_a_configuredmetrics_directory_is_made_and_an_earlier_runs_values_cleared(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    given = tmp_path / "metrics"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(given))
    with metrics_directory(2) as directory:
        assert directory == given
        assert directory.is_dir()
    (given / "counter_4242.db").write_bytes(b"old")
    (given / "notes.txt").write_text("the operator's own")

    with metrics_directory(1):
        assert sorted(p.name for p in given.iterdir()) == ["notes.txt"]
    assert given.is_dir()


def test_one_process_without_ametrics_directory_keeps_its_metrics_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    with metrics_directory(1) as directory:
        assert directory is None
        assert "PROMETHEUS_MULTIPROC_DIR" not in os.environ


def test_new_key_prints_a_key_the_settings_accept(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-key"]) == 0

    key = capsys.readouterr().out.strip()
    assert Sealer(key).open(Sealer(key).seal("x")) == "x"

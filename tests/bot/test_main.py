"""The ``visningsbot`` command: configuration errors are explained, maintenance commands work."""

import socket
from importlib.metadata import EntryPoints
from pathlib import Path

import pytest

import bot.__main__
from bot.__main__ import main
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
    monkeypatch.setattr("bot.server.serve", served.append)

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


def test_new_key_prints_a_key_the_settings_accept(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-key"]) == 0

    key = capsys.readouterr().out.strip()
    assert Sealer(key).open(Sealer(key).seal("x")) == "x"

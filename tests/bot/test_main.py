"""The ``visningsbot`` command: configuration errors are explained, maintenance commands work."""

from pathlib import Path

import pytest

from bot.__main__ import main


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
    assert "purged personal data from 0 sign-up(s)" in out


def test_an_unknown_command_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["book-everyone"])
    assert caught.value.code == 2

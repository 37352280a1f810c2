"""``visningsbot check`` says plainly whether Slack and Vitec accept the configuration."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.check import run_checks
from bot.settings import Settings, load_settings
from devtools.playground.serving import serve_in_background
from devtools.playground.slack.fake import FakeSlack
from devtools.simulator import Simulator, create_simulator, known

TOKEN = "xoxb-check-token"


@pytest.fixture
async def urls() -> AsyncIterator[tuple[str, str, Simulator]]:
    simulator = create_simulator()
    slack = FakeSlack(bot_url="http://127.0.0.1:9/unused", signing_secret="s", bot_token=TOKEN)
    vitec = await serve_in_background(simulator.app)
    fake = await slack.serve()
    yield fake.url, vitec.url, simulator
    await fake.stop()
    await vitec.stop()


def settings_for(urls: tuple[str, str, Simulator], tmp_path: Path, **overrides: Any) -> Settings:
    slack_url, vitec_url, _ = urls
    values: dict[str, Any] = {
        "slack_bot_token": TOKEN,
        "slack_signing_secret": "s3cret",
        "slack_api_url": f"{slack_url}/api",
        "vitec_base_url": vitec_url,
        "vitec_username": known.USERNAME,
        "vitec_password": known.PASSWORDS[known.SODERMALM],
        "vitec_customer_id": known.SODERMALM,
        "database_url": f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}",
    }
    return load_settings(None, **{**values, **overrides})


async def test_a_working_configuration_passes(
    urls: tuple[str, str, Simulator], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await run_checks(settings_for(urls, tmp_path)) == 0
    out = capsys.readouterr().out
    assert "ok    Slack: connected as @" in out
    assert "ok    Vitec: office M30011 answers" in out


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"slack_bot_token": "xoxb-wrong"}, "Slack refused SLACK_BOT_TOKEN (invalid_auth)"),
        ({"vitec_password": "wrong-password"}, "Vitec refused the user name or password (401)"),
        (
            {
                "vitec_customer_id": known.CLOSED_OFFICE,
                "vitec_password": known.PASSWORDS[known.CLOSED_OFFICE],
            },
            "Vitec denied access to office M39999 (403)",
        ),
        ({"vitec_base_url": "http://127.0.0.1:9"}, "Could not connect to http://127.0.0.1:9"),
    ],
    ids=["slack-token", "vitec-password", "closed-office", "vitec-unreachable"],
)
async def test_each_problem_is_named_with_what_to_fix(
    urls: tuple[str, str, Simulator],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    overrides: dict[str, Any],
    expected: str,
) -> None:
    assert await run_checks(settings_for(urls, tmp_path, **overrides)) == 1
    out = capsys.readouterr().out
    assert f"FAIL  {expected}" in out
    assert "wrong-password" not in out

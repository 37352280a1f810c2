from pathlib import Path

import pytest

from bot.settings import ConfigurationError, load_settings

VALID = {
    "SLACK_BOT_TOKEN": "xoxb-123-456-abc",
    "SLACK_SIGNING_SECRET": "8f742231b10e8888abcd99yyyzzz85a5",
    "VITEC_USERNAME": "visningsbot",
    "VITEC_PASSWORD": "s3cret-M30011",
    "VITEC_CUSTOMER_ID": "M30011",
}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [
        *VALID,
        "VITEC_BASE_URL",
        "DATABASE_URL",
        "PORT",
        "SLACK_APP_TOKEN",
        "SLACK_API_URL",
        "METRICS_TOKEN",
    ]:
        monkeypatch.delenv(name, raising=False)


def env(monkeypatch: pytest.MonkeyPatch, **overrides: str) -> None:
    for name, value in {**VALID, **overrides}.items():
        monkeypatch.setenv(name, value)


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    env(monkeypatch)
    settings = load_settings(None)
    assert settings.vitec_base_url == "https://connect.maklare.vitec.net"
    assert settings.port == 3000
    assert settings.visningsbot_language == "sv"
    assert settings.database_url.get_secret_value().startswith("sqlite+aiosqlite:///")
    assert settings.vitec_booking_deadline == 1.5
    assert not settings.socket_mode


def test_secrets_never_show_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    env(monkeypatch)
    shown = repr(load_settings(None))
    for secret in ("xoxb-123-456-abc", "8f742231b10e8888abcd99yyyzzz85a5", "s3cret-M30011"):
        assert secret not in shown


def test_the_database_password_never_shows_in_the_settings_repr(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = "postgresql+asyncpg://visningsbot:pg-hunter2@db.internal:5432/visningsbot"
    env(monkeypatch, DATABASE_URL=url)
    settings = load_settings(None)

    assert settings.database_url.get_secret_value() == url
    for shown in (repr(settings), str(settings), str(settings.model_dump())):
        assert "pg-hunter2" not in shown


def test_missing_values_are_listed_by_their_variable_names(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigurationError) as caught:
        load_settings(None)
    message = str(caught.value)
    for name in VALID:
        assert f"{name}: is missing" in message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SLACK_BOT_TOKEN", "xoxb-your-token"),
        ("VITEC_PASSWORD", "changeme"),
        ("SLACK_SIGNING_SECRET", "<signing secret>"),
    ],
)
def test_placeholders_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    env(monkeypatch, **{name: value})
    with pytest.raises(ConfigurationError, match=f"{name} still holds a placeholder"):
        load_settings(None)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://connect.maklare.vitec.net", True),
        ("http://127.0.0.1:8080", True),
        ("http://localhost:8080/", True),
        ("http://connect.maklare.vitec.net", False),
        ("ftp://example.com", False),
        ("not a url", False),
    ],
)
def test_vitec_needs_https_unless_on_this_machine(
    monkeypatch: pytest.MonkeyPatch, url: str, ok: bool
) -> None:
    env(monkeypatch, VITEC_BASE_URL=url)
    if ok:
        assert not load_settings(None).vitec_base_url.endswith("/")
    else:
        with pytest.raises(ConfigurationError, match="VITEC_BASE_URL"):
            load_settings(None)


def test_a_dotenv_file_is_read_and_the_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("".join(f"{k}={v}\n" for k, v in VALID.items()) + "PORT=4000\n")
    assert load_settings(dotenv).port == 4000
    monkeypatch.setenv("PORT", "5000")
    assert load_settings(dotenv).port == 5000


def test_an_odd_customer_id_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    env(monkeypatch, VITEC_CUSTOMER_ID="../M1")
    with pytest.raises(ConfigurationError, match="VITEC_CUSTOMER_ID"):
        load_settings(None)


def test_the_booking_deadline_stays_inside_slacks_three_seconds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env(monkeypatch, VITEC_BOOKING_DEADLINE="2.5")
    with pytest.raises(ConfigurationError, match="VITEC_BOOKING_DEADLINE"):
        load_settings(None)


def test_pinned_lead_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    env(monkeypatch, VITEC_LEAD_SOURCES=" LS1, LS2 ,,")
    assert load_settings(None).allowed_lead_sources == frozenset({"LS1", "LS2"})


def test_metrics_are_open_unless_a_token_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    env(monkeypatch)
    assert load_settings(None).metrics_token is None
    env(monkeypatch, METRICS_TOKEN="a-long-random-scrape-token")
    token = load_settings(None).metrics_token
    assert token is not None
    assert token.get_secret_value() == "a-long-random-scrape-token"
    assert "a-long-random-scrape-token" not in repr(load_settings(None))


@pytest.mark.parametrize(
    "token", ["", "short", "changeme", "your-metrics-token", " padded-token-1234 "]
)
def test_a_guessable_metrics_token_is_refused(monkeypatch: pytest.MonkeyPatch, token: str) -> None:
    env(monkeypatch, METRICS_TOKEN=token)
    with pytest.raises(ConfigurationError, match="METRICS_TOKEN must be at least 16"):
        load_settings(None)


OAUTH = {
    "SLACK_CLIENT_ID": "1234.5678",
    "SLACK_CLIENT_SECRET": "0a1b2c3d4e5f6a7b8c9d",
    "SLACK_SIGNING_SECRET": "8f742231b10e8888abcd99yyyzzz85a5",
    "VISNINGSBOT_SECRET_KEY": "x" * 43 + "=",
}


@pytest.fixture
def oauth_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*OAUTH, "SLACK_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in OAUTH.items():
        monkeypatch.setenv(name, value)


@pytest.mark.usefixtures("oauth_environment")
def test_oauth_mode_needs_no_token_nor_vitec_office() -> None:
    settings = load_settings(None)

    assert settings.oauth
    assert settings.slack_bot_token is None
    assert settings.vitec_customer_id is None
    with pytest.raises(ConfigurationError):
        _ = settings.single_workspace
    assert "0a1b2c3d4e5f6a7b8c9d" not in repr(settings)


@pytest.mark.usefixtures("oauth_environment")
@pytest.mark.parametrize("name", ["SLACK_CLIENT_SECRET", "VISNINGSBOT_SECRET_KEY"])
def test_oauth_mode_lists_what_it_misses(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.delenv(name)

    with pytest.raises(ConfigurationError, match=f"{name}: is missing"):
        load_settings(None)


@pytest.mark.usefixtures("oauth_environment")
def test_a_token_and_a_client_id_together_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-123-456-abc")

    with pytest.raises(ConfigurationError, match="not both"):
        load_settings(None)


@pytest.mark.usefixtures("oauth_environment")
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ALLOWED_USERGROUPS", "maklare"),
        ("ALLOWED_CHANNELS", "C0123ABCD"),
        ("MANAGER_USERGROUPS", "S0123ABCD, @chefer"),
    ],
)
def test_oauth_mode_refuses_one_workspaces_access_settings(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    # They name one workspace's groups and channels; silently serving everyone would be worse.
    monkeypatch.setenv(name, value)

    with pytest.raises(ConfigurationError, match=f"{name} narrow access in one workspace"):
        load_settings(None)


@pytest.mark.usefixtures("oauth_environment")
def test_oauth_mode_takes_empty_access_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_USERGROUPS", " , ")
    monkeypatch.setenv("ALLOWED_CHANNELS", "")

    assert load_settings(None).oauth


@pytest.mark.usefixtures("oauth_environment")
@pytest.mark.parametrize("key", ["", "short", "y" * 43 + "=,not-a-key", "ö" * 44])
def test_an_unusable_secret_key_is_refused_without_showing_it(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.setenv("VISNINGSBOT_SECRET_KEY", key)

    with pytest.raises(ConfigurationError, match="VISNINGSBOT_SECRET_KEY") as refused:
        load_settings(None)
    if len(key) > 5:
        assert key not in str(refused.value)

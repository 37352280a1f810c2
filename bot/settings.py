"""Configuration: one settings class, read from the environment and `.env`, built on demand."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, cast
from urllib.parse import urlsplit

from pydantic import (
    Field,
    ModelWrapValidatorHandler,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.language import Language
from bot.store.sealing import Sealer

PRODUCTION_VITEC_URL = "https://connect.maklare.vitec.net"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///visningsbot.sqlite3"

# Values people leave in a copied example file; starting with one of them is always a mistake.
_PLACEHOLDERS = {"", "changeme", "change-me", "xxx", "todo", "secret", "password", "your-token"}
_PLACEHOLDER_PREFIXES = ("xoxb-your", "xapp-your", "<", "your-", "replace")

_SINGLE_WORKSPACE_NEEDS = (
    "slack_bot_token",
    "vitec_username",
    "vitec_password",
    "vitec_customer_id",
)
_OAUTH_NEEDS = ("slack_client_secret", "visningsbot_secret_key")

CUSTOMER_ID_PATTERN = r"^[A-Za-z]{1,4}[0-9]{1,10}$"
"""A Vitec customerId (office), like M30011."""

_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,20}")
_USERGROUP = re.compile(r"@?[a-z0-9][a-z0-9._-]{0,79}|S[A-Z0-9]{2,20}")


@dataclass(frozen=True)
class AccessSettings:
    """The optional narrowing of who may use the bot (empty sets narrow nothing)."""

    usergroups: frozenset[str]
    """Handles (without @) or ids of the user groups whose members may use the bot."""
    channels: frozenset[str]
    """Ids of the channels the bot may be used in."""
    managers: frozenset[str]
    """Handles or ids of the user groups whose members may undo anyone's booking."""


def _items(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


MIN_METRICS_TOKEN = 16
"""Characters a METRICS_TOKEN needs at least, so that it cannot be guessed by trying."""


@dataclass(frozen=True)
class SingleWorkspace:
    """Single-workspace mode's Slack token and Vitec office, present together."""

    bot_token: SecretStr
    vitec_username: str
    vitec_password: SecretStr
    vitec_customer_id: str


class ConfigurationError(Exception):
    """The configuration cannot start the bot; the message says what to fix."""


def _is_placeholder(value: str) -> bool:
    lowered = value.strip().lower()
    return lowered in _PLACEHOLDERS or lowered.startswith(_PLACEHOLDER_PREFIXES)


def _strong_path_secret(value: str) -> bool:
    """Long enough not to be guessed, and made of characters a URL path carries as they are."""
    return len(value) >= MIN_PATH_SECRET and all(
        c.isascii() and (c.isalnum() or c in "-_") for c in value
    )


MIN_PATH_SECRET = 32


def is_loopback_url(url: str) -> bool:
    """Whether the URL points at this machine (where plain http is acceptable)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Settings(BaseSettings):
    """Everything visningsbot reads from its environment."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
        hide_input_in_errors=True,
    )

    slack_bot_token: SecretStr | None = None
    """Single-workspace mode: the one workspace's bot token (unset in OAuth mode)."""
    slack_signing_secret: SecretStr
    slack_app_token: SecretStr | None = None
    slack_api_url: str | None = None
    """Web API base URL; unset means Slack's own. The playground points it at its fake Slack."""

    slack_client_id: str | None = None
    """OAuth mode (install in many workspaces): the app's Client ID; unset means one workspace."""
    slack_client_secret: SecretStr | None = None
    slack_redirect_uri: str | None = None
    """The OAuth redirect URL (https://…/slack/oauth_redirect); unset means the app's only one."""
    visningsbot_secret_key: SecretStr | None = None
    """OAuth mode: comma-separated Fernet keys sealing the workspaces' Vitec passwords, newest
    first (older keys only open, for rotation)."""

    vitec_base_url: str = PRODUCTION_VITEC_URL
    vitec_username: str | None = None
    vitec_password: SecretStr | None = None
    vitec_customer_id: Annotated[str | None, Field(pattern=CUSTOMER_ID_PATTERN)] = None
    """Single-workspace mode: the office (Vitec customerId, e.g. M30011) bookings are made in."""

    vitec_booking_deadline: Annotated[float, Field(gt=0, le=2.0)] = 1.5
    """Seconds the submission waits for Vitec before the modal says "Bokar…"."""
    vitec_options_timeout: Annotated[float, Field(gt=0, le=2.5)] = 1.2
    """Seconds a picker waits for Vitec before answering "could not search right now"."""
    vitec_timeout: Annotated[float, Field(gt=0, le=120)] = 20.0
    """Read timeout of one Vitec request that nobody is waiting on interactively."""
    vitec_lead_sources: str | None = None
    """Comma-separated lead source ids agents may pick; unset means every active source."""

    signup_claim_lease: Annotated[float, Field(gt=0, le=3600)] = 120.0
    """Seconds an attempt stays claimed by the process booking it; after that (a crash) another
    process may reconcile it. Must exceed the longest booking: deadline plus two Vitec timeouts."""
    reconcile_interval: Annotated[float, Field(gt=0, le=3600)] = 60.0
    """Seconds between looks for attempts left pending or unknown."""

    allowed_usergroups: str | None = None
    """Comma-separated Slack user group handles or ids; unset means every full member."""
    allowed_channels: str | None = None
    """Comma-separated channel ids where the bot may be used; unset means every channel."""
    manager_usergroups: str | None = None
    """Comma-separated user group handles or ids whose members may undo anyone's booking."""

    vitec_notification_secret: SecretStr | None = None
    """The secret in the path of Vitec's notification URL; unset, notifications are refused."""

    database_url: SecretStr = SecretStr(DEFAULT_DATABASE_URL)
    """A secret: a PostgreSQL URL holds the database password."""
    retention_days: Annotated[int, Field(ge=1, le=3650)] = 90
    """Days personal data in the sign-up ledger is kept."""

    port: Annotated[int, Field(ge=1, le=65535)] = 3000
    host: str = "0.0.0.0"  # noqa: S104 - a server meant to be reached behind a load balancer
    visningsbot_language: Language = "sv"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    metrics_token: SecretStr | None = None
    """When set, ``GET /metrics`` answers only ``Authorization: Bearer <token>``; unset, it is
    open to whoever reaches the port (it shows volumes and latencies, no personal data)."""

    @field_validator("vitec_base_url", "slack_api_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError("must be an http(s) URL")
        if parts.scheme == "http" and not is_loopback_url(value):
            raise ValueError("must use https unless it points at this machine")
        return value.rstrip("/")

    @model_validator(mode="wrap")
    @classmethod
    def _one_mode(cls, data: Any, handler: ModelWrapValidatorHandler[Settings]) -> Settings:
        # Each mode needs its own settings; listed with every other error, as missing fields are.
        given = data if isinstance(data, dict) else {}
        needed = _OAUTH_NEEDS if given.get("slack_client_id") else _SINGLE_WORKSPACE_NEEDS
        missing = [
            InitErrorDetails(type="missing", loc=(name,), input=given)
            for name in needed
            if given.get(name) is None
        ]
        try:
            settings = handler(data)
        except ValidationError as exc:
            errors = cast("list[InitErrorDetails]", exc.errors())
            raise ValidationError.from_exception_data(exc.title, [*errors, *missing]) from None
        if missing:
            raise ValidationError.from_exception_data(cls.__name__, missing)
        if settings.oauth and settings.slack_app_token is not None:
            raise ValueError("Socket Mode (SLACK_APP_TOKEN) serves one workspace: unset it")
        if settings.oauth and settings.slack_bot_token is not None:
            raise ValueError(
                "set either SLACK_CLIENT_ID (OAuth, many workspaces) or SLACK_BOT_TOKEN "
                "(one workspace), not both"
            )
        narrowing = [
            name
            for name, value in (
                ("ALLOWED_USERGROUPS", settings.allowed_usergroups),
                ("ALLOWED_CHANNELS", settings.allowed_channels),
                ("MANAGER_USERGROUPS", settings.manager_usergroups),
            )
            if _items(value)
        ]
        if settings.oauth and narrowing:
            # Silently serving everyone a deployment meant to narrow would be worse than not
            # starting: these name one workspace's groups and channels.
            raise ValueError(
                f"{', '.join(narrowing)} narrow access in one workspace and do not apply in "
                "OAuth mode (SLACK_CLIENT_ID): unset them"
            )
        return settings

    @model_validator(mode="after")
    def _no_placeholders(self) -> Settings:
        secrets = {
            "SLACK_BOT_TOKEN": self.slack_bot_token,
            "SLACK_SIGNING_SECRET": self.slack_signing_secret,
            "SLACK_CLIENT_SECRET": self.slack_client_secret,
            "VITEC_PASSWORD": self.vitec_password,
        }
        for name, secret in secrets.items():
            if secret is not None and _is_placeholder(secret.get_secret_value()):
                raise ValueError(f"{name} still holds a placeholder value")
        if self.vitec_username is not None and _is_placeholder(self.vitec_username):
            raise ValueError("VITEC_USERNAME still holds a placeholder value")
        if self.slack_app_token is not None and not self.slack_app_token.get_secret_value():
            raise ValueError("SLACK_APP_TOKEN is set but empty")
        notification = self.vitec_notification_secret
        if notification is not None and not _strong_path_secret(notification.get_secret_value()):
            raise ValueError(
                "VITEC_NOTIFICATION_SECRET must be at least 32 letters, digits, - or _ "
                "(e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )
        if self.metrics_token is not None:
            token = self.metrics_token.get_secret_value()
            if len(token) < MIN_METRICS_TOKEN or _is_placeholder(token) or token != token.strip():
                raise ValueError(
                    f"METRICS_TOKEN must be at least {MIN_METRICS_TOKEN} characters, without "
                    "surrounding spaces, and no placeholder"
                )
        return self

    @field_validator("visningsbot_secret_key")
    @classmethod
    def _sealing_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            Sealer(value.get_secret_value())  # SealingKeyError (a ValueError) says what is wrong
        return value

    @property
    def allowed_lead_sources(self) -> frozenset[str] | None:
        """The lead sources agents may choose, or None when every active source is allowed."""
        if not self.vitec_lead_sources:
            return None
        return frozenset(s.strip() for s in self.vitec_lead_sources.split(",") if s.strip())

    @field_validator("allowed_channels")
    @classmethod
    def _channel_ids(cls, value: str | None) -> str | None:
        for channel_id in _items(value):
            if not _CHANNEL_ID.fullmatch(channel_id):
                raise ValueError(f"{channel_id!r} is not a channel id (like C0123ABCD)")
        return value

    @field_validator("allowed_usergroups", "manager_usergroups")
    @classmethod
    def _usergroups(cls, value: str | None) -> str | None:
        for group in _items(value):
            if not _USERGROUP.fullmatch(group):
                raise ValueError(f"{group!r} is neither a user group handle nor an id")
        return value

    @property
    def access(self) -> AccessSettings:
        """Who may use the bot beyond "every full member", and who may undo others' bookings."""
        return AccessSettings(
            usergroups=frozenset(g.removeprefix("@") for g in _items(self.allowed_usergroups)),
            channels=frozenset(_items(self.allowed_channels)),
            managers=frozenset(g.removeprefix("@") for g in _items(self.manager_usergroups)),
        )

    @property
    def oauth(self) -> bool:
        """Whether the app installs into many workspaces through Slack's OAuth flow."""
        return self.slack_client_id is not None

    @property
    def single_workspace(self) -> SingleWorkspace:
        """The one workspace's token and Vitec office (single-workspace mode only)."""
        if (
            self.slack_bot_token is None
            or self.vitec_username is None
            or self.vitec_password is None
            or self.vitec_customer_id is None
        ):
            raise ConfigurationError("single-workspace settings are used in OAuth mode")
        return SingleWorkspace(
            bot_token=self.slack_bot_token,
            vitec_username=self.vitec_username,
            vitec_password=self.vitec_password,
            vitec_customer_id=self.vitec_customer_id,
        )

    @property
    def socket_mode(self) -> bool:
        """Whether to connect over Socket Mode instead of serving HTTP."""
        return self.slack_app_token is not None


def load_settings(env_file: Path | None = Path(".env"), **overrides: Any) -> Settings:
    """Build the settings from the environment and `.env` (environment wins), or explain."""
    try:
        return Settings(_env_file=env_file, **overrides)
    except ValidationError as exc:
        raise ConfigurationError(_explain(exc)) from None


def _explain(exc: ValidationError) -> str:
    lines = ["visningsbot cannot start; fix these settings (environment or .env):"]
    for error in exc.errors():
        name = ".".join(str(p) for p in error["loc"]).upper() or "configuration"
        message = "is missing" if error["type"] == "missing" else error["msg"]
        lines.append(f"  - {name}: {message}")
    return "\n".join(lines)

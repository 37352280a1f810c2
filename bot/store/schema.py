"""The ledger's tables, as the ORM sees them; migrations in `migrations/` create the same schema."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Enum,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from bot.store.audit_events import AuditAction
from bot.store.signups import SignupStatus

if TYPE_CHECKING:
    from sqlalchemy.engine import Dialect

# Named constraints make later migrations able to refer to them (SQLite's batch mode needs that).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, whatever the database keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError("naive datetime: the ledger stores only timezone-aware times")
        # SQLite keeps the wall-clock text and drops the offset, so everything is stored as UTC;
        # that also keeps SQLite's text comparisons (lease expiry, retention) in time order.
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of the ledger's tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute as configuration
        datetime: UtcDateTime(),
        dict[str, Any]: JSON(),
    }


# Ids from Slack and Vitec are short tokens; the bound keeps a bad caller from storing megabytes.
_ID = String(100)

STATUS_TYPE = Enum(
    SignupStatus,
    name="status",
    native_enum=False,
    create_constraint=True,
    # Room for longer status names later without altering the column.
    length=32,
    values_callable=lambda statuses: [status.value for status in statuses],
    validate_strings=True,
)


class SignupRow(Base):
    """One booking attempt: written before the Vitec call, its outcome after it."""

    __tablename__ = "signups"
    __table_args__ = (
        # `/visning historik` and App Home: one agent's attempts, newest first.
        Index("ix_signups_agent_created", "team_id", "user_id", "created_at"),
        # Reconciliation: open attempts whose claim has run out.
        Index("ix_signups_status_claim", "status", "claim_expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    team_id: Mapped[str] = mapped_column(_ID)
    user_id: Mapped[str] = mapped_column(_ID)
    channel_id: Mapped[str | None] = mapped_column(_ID)
    response_url: Mapped[str | None] = mapped_column(Text)
    customer_id: Mapped[str] = mapped_column(_ID)
    estate_id: Mapped[str] = mapped_column(_ID)
    viewing_id: Mapped[str] = mapped_column(_ID)
    time_slot_id: Mapped[str] = mapped_column(_ID)
    contact_id: Mapped[str] = mapped_column(_ID)
    slot_starts_at: Mapped[datetime]
    slot_ends_at: Mapped[datetime]
    contact_name: Mapped[str | None] = mapped_column(Text)
    estate_address: Mapped[str] = mapped_column(Text)
    booking: Mapped[dict[str, Any]]
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[SignupStatus] = mapped_column(STATUS_TYPE)
    vitec_message: Mapped[str | None] = mapped_column(Text)
    error_field: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    attempts: Mapped[int]
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claim_expires_at: Mapped[datetime | None]
    purged: Mapped[bool]
    notified: Mapped[bool]
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    contact_origin: Mapped[str | None] = mapped_column(String(16))
    """For a new contact: "created" or "found" (Vitec's duplicate check); else None."""


AUDIT_ACTION_TYPE = Enum(
    AuditAction,
    name="action",
    native_enum=False,
    create_constraint=True,
    length=16,
    values_callable=lambda actions: [action.value for action in actions],
    validate_strings=True,
)


class AuditRow(Base):
    """One thing an agent did with the office's contacts: searched, booked, undid, was refused.

    Ids only, never names: this is the record a data-protection officer reads, and it is
    deleted after the retention period like the rest of the ledger.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        # `visningsbot audit --since …` and the retention purge both read by time.
        Index("ix_audit_events_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    team_id: Mapped[str] = mapped_column(_ID)
    user_id: Mapped[str] = mapped_column(_ID)
    action: Mapped[AuditAction] = mapped_column(AUDIT_ACTION_TYPE)
    detail: Mapped[str | None] = mapped_column(String(32))
    """Search: how the contact was looked up; booking: its outcome; refusal: the reason."""
    customer_id: Mapped[str | None] = mapped_column(_ID)
    result_count: Mapped[int | None]
    contact_ids: Mapped[list[str]] = mapped_column(JSON())
    signup_id: Mapped[int | None]
    viewing_id: Mapped[str | None] = mapped_column(_ID)
    time_slot_id: Mapped[str | None] = mapped_column(_ID)


class FollowRow(Base):
    """A channel that follows an estate: bookings made elsewhere on it are posted there."""

    __tablename__ = "estate_follows"
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", "customer_id", "estate_id"),
        # A notification names the office and the estate: which channels follow it.
        Index("ix_estate_follows_estate", "customer_id", "estate_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(_ID)
    channel_id: Mapped[str] = mapped_column(_ID)
    customer_id: Mapped[str] = mapped_column(_ID)
    estate_id: Mapped[str] = mapped_column(_ID)
    user_id: Mapped[str] = mapped_column(_ID)
    """Who started following, for the channel's record of it."""
    created_at: Mapped[datetime]


class NotificationRow(Base):
    """A Vitec notification handled once: its digest, so a repeated delivery is recognised."""

    __tablename__ = "vitec_notifications"
    __table_args__ = (Index("ix_vitec_notifications_received_at", "received_at"),)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime]


# Background work shared by the processes on one PostgreSQL database (bot.store.coordination).
loop_rounds = Table(
    "loop_rounds",
    Base.metadata,
    Column("job", String(64), primary_key=True),
    Column("started_at", UtcDateTime(), nullable=False),
    Column("holder", String(200), nullable=False),
    comment="When each background loop's last round started, and in which process.",
)
estate_cache = Table(
    "estate_cache",
    Base.metadata,
    Column("customer_id", _ID, primary_key=True),
    Column("refreshed_at", UtcDateTime(), nullable=False),
    Column("failed", Integer(), nullable=False),
    Column("payload", JSON(), nullable=False),
    comment="The office's estate list as last read from Vitec, for every process to load.",
)


class VitecConnectionRow(Base):
    """One office (customerId) a workspace books in: its Vitec account, the password sealed.

    Vitec issues one password per office, so a workspace holds one row per office.
    """

    __tablename__ = "vitec_connections"

    team_id: Mapped[str] = mapped_column(_ID, primary_key=True)
    customer_id: Mapped[str] = mapped_column(_ID, primary_key=True)
    username: Mapped[str] = mapped_column(String(200))
    sealed_password: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(_ID)
    updated_at: Mapped[datetime]


class WorkspaceSettingsRow(Base):
    """Who besides the workspace's admins may change its Vitec connections."""

    __tablename__ = "workspace_settings"

    team_id: Mapped[str] = mapped_column(_ID, primary_key=True)
    settings_usergroup: Mapped[str | None] = mapped_column(_ID)
    """A user group (id) whose members may see and change the settings."""
    updated_at: Mapped[datetime]


class ChannelOfficeRow(Base):
    """The office a channel books in unless the agent picks an estate of another."""

    __tablename__ = "channel_offices"

    team_id: Mapped[str] = mapped_column(_ID, primary_key=True)
    channel_id: Mapped[str] = mapped_column(_ID, primary_key=True)
    customer_id: Mapped[str] = mapped_column(_ID)
    updated_at: Mapped[datetime]


# Slack's installations and OAuth states, kept by slack_sdk's SQLAlchemy stores; declared here
# (as slack_sdk builds them) so the migration and the code are checked against each other.
SLACK_INSTALLATIONS = SQLAlchemyInstallationStore.build_installations_table(
    Base.metadata, "slack_installations"
)
SLACK_BOTS = SQLAlchemyInstallationStore.build_bots_table(Base.metadata, "slack_bots")
SLACK_OAUTH_STATES = SQLAlchemyOAuthStateStore.build_oauth_states_table(
    Base.metadata, "slack_oauth_states"
)

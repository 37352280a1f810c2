"""The sign-up ledger: SQLAlchemy (async) on SQLite by default, PostgreSQL by URL."""

from bot.store.audit import AuditTrail
from bot.store.audit_events import AuditAction, AuditEvent, NewAuditEvent
from bot.store.engine import DatabaseTimeouts, DatabaseUrlError
from bot.store.inbound import Follow, FollowLimitError, Inbound, notification_key
from bot.store.ledger import (
    ClaimLostError,
    Ledger,
    LedgerError,
    LedgerUnavailableError,
    SignupNotFoundError,
    TransitionError,
)
from bot.store.migrate import migrate
from bot.store.signups import NewSignup, Signup, SignupStatus, idempotency_key

__all__ = [
    "AuditAction",
    "AuditEvent",
    "AuditTrail",
    "ClaimLostError",
    "DatabaseTimeouts",
    "DatabaseUrlError",
    "Follow",
    "FollowLimitError",
    "Inbound",
    "Ledger",
    "LedgerError",
    "LedgerUnavailableError",
    "NewAuditEvent",
    "NewSignup",
    "Signup",
    "SignupNotFoundError",
    "SignupStatus",
    "TransitionError",
    "idempotency_key",
    "migrate",
    "notification_key",
]

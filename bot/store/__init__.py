"""The sign-up ledger: SQLAlchemy (async) on SQLite by default, PostgreSQL by URL."""

from bot.store.audit import AuditTrail
from bot.store.audit_events import AuditAction, AuditEvent, NewAuditEvent
from bot.store.coordination import Backlog, Coordination, SharedEstates
from bot.store.engine import DatabaseTimeouts, DatabaseUrlError
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
    "Backlog",
    "ClaimLostError",
    "Coordination",
    "DatabaseTimeouts",
    "DatabaseUrlError",
    "Ledger",
    "LedgerError",
    "LedgerUnavailableError",
    "NewAuditEvent",
    "NewSignup",
    "SharedEstates",
    "Signup",
    "SignupNotFoundError",
    "SignupStatus",
    "TransitionError",
    "idempotency_key",
    "migrate",
]

"""The sign-up ledger: SQLAlchemy (async) on SQLite by default, PostgreSQL by URL."""

from bot.store.audit import AuditTrail
from bot.store.audit_events import AuditAction, AuditEvent, NewAuditEvent
from bot.store.coordination import Backlog, Coordination, SharedEstates
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
from bot.store.signups import (
    ContactOrigin,
    NewSignup,
    Signup,
    SignupStatus,
    idempotency_key,
    is_stand_in,
    new_contact_key,
    stand_in_contact_id,
)

__all__ = [
    "AuditAction",
    "AuditEvent",
    "AuditTrail",
    "Backlog",
    "ClaimLostError",
    "ContactOrigin",
    "Coordination",
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
    "SharedEstates",
    "Signup",
    "SignupNotFoundError",
    "SignupStatus",
    "TransitionError",
    "idempotency_key",
    "is_stand_in",
    "migrate",
    "new_contact_key",
    "notification_key",
    "stand_in_contact_id",
]

"""The sign-up ledger: each booking attempt is recorded before the Vitec call, its outcome after."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Self, TypeVar

from sqlalchemy import and_, bindparam, case, delete, func, insert, not_, or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.clock import utc_now
from bot.store.audit import AuditTrail
from bot.store.audit_events import AuditAction
from bot.store.coordination import Coordination
from bot.store.engine import (
    DEFAULT_TIMEOUTS,
    DatabaseTimeouts,
    create_engine,
    for_writing,
    sqlite_writer_engine,
)
from bot.store.inbound import Inbound
from bot.store.migrate import upgrade
from bot.store.schema import AuditRow, SignupRow
from bot.store.signups import (
    ANNOUNCED,
    NOT_BOOKED,
    ON_THE_SLOT,
    OPEN_STATUSES,
    OUTCOMES,
    PROBLEMS,
    NewSignup,
    Signup,
    SignupStatus,
)
from bot.store.writes import WriteTransactions

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable
    from types import TracebackType

    from pydantic import SecretStr
    from sqlalchemy import ColumnElement, Row, Select, Table
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
    from sqlalchemy.sql.base import ReadOnlyColumnCollection
    from sqlalchemy.sql.dml import Insert, Update
    from sqlalchemy.sql.elements import KeyedColumnElement

# The AddViewingParticipant keys that say nothing about the contact. Purging keeps only these
# (an allow-list, so a field Vitec adds later is dropped rather than kept by accident).
_NON_PERSONAL_BOOKING_KEYS = frozenset(
    {
        "participated",
        "reminderTime",
        "smsReminder",
        "mailConfirmation",
        "smsConfirmation",
        "leadSourceId",
        "options",
    }
)

_T = TypeVar("_T")

_PURGE_BATCH = 200
_HASH_PREFIX = "sha256:"

# What a database that is down, unreachable or too slow raises, through SQLAlchemy or around it.
_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeoutError, OSError, TimeoutError)

# Fields a resubmission of the same form may change; the key and the first creation time stay.
_RETAKEN_FIELDS = tuple(
    f.name
    for f in dataclasses.fields(Signup)
    if f.name not in {"id", "idempotency_key", "created_at", "attempts"}
)


Office = tuple[str, str]
"""A workspace's office: (Slack team_id, Vitec customerId)."""


class LedgerError(Exception):
    """Base of the errors the ledger raises."""


class LedgerUnavailableError(LedgerError):
    """The database did not answer (down, unreachable, locked or too slow); nothing was written."""


class SignupNotFoundError(LedgerError, LookupError):
    """No attempt has that id."""

    def __init__(self, signup_id: int) -> None:
        super().__init__(f"no sign-up with id {signup_id}")
        self.signup_id = signup_id


class TransitionError(LedgerError):
    """The attempt's state does not allow the change; `signup` is how it stands now."""

    def __init__(self, signup: Signup, change: str, *, reason: str | None = None) -> None:
        super().__init__(
            f"cannot {change} sign-up {signup.id}: {reason or f'it is {signup.status}'}"
        )
        self.signup = signup


class ClaimLostError(TransitionError):
    """Another worker took the attempt over after this worker's lease ran out."""

    def __init__(self, signup: Signup, change: str) -> None:
        super().__init__(signup, change, reason="another worker holds it")


class Ledger:
    """Booking attempts in SQLite or PostgreSQL, safe to share between processes."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        clock: Callable[[], datetime] = utc_now,
        writer: Engine | None = None,
        timeouts: DatabaseTimeouts = DEFAULT_TIMEOUTS,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._reads = async_sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = async_sessionmaker(for_writing(engine), expire_on_commit=False)
        # SQLite has one writer at a time. Connections of this process take turns here, at once
        # and in order, instead of in SQLite's busy handler, which sleeps in growing steps and
        # turns a burst of bookings into seconds of waiting. Other processes still wait there.
        self._write_turn = asyncio.Lock() if engine.dialect.name == "sqlite" else None
        # The booking path's writes: Core statements built once, one transaction per hop.
        self._writes = WriteTransactions(
            for_writing(engine), blocking=writer, turn=self._write_turn, busy_timeout=timeouts.busy
        )
        self._statements = _Statements(engine.dialect.name)
        self.audit = AuditTrail(self._write, self._reads, self._now, run=self._run)
        """Who searched, booked and undid what: in the same database, written the same way."""
        self.inbound = Inbound(self._write, self._reads, self._now, engine.dialect.name)
        """Channels following estates and Vitec notifications handled, in the same database."""
        self.coordination = Coordination(engine, clock=self._now)
        """Turns at the background loops and the shared estate list, for several processes."""

    @classmethod
    async def open(
        cls,
        database_url: str | SecretStr,
        *,
        clock: Callable[[], datetime] = utc_now,
        migrate: bool = True,
        timeouts: DatabaseTimeouts = DEFAULT_TIMEOUTS,
    ) -> Ledger:
        """Connect to the database at the URL and, unless told not to, migrate it to head."""
        engine = await create_engine(database_url, timeouts=timeouts)
        try:
            if migrate:
                await upgrade(engine)
        except _UNAVAILABLE as exc:
            await engine.dispose()
            raise _unavailable(exc) from exc
        except BaseException:
            await engine.dispose()
            raise
        writer = sqlite_writer_engine(engine, timeouts=timeouts)
        return cls(engine, clock=clock, writer=writer, timeouts=timeouts)

    @contextlib.asynccontextmanager
    async def _write(self) -> AsyncIterator[AsyncSession]:
        """A write transaction (immediate on SQLite), committed when the block ends.

        A database that does not answer raises LedgerUnavailableError, so callers can tell an
        outage (try again later) from a state the ledger refuses.
        """
        try:
            async with contextlib.AsyncExitStack() as stack:
                if self._write_turn is not None:
                    await stack.enter_async_context(self._write_turn)
                yield await stack.enter_async_context(self._write_sessions.begin())
        except _UNAVAILABLE as exc:
            raise _unavailable(exc) from exc

    async def _run(self, work: Callable[[Connection], _T]) -> _T:
        """One write transaction on the booking path; an outage is LedgerUnavailableError."""
        try:
            return await self._writes.run(work)
        except _UNAVAILABLE as exc:
            raise _unavailable(exc) from exc

    async def close(self) -> None:
        """Close every pooled connection."""
        await self._writes.close()
        await self._engine.dispose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    # --- the booking path ----------------------------------------------------------------------

    async def begin(self, new: NewSignup, *, worker: str, lease: timedelta) -> tuple[Signup, bool]:
        """Record an attempt before calling Vitec; True means this caller now owns the Vitec call.

        The first delivery of a submission inserts the row and owns it, holding a claim for
        `lease`. Every other delivery gets the row as it stands (pending, or the outcome) and
        False. A submission whose earlier try was refused or failed (certainly not booked) is
        taken on again, with the new details, and owned anew.
        """
        now = self._now()
        values: dict[str, Any] = {
            **dataclasses.asdict(new),
            "status": SignupStatus.PENDING,
            "vitec_message": None,
            "error_field": None,
            # Known once Vitec has answered a new contact's booking (assign_contact).
            "contact_origin": None,
            "created_at": now,
            "updated_at": now,
            "finished_at": None,
            "attempts": 1,
            "claimed_by": worker,
            "claim_expires_at": now + _positive(lease, "lease"),
            "purged": False,
            "notified": False,
        }
        statements = self._statements

        # One statement decides ownership: concurrent deliveries meet on the unique key inside
        # the database, so there is no window between "is it there?" and "insert it".
        def record(connection: Connection) -> tuple[Signup, bool]:
            owned = connection.execute(statements.upsert, values).one_or_none()
            if owned is not None:
                return _signup(owned), True
            existing = connection.execute(
                statements.by_key, {"key": new.idempotency_key}
            ).one_or_none()
            if existing is None:  # pragma: no cover - the conflict proves the row exists
                raise LedgerError("the conflicting sign-up vanished")
            return _signup(existing), False

        return await self._run(record)

    async def finish(
        self,
        signup_id: int,
        status: SignupStatus,
        *,
        message: str | None = None,
        error_field: str | None = None,
        worker: str | None = None,
        audited: bool = False,
    ) -> Signup:
        """Record the outcome of a pending or unknown attempt and release its claim.

        With `worker`, the outcome is only recorded while no other worker holds the attempt.
        With `audited`, the outcome is added to the audit trail in the same transaction.
        """
        if status not in OUTCOMES:
            raise ValueError(f"{status} is not an outcome of a booking attempt")
        now = self._now()
        params = {
            "signup_id": signup_id,
            "worker": worker,
            "now": now,
            "new_status": status,
            "new_message": message,
            "new_error_field": error_field,
        }
        statements = self._statements
        settle = statements.finish if worker is None else statements.finish_for_worker

        def record(connection: Connection) -> Signup:
            row = connection.execute(settle, params).one_or_none()
            if row is None:
                current = _current_row(connection, signup_id)
                if current.status in OPEN_STATUSES:
                    raise ClaimLostError(current, "finish")
                raise TransitionError(current, "finish")
            finished = _signup(row)
            if audited:
                connection.execute(statements.audit, _outcome_event(finished, now))
            return finished

        return await self._run(record)

    async def claim_stale(
        self, *, worker: str, lease: timedelta, limit: int = 50, office: Office | None = None
    ) -> list[Signup]:
        """Take over open attempts whose claim ran out (oldest first), for reconciliation.

        With ``office`` (workspace, customerId) only that office's attempts are taken.
        """
        now = self._now()
        return await self._claim(
            and_(_claimable(now), _of(office)),
            worker=worker,
            lease=lease,
            limit=limit,
            now=now,
            retry=True,
        )

    async def claim_unnotified(
        self,
        *,
        worker: str,
        lease: timedelta,
        grace: timedelta,
        limit: int = 50,
        office: Office | None = None,
    ) -> list[Signup]:
        """Take over settled attempts nobody told the agent about (their process died first).

        Only outcomes older than `grace` are taken, so the process that settled one has had time
        to report it itself. With ``office`` only that office's attempts are taken.
        """
        now = self._now()
        untold = and_(
            _of(office),
            SignupRow.status.in_(ANNOUNCED),
            SignupRow.notified.is_(False),
            SignupRow.purged.is_(False),
            SignupRow.finished_at <= now - _positive(grace, "grace"),
            or_(SignupRow.claim_expires_at.is_(None), SignupRow.claim_expires_at <= now),
        )
        return await self._claim(untold, worker=worker, lease=lease, limit=limit, now=now)

    async def _claim(
        self,
        claimable: ColumnElement[bool],
        *,
        worker: str,
        lease: timedelta,
        limit: int,
        now: datetime,
        retry: bool = False,
    ) -> list[Signup]:
        expires = now + _positive(lease, "lease")
        # Pick and take in one transaction. The pick locks its rows: on PostgreSQL with FOR
        # UPDATE SKIP LOCKED, so a concurrent claimer passes over them instead of waiting and then
        # finding them gone; on SQLite the transaction began IMMEDIATE, so it is the only writer.
        # The take repeats the claimable test as a compare-and-set, so a row that stopped being
        # claimable in between is never taken.
        pick = (
            select(SignupRow.id)
            .where(claimable)
            .order_by(SignupRow.created_at, SignupRow.id)
            .limit(_positive_int(limit, "limit"))
            .with_for_update(skip_locked=True)
        )
        changes: dict[str, Any] = {
            "claimed_by": worker,
            "claim_expires_at": expires,
            "updated_at": now,
        }
        if retry:
            changes["attempts"] = SignupRow.attempts + 1
        async with self._write() as session:
            picked = list((await session.scalars(pick)).all())
            if not picked:
                return []
            take = (
                update(SignupRow)
                .where(SignupRow.id.in_(picked), claimable)
                .values(**changes)
                .returning(SignupRow)
            )
            claimed = [_signup(row) for row in (await session.scalars(take)).all()]
        return sorted(claimed, key=lambda s: (s.created_at, s.id))

    async def assign_contact(
        self, signup_id: int, contact_id: str, origin: str | None, *, worker: str | None = None
    ) -> Signup:
        """Give a new contact's open attempt the contact id Vitec answered, and how it got it.

        With `worker`, only while no other worker holds the attempt (as `finish`).
        """
        now = self._now()
        conditions = [SignupRow.id == signup_id, SignupRow.status.in_(OPEN_STATUSES)]
        if worker is not None:
            conditions.append(_free_for(worker, now))
        statement = (
            update(SignupRow)
            .where(*conditions)
            .values(contact_id=contact_id, contact_origin=origin, updated_at=now)
            .returning(SignupRow)
        )
        async with self._write() as session:
            row = (await session.execute(statement)).scalar_one_or_none()
            if row is None:
                current = await _current(session, signup_id)
                if current.status in OPEN_STATUSES:
                    raise ClaimLostError(current, "assign contact")
                raise TransitionError(current, "assign contact")
            return _signup(row)

    async def mark_notified(self, signup_id: int) -> None:
        """Note that the agent has been told the attempt's current outcome (and let it go)."""
        params = {"signup_id": signup_id, "now": self._now()}
        told = self._statements.told

        def record(connection: Connection) -> None:
            if connection.execute(told, params).one_or_none() is None:
                raise SignupNotFoundError(signup_id)

        await self._run(record)

    async def mark_removed(self, signup_id: int) -> Signup:
        """Record that the participant was deleted in Vitec ("Ångra"); repeating it is harmless."""
        statement = (
            update(SignupRow)
            .where(SignupRow.id == signup_id, SignupRow.status.in_(ON_THE_SLOT))
            .values(status=SignupStatus.REMOVED, updated_at=self._now())
            .returning(SignupRow)
        )
        async with self._write() as session:
            row = (await session.execute(statement)).scalar_one_or_none()
            if row is not None:
                return _signup(row)
            current = await _current(session, signup_id)
            if current.status is SignupStatus.REMOVED:
                return current
            raise TransitionError(current, "remove")

    # --- what agents see -----------------------------------------------------------------------

    async def get(self, signup_id: int) -> Signup | None:
        """The attempt with this id, if any."""
        async with self._reads.begin() as session:
            row = await session.get(SignupRow, signup_id)
            return None if row is None else _signup(row)

    async def by_key(self, idempotency_key: str) -> Signup | None:
        """The attempt recorded under this idempotency key, if any."""
        statement = select(SignupRow).where(SignupRow.idempotency_key == idempotency_key)
        async with self._reads.begin() as session:
            row = await session.scalar(statement)
            return None if row is None else _signup(row)

    async def recent(
        self, *, team_id: str, user_id: str, channel_id: str | None = None, limit: int = 10
    ) -> list[Signup]:
        """An agent's latest attempts, newest first; only one channel's when it is given."""
        statement = select(SignupRow).where(
            SignupRow.team_id == team_id, SignupRow.user_id == user_id
        )
        if channel_id is not None:
            statement = statement.where(SignupRow.channel_id == channel_id)
        return await self._all(
            statement.order_by(SignupRow.created_at.desc(), SignupRow.id.desc()).limit(
                _positive_int(limit, "limit")
            )
        )

    async def upcoming(self, *, team_id: str, user_id: str, limit: int = 10) -> list[Signup]:
        """An agent's contacts on viewings that are not over yet, soonest first."""
        statement = (
            select(SignupRow)
            .where(
                SignupRow.team_id == team_id,
                SignupRow.user_id == user_id,
                SignupRow.status.in_(ON_THE_SLOT),
                # Ends, not starts: a viewing going on right now is still worth showing.
                SignupRow.slot_ends_at > self._now(),
            )
            .order_by(SignupRow.slot_starts_at, SignupRow.id)
            .limit(_positive_int(limit, "limit"))
        )
        return await self._all(statement)

    async def recent_failures(self, *, team_id: str, user_id: str, limit: int = 5) -> list[Signup]:
        """An agent's refused, failed and unresolved attempts, newest first."""
        statement = (
            select(SignupRow)
            .where(
                SignupRow.team_id == team_id,
                SignupRow.user_id == user_id,
                SignupRow.status.in_(PROBLEMS),
            )
            .order_by(SignupRow.created_at.desc(), SignupRow.id.desc())
            .limit(_positive_int(limit, "limit"))
        )
        return await self._all(statement)

    # --- retention -----------------------------------------------------------------------------

    async def purge(self, *, older_than: timedelta) -> int:
        """Forget attempts older than `older_than`; returns how many rows were deleted or blanked.

        A settled attempt is deleted once its outcome is that old. An attempt whose outcome never
        became known is kept whole while reconciliation may still settle it: until both the
        attempt and its viewing are that old. Then it is blanked (names, messages, the response
        URL and the contact message go; the contact id is replaced by its hash), so the ledger
        still says that someone may be on that viewing, and deleted once the blanking is that
        old. Running it again finds nothing new.
        """
        now = self._now()
        cutoff = now - _positive(older_than, "older_than")
        # A row some process holds right now (reconciling, announcing) is left to it this time.
        unclaimed = or_(SignupRow.claim_expires_at.is_(None), SignupRow.claim_expires_at <= now)
        settled_long_ago = and_(
            not_(SignupRow.status.in_(OPEN_STATUSES)),
            func.coalesce(SignupRow.finished_at, SignupRow.created_at) < cutoff,
            unclaimed,
        )
        blanked_long_ago = and_(SignupRow.purged.is_(True), SignupRow.updated_at < cutoff)
        never_settled = and_(
            SignupRow.status.in_(OPEN_STATUSES),
            SignupRow.purged.is_(False),
            SignupRow.created_at < cutoff,
            SignupRow.slot_ends_at < cutoff,
            unclaimed,
        )
        deleted = await self._delete_where(or_(settled_long_ago, blanked_long_ago))
        return deleted + await self._blank_where(never_settled)

    async def _delete_where(self, due: ColumnElement[bool]) -> int:
        # Each batch is picked and deleted in one transaction, locked the way claim_stale locks:
        # concurrent purges (one per process) pass over each other's rows, so each row counts once.
        pick = (
            select(SignupRow.id)
            .where(due)
            .order_by(SignupRow.id)
            .limit(_PURGE_BATCH)
            .with_for_update(skip_locked=True)
        )
        deleted = 0
        while True:
            async with self._write() as session:
                picked = list((await session.scalars(pick)).all())
                if not picked:
                    return deleted
                await session.execute(delete(SignupRow).where(SignupRow.id.in_(picked)))
            deleted += len(picked)

    async def _blank_where(self, due: ColumnElement[bool]) -> int:
        pick = (
            select(SignupRow.id, SignupRow.contact_id, SignupRow.booking)
            .where(due)
            .order_by(SignupRow.id)
            .limit(_PURGE_BATCH)
            .with_for_update(skip_locked=True)
        )
        blanked = 0
        while True:
            now = self._now()
            async with self._write() as session:
                batch = (await session.execute(pick)).all()
                if not batch:
                    return blanked
                for signup_id, contact_id, booking in batch:
                    await session.execute(
                        update(SignupRow)
                        .where(SignupRow.id == signup_id)
                        .values(
                            contact_id=hashed_contact_id(contact_id),
                            contact_name=None,
                            response_url=None,
                            vitec_message=None,
                            booking=_non_personal(booking),
                            purged=True,
                            updated_at=now,
                        )
                    )
            blanked += len(batch)

    # --- internals -----------------------------------------------------------------------------

    def _now(self) -> datetime:
        now = self._clock()
        if now.utcoffset() is None:
            raise ValueError("the ledger's clock must return timezone-aware datetimes")
        return now.astimezone(UTC)

    async def _all(self, statement: Select[SignupRow]) -> list[Signup]:
        async with self._reads.begin() as session:
            return [_signup(row) for row in (await session.scalars(statement)).all()]


SIGNUPS: Table = SignupRow.metadata.tables["signups"]
AUDIT_EVENTS: Table = AuditRow.metadata.tables["audit_events"]


class _Statements:
    """The booking path's statements, built once: each execution only binds its values."""

    def __init__(self, dialect: str) -> None:
        t = SIGNUPS.c
        insert_values = {
            c.name: bindparam(c.name, type_=c.type) for c in SIGNUPS.c if c.name != "id"
        }
        dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        proposed = dialect_insert(SIGNUPS).values(insert_values)
        self.upsert = proposed.on_conflict_do_update(
            index_elements=[t.idempotency_key],
            set_=_retaken(proposed.excluded),
            where=t.status.in_(NOT_BOOKED),
        ).returning(*SIGNUPS.c)
        self.by_key = select(SIGNUPS).where(t.idempotency_key == bindparam("key"))
        self.finish = _settling(t.id == bindparam("signup_id"), t.status.in_(OPEN_STATUSES))
        self.finish_for_worker = _settling(
            t.id == bindparam("signup_id"),
            t.status.in_(OPEN_STATUSES),
            or_(
                t.claimed_by.is_(None),
                t.claimed_by == bindparam("worker"),
                t.claim_expires_at <= bindparam("now"),
            ),
        )
        open_now = t.status.in_(OPEN_STATUSES)
        self.told = (
            update(SIGNUPS)
            .where(t.id == bindparam("signup_id"))
            .values(
                notified=True,
                updated_at=bindparam("now"),
                # Only a settled attempt is announced; a claim on it was taken to announce it.
                claimed_by=case((open_now, t.claimed_by)),
                claim_expires_at=case((open_now, t.claim_expires_at)),
            )
            .returning(t.id)
        )
        self.audit: Insert = insert(AUDIT_EVENTS).values(_bound(AUDIT_EVENTS))


def _bound(table: Table) -> dict[str, Any]:
    """A value for every column but the id, bound by the column's name at execution."""
    return {c.name: bindparam(c.name, type_=c.type) for c in table.c if c.name != "id"}


def _settling(*conditions: ColumnElement[bool]) -> Update:
    return (
        update(SIGNUPS)
        .where(*conditions)
        .values(
            status=bindparam("new_status", type_=SIGNUPS.c.status.type),
            vitec_message=bindparam("new_message", type_=SIGNUPS.c.vitec_message.type),
            error_field=bindparam("new_error_field", type_=SIGNUPS.c.error_field.type),
            finished_at=bindparam("now", type_=SIGNUPS.c.finished_at.type),
            updated_at=bindparam("now", type_=SIGNUPS.c.updated_at.type),
            claimed_by=None,
            claim_expires_at=None,
            # A new outcome is news to the agent, also after they heard "unknown".
            notified=False,
        )
        .returning(*SIGNUPS.c)
    )


def _outcome_event(signup: Signup, now: datetime) -> dict[str, Any]:
    """The audit record of an attempt's outcome, under the agent who made it."""
    return {
        "at": now,
        "team_id": signup.team_id,
        "user_id": signup.user_id,
        "action": AuditAction.BOOK,
        "detail": str(signup.status),
        "customer_id": signup.customer_id,
        "result_count": None,
        "contact_ids": [signup.contact_id],
        "signup_id": signup.id,
        "viewing_id": signup.viewing_id,
        "time_slot_id": signup.time_slot_id,
    }


def _current_row(connection: Connection, signup_id: int) -> Signup:
    row = connection.execute(select(SIGNUPS).where(SIGNUPS.c.id == signup_id)).one_or_none()
    if row is None:
        raise SignupNotFoundError(signup_id)
    return _signup(row)


def _unavailable(exc: BaseException) -> LedgerUnavailableError:
    # The type names the kind of failure (timeout, refused, locked); the exception's own text
    # may quote the statement, so it stays in the chained cause for a traceback.
    return LedgerUnavailableError(f"the ledger's database did not answer ({type(exc).__name__})")


def hashed_contact_id(contact_id: str) -> str:
    """What a blanked row keeps of a contact id: its SHA-256, matchable by whoever holds the id."""
    return _HASH_PREFIX + hashlib.sha256(contact_id.encode()).hexdigest()


def _retaken(proposed: ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]) -> dict[str, Any]:
    # A retaken attempt gets the resubmission's details and a fresh claim, and counts one more try.
    changes: dict[str, Any] = {name: proposed[name] for name in _RETAKEN_FIELDS}
    changes["attempts"] = SIGNUPS.c.attempts + 1
    return changes


def _of(office: Office | None) -> ColumnElement[bool]:
    if office is None:
        return true()
    team_id, customer_id = office
    return and_(SignupRow.team_id == team_id, SignupRow.customer_id == customer_id)


def _claimable(now: datetime) -> ColumnElement[bool]:
    return and_(
        SignupRow.status.in_(OPEN_STATUSES),
        SignupRow.purged.is_(False),
        or_(SignupRow.claim_expires_at.is_(None), SignupRow.claim_expires_at <= now),
    )


def _free_for(worker: str, now: datetime) -> ColumnElement[bool]:
    return or_(
        SignupRow.claimed_by.is_(None),
        SignupRow.claimed_by == worker,
        SignupRow.claim_expires_at <= now,
    )


async def _current(session: AsyncSession, signup_id: int) -> Signup:
    row = await session.get(SignupRow, signup_id, populate_existing=True)
    if row is None:
        raise SignupNotFoundError(signup_id)
    return _signup(row)


def _signup(row: SignupRow | Row[Any]) -> Signup:
    values = {field.name: getattr(row, field.name) for field in dataclasses.fields(Signup)}
    values["booking"] = dict(row.booking)
    return Signup(**values)


def _non_personal(booking: Any) -> dict[str, Any]:
    if not isinstance(booking, dict):
        return {}
    return {key: value for key, value in booking.items() if key in _NON_PERSONAL_BOOKING_KEYS}


def _positive(duration: timedelta, name: str) -> timedelta:
    if duration <= timedelta(0):
        raise ValueError(f"{name} must be positive")
    return duration


def _positive_int(value: int, name: str) -> int:
    if value < 1:
        raise ValueError(f"{name} must be at least 1")
    return value

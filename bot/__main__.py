"""The ``visningsbot`` command: run, check, migrate, new-key, reseal, purge, audit; and tools."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bot.clock import STOCKHOLM
from bot.logs import configure_logging
from bot.settings import ConfigurationError, Settings, load_settings

if TYPE_CHECKING:
    from bot.store import AuditEvent

AUDIT_COLUMNS = (
    "time",
    "team",
    "user",
    "action",
    "detail",
    "results",
    "signup",
    "office",
    "viewing",
    "slot",
    "contacts",
)
# Other distributions add subcommands under this entry point group: the local Vitec and Slack
# of the developer tools (`devtools/pyproject.toml`), which production never installs.
COMMANDS_GROUP = "visningsbot.commands"
MAX_WORKERS = 64
METRICS_DIRECTORY_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
"""prometheus_client's multiprocess mode: where each process writes its values."""


class Command(Protocol):
    """A subcommand another distribution adds to ``visningsbot`` through ``COMMANDS_GROUP``."""

    help: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Declare the subcommand's options."""

    def __call__(self, args: argparse.Namespace) -> int:
        """Run the subcommand; its exit status."""


def _run(settings: Settings, workers: int) -> int:
    problem = _workers_problem(settings, workers)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    if settings.socket_mode:
        from bot.socket_mode import run_socket_mode

        asyncio.run(run_socket_mode(settings))
        return 0
    # Before bot.server is imported: prometheus_client chooses where metrics live at import.
    with metrics_directory(workers):
        from bot.server import serve

        serve(settings, workers)
    return 0


@contextlib.contextmanager
def metrics_directory(workers: int) -> Iterator[Path | None]:
    """Where worker processes write their metrics, for whichever answers /metrics to add up.

    PROMETHEUS_MULTIPROC_DIR when set (made if missing, an earlier run's values cleared);
    with several workers and none set, a private directory of this run's own, removed at the
    end; with one process and none set, none (the metrics stay in memory).
    """
    given = os.environ.get(METRICS_DIRECTORY_VARIABLE)
    if given:
        directory = Path(given)
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        for stale in directory.glob("*.db"):
            if stale.name.startswith(("counter_", "gauge_", "histogram_", "summary_")):
                stale.unlink()
        yield directory
        return
    if workers == 1:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="visningsbot-metrics-") as made:
        # Inherited by the workers, each a new interpreter.
        os.environ[METRICS_DIRECTORY_VARIABLE] = made
        try:
            yield Path(made)
        finally:
            del os.environ[METRICS_DIRECTORY_VARIABLE]


def _workers_problem(settings: Settings, workers: int) -> str | None:
    """Why the bot cannot run in this many processes, or None when it can."""
    if workers == 1:
        return None
    if settings.socket_mode:
        return (
            "--workers is for HTTP mode: in Socket Mode one process holds the connection; "
            "unset SLACK_APP_TOKEN to serve HTTP, or run one process"
        )
    from bot.store.engine import DatabaseUrlError, async_database_url

    try:
        backend = async_database_url(settings.database_url).get_backend_name()
    except DatabaseUrlError as exc:
        return f"DATABASE_URL: {exc}"
    if backend != "postgresql":
        return (
            f"--workers {workers} needs PostgreSQL: SQLite has one writer at a time and the "
            "processes could not share the background work; set DATABASE_URL to a "
            "postgresql+asyncpg:// URL, or run one process"
        )
    return None


def _worker_count(text: str) -> int:
    """A number of worker processes from the command line: 1 to MAX_WORKERS."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= count <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_WORKERS}, got {count}")
    return count


def _check(settings: Settings, args: argparse.Namespace) -> int:
    from bot.check import DeepCheck, run_checks

    deep = DeepCheck(args.contact, args.email, args.phone) if args.deep else None
    return asyncio.run(run_checks(settings, deep))


def _migrate(settings: Settings) -> None:
    from bot.store import migrate

    asyncio.run(migrate(settings.database_url))
    print("database schema is up to date")


def _purge(settings: Settings) -> None:
    from bot.store import Ledger

    async def purge() -> tuple[int, int]:
        retention = timedelta(days=settings.retention_days)
        ledger = await Ledger.open(settings.database_url)
        try:
            purged = await ledger.purge(older_than=retention)
            return purged, await ledger.audit.purge(older_than=retention)
        finally:
            await ledger.close()

    purged, forgotten = asyncio.run(purge())
    print(f"purged {purged} sign-up(s) older than {settings.retention_days} days")
    print(f"deleted {forgotten} audit record(s) older than {settings.retention_days} days")


def _reseal(settings: Settings) -> int:
    from bot.store.sealing import Sealer
    from bot.store.workspaces import Workspaces

    if settings.visningsbot_secret_key is None:
        print("VISNINGSBOT_SECRET_KEY is not set: nothing is sealed", file=sys.stderr)
        return 2

    async def reseal() -> int:
        assert settings.visningsbot_secret_key is not None  # noqa: S101 - checked above
        sealer = Sealer(settings.visningsbot_secret_key.get_secret_value())
        workspaces = await Workspaces.open(settings.database_url, sealer)
        try:
            return await workspaces.reseal_all()
        finally:
            await workspaces.close()

    count = asyncio.run(reseal())
    print(f"sealed {count} Vitec password(s) under the first key; older keys may now go")
    return 0


def _moment(text: str) -> datetime:
    """A date or date and time from the command line; without a zone, the office's (Sweden)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date like 2026-11-01 or a time like 2026-11-01T08:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=STOCKHOLM)


def _audit(settings: Settings, since: datetime, until: datetime | None) -> None:
    from bot.store import Ledger

    async def read() -> list[AuditEvent]:
        ledger = await Ledger.open(settings.database_url)
        try:
            return await ledger.audit.since(since, until)
        finally:
            await ledger.close()

    for line in audit_table(asyncio.run(read())):
        print(line)


def audit_table(events: Iterable[AuditEvent]) -> Iterator[str]:
    """The audit trail as tab-separated lines, a header first: ids only, never names."""
    yield "\t".join(AUDIT_COLUMNS)
    for e in events:
        cells = (
            e.at.astimezone(STOCKHOLM).isoformat(timespec="seconds"),
            e.team_id,
            e.user_id,
            e.action.value,
            e.detail,
            e.result_count,
            e.signup_id,
            e.customer_id,
            e.viewing_id,
            e.time_slot_id,
            ",".join(e.contact_ids),
        )
        yield "\t".join("-" if c is None or c == "" else str(c) for c in cells)


def _add_installed_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> dict[str, Command]:
    """The subcommands installed distributions register, each added to ``commands``."""
    installed: dict[str, Command] = {}
    for entry in entry_points(group=COMMANDS_GROUP):
        command: Command = entry.load()
        command.add_arguments(commands.add_parser(entry.name, help=command.help))
        installed[entry.name] = command
    return installed


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``visningsbot`` command."""
    parser = argparse.ArgumentParser(prog="visningsbot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run", help="serve Slack (HTTP on PORT, or Socket Mode with SLACK_APP_TOKEN)"
    )
    run.add_argument(
        "--workers",
        type=_worker_count,
        default=1,
        metavar="N",
        help="HTTP mode in N processes sharing the port (needs PostgreSQL; default 1)",
    )
    check = commands.add_parser("check", help="verify the Slack token and the Vitec credentials")
    check.add_argument(
        "--deep",
        action="store_true",
        help="also try every read the bot makes once (reads only; prints no personal data)",
    )
    check.add_argument("--contact", metavar="TERM", help="a name to search for (--deep)")
    check.add_argument("--email", metavar="ADDRESS", help="an e-mail address to look up (--deep)")
    check.add_argument("--phone", metavar="NUMBER", help="a phone number to look up (--deep)")
    commands.add_parser("migrate", help="bring the database schema up to date")
    commands.add_parser("new-key", help="print a new key for VISNINGSBOT_SECRET_KEY (OAuth mode)")
    commands.add_parser(
        "reseal",
        help="seal every workspace's Vitec password again under the first VISNINGSBOT_SECRET_KEY",
    )
    commands.add_parser("purge", help="remove personal data older than RETENTION_DAYS")
    audit = commands.add_parser(
        "audit",
        help="who searched, booked and undid which contact (ids only), tab-separated",
    )
    audit.add_argument(
        "--since",
        type=_moment,
        required=True,
        help="from this date or time (Swedish time unless it names a zone), e.g. 2026-11-01",
    )
    audit.add_argument("--until", type=_moment, help="up to (not including) this date or time")

    installed = _add_installed_commands(commands)
    args = parser.parse_args(argv)
    if args.command in installed:
        return installed[args.command](args)
    if args.command == "new-key":
        from bot.store.sealing import Sealer

        print(Sealer.new_key())
        return 0

    try:
        settings = load_settings()
    except ConfigurationError as exc:
        print(exc, file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    from bot.store import LedgerUnavailableError

    try:
        if args.command == "run":
            return _run(settings, args.workers)
        if args.command == "check":
            return _check(settings, args)
        if args.command == "migrate":
            _migrate(settings)
        elif args.command == "purge":
            _purge(settings)
        elif args.command == "audit":
            _audit(settings, args.since, args.until)
        elif args.command == "reseal":
            return _reseal(settings)
    except LedgerUnavailableError as exc:
        print(f"{exc}: check DATABASE_URL and that the database is up", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

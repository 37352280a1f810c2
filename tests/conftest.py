"""Fixtures shared across the suite: the simulator and a Vitec client talking to it in-process."""

import logging
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import httpx
import pytest
from hypothesis import HealthCheck, settings

from bot.logs import QUIET_LIBRARIES
from bot.vitec.client import RetryPolicy, VitecClient, create_http_client
from devtools.simulator import Simulator, create_simulator, known
from tests.databases import database_url, postgres_database, postgres_url, sqlite_url

__all__ = ["database_url", "postgres_database", "postgres_url", "sqlite_url"]

FIXED_NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)

# Property tests draw the same examples on every run, so a failure reproduces and CI cannot be
# flaky; timing checks are left to the benchmark, not to a busy two-core test machine.
settings.register_profile(
    "visningsbot",
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
settings.load_profile("visningsbot")


async def no_sleep(_: float) -> None:
    """Retries in tests wait for nothing."""


@pytest.fixture
def simulator() -> Simulator:
    return create_simulator(now=lambda: FIXED_NOW, sleep=no_sleep)


def vitec_for(
    sim: Simulator, office: str = known.SODERMALM, password: str | None = None
) -> VitecClient:
    http = create_http_client(
        "http://vitec.test",
        known.USERNAME,
        password or known.PASSWORDS[office],
        transport=httpx.ASGITransport(sim.app),
    )
    return VitecClient(http, retry=RetryPolicy(), sleep=no_sleep, jitter=lambda: 0.5)


@pytest.fixture
async def vitec(simulator: Simulator) -> AsyncIterator[VitecClient]:
    client = vitec_for(simulator)
    yield client
    await client.aclose()


# --- No personal data or secrets in any log record of the whole run -------------------------------

SECRET_VALUES = (
    *known.PASSWORDS.values(),
    "xoxb-",
    "scenario-signing-secret",
    "Vill gärna se förrådet",
)
PERSONAL_PATTERNS = {
    "phone number": re.compile(r"(?<![\w-])(?:\+46|0)7\d[- ]?\d{3} ?\d{2} ?\d{2}(?!\d)"),
    "e-mail address": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),
    "personnummer": re.compile(r"(?<!\d)(?:19|20)?\d{6}[-+]\d{4}(?!\d)"),
    "contact id": re.compile(r"ADR[0-9A-F]{32}", re.IGNORECASE),
    # A failed statement quotes its bound values after this unless the engine hides them; they
    # are names, contact messages and response URLs.
    "bound parameters": re.compile(r"\[parameters: "),
}


class _Recorder(logging.Handler):
    """Keeps what an operator would read: INFO and up from everyone, everything from the bot."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO or record.name.startswith(("bot", "handlers")):
            self.lines.append(f"{record.name}: {self.format(record)}")


_RECORDER = _Recorder()


def leaks(lines: list[str]) -> list[str]:
    """Log lines holding a secret or personal data, each with what was found."""
    found = []
    for line in lines:
        for secret in SECRET_VALUES:
            if secret in line:
                found.append(f"secret {secret[:6]}… in: {line[:300]}")
        for name, pattern in PERSONAL_PATTERNS.items():
            if pattern.search(line):
                found.append(f"{name} in: {line[:300]}")
    return found


@pytest.fixture(autouse=True)
def _record_logs() -> Iterator[None]:
    # Re-attached for every test, since some tests reconfigure logging from scratch. Levels are
    # production's (configure_logging at INFO), so libraries log here what they would log there.
    root = logging.getLogger()
    if _RECORDER not in root.handlers:
        root.addHandler(_RECORDER)
    root.setLevel(logging.INFO)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger("bot").setLevel(logging.DEBUG)
    yield
    # A test that runs `visningsbot` configures logging like the process would: a plain
    # StreamHandler on the stderr pytest captured for that test, closed once the test ends.
    # Left in place, every later record (servers of later tests log from their own threads)
    # would end in "--- Logging error --- I/O operation on closed file". pytest's own handlers
    # are subclasses and stay.
    for handler in root.handlers[:]:
        if type(handler) is logging.StreamHandler:
            root.removeHandler(handler)


@pytest.fixture(autouse=True, scope="session")
def _no_leaks_in_logs() -> Iterator[None]:
    yield
    found = leaks(_RECORDER.lines)
    assert not found, "logs leaked secrets or personal data:\n" + "\n".join(found[:20])


def test_the_log_scan_finds_what_it_looks_for() -> None:
    planted = [
        "x: booked ADRB3FB3F740E355BCB0DEDDEE3C2402D98",
        "x: call 070-123 45 67",
        "x: mail asa.oberg@example.com",
        "x: pnr 19800101-1234",
        "x: auth sim-M30011",
        "x: (sqlite3.OperationalError) no such table [SQL: INSERT …] [parameters: ('Anna',)]",
    ]
    assert len(leaks(planted)) == 6
    harmless = [
        "x: signup 42: booked",
        "x: GET Viewing/{customer_id}/{estate_id} 200 12 ms",
        "x: [SQL: INSERT …] [SQL parameters hidden due to hide_parameters=True]",
    ]
    assert leaks(harmless) == []

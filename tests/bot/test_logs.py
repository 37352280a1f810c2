import logging
from datetime import timedelta

import pytest
from slack_bolt.async_app import AsyncApp
from slack_bolt.logger import get_bolt_logger
from slack_bolt.middleware.request_verification.async_request_verification import (
    AsyncRequestVerification,
)
from sqlalchemy.ext.asyncio import create_async_engine

from bot.logs import PayloadScrubber, bolt_logger
from bot.store import Ledger
from bot.tasks import BackgroundTasks
from tests.bot.store.factories import new_signup
from tests.conftest import leaks


def test_bolts_own_loggers_inherit_the_level_and_the_scrubber() -> None:
    logging.getLogger().setLevel(logging.DEBUG)  # as if someone ran the bot with LOG_LEVEL=DEBUG
    app = AsyncApp(signing_secret="s", token="xoxb-1", logger=bolt_logger())
    verification = get_bolt_logger(AsyncRequestVerification, app.logger)
    assert verification.level == logging.WARNING
    assert any(isinstance(f, PayloadScrubber) for f in verification.filters)
    assert not verification.isEnabledFor(logging.INFO), "bad-signature bodies are logged at INFO"


def test_the_scrubber_withholds_payloads() -> None:
    record = logging.LogRecord(
        "slack_bolt.AsyncApp",
        logging.WARNING,
        __file__,
        1,
        "Unhandled request (%s)",
        ({"value": "070-123 45 67"},),
        None,
    )
    assert PayloadScrubber().filter(record)
    assert record.getMessage() == "Unhandled request (payload withheld)"


async def test_a_failed_database_write_logs_the_statement_but_no_bound_values(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with await Ledger.open(database_url) as ledger:
        # Another hand removed the table: every write now fails inside the database.
        engine = create_async_engine(database_url)
        async with engine.begin() as connection:
            await connection.exec_driver_sql("DROP TABLE signups")
        await engine.dispose()
        tasks = BackgroundTasks()

        # A write that fails in the background is logged with its traceback, as the bot does.
        tasks.spawn(
            ledger.begin(new_signup(), worker="w", lease=timedelta(seconds=30)), name="book-1"
        )
        await tasks.idle()

    formatter = logging.Formatter("%(name)s: %(message)s")
    [line] = [formatter.format(r) for r in caplog.records if r.name == "bot.tasks"]
    assert "background task book-1 failed" in line
    assert "INSERT INTO signups" in line, "the operator sees which statement failed"
    assert "hide_parameters=True" in line
    assert leaks([line]) == []
    for value in ("Anna Svensson", "070-123 45 67", "hooks.slack.test", "ADR001"):
        assert value not in line

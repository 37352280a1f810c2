import logging

from slack_bolt.async_app import AsyncApp
from slack_bolt.logger import get_bolt_logger
from slack_bolt.middleware.request_verification.async_request_verification import (
    AsyncRequestVerification,
)

from bot.logs import PayloadScrubber, bolt_logger


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

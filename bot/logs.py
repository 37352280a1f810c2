"""Logging for operators: one line per event, levels from settings, nothing personal."""

from __future__ import annotations

import logging

QUIET_LIBRARIES = (
    "httpx",
    "httpcore",
    "slack_bolt",
    "slack_sdk",
    "aiosqlite",
    "alembic",
    "asyncio",
)


class PayloadScrubber(logging.Filter):
    """Withholds the parenthesised part of Bolt's messages, where it prints request bodies.

    Bolt logs the whole body of a request with a bad signature, and parts of unhandled ones
    (what an agent typed into a picker, say): personal data that must not reach a log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cut = message.find("(")
        if cut > 0:
            record.msg = message[:cut].rstrip() + " (payload withheld)"
            record.args = ()
        return True


def bolt_logger() -> logging.Logger:
    """The base logger for Bolt: WARNING and up only, payloads withheld.

    Bolt copies a base logger's level and filters onto each of its own loggers; without one it
    copies the root logger's level, and at INFO it would print request bodies.
    """
    logger = logging.getLogger("bot.slack")
    logger.setLevel(logging.WARNING)
    if not any(isinstance(f, PayloadScrubber) for f in logger.filters):
        logger.addFilter(PayloadScrubber())
    return logger


def configure_logging(level: str = "INFO") -> None:
    """Log to stderr; libraries that log URLs or payloads are held at WARNING."""
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))

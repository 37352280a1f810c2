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


def configure_logging(level: str = "INFO") -> None:
    """Log to stderr; libraries that log URLs or payloads are held at WARNING."""
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))

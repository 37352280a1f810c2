"""The bot as an app factory, for running several processes: ``uvicorn --factory --workers N``.

``visningsbot run`` serves one process; uvicorn's ``--workers`` needs an import string. Each
worker reads the same settings and shares the listening socket and the database.
"""

from __future__ import annotations

from starlette.applications import Starlette

from bot.logs import configure_logging
from bot.server import create_web_app
from bot.settings import load_settings


def create_app() -> Starlette:
    """The bot's web app, built from the environment as ``visningsbot run`` builds it."""
    settings = load_settings()
    configure_logging(settings.log_level)
    return create_web_app(settings)

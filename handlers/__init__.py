"""Slack listeners, one module per surface; each module's ``register(app)`` wires its listeners."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers import actions, commands, home, options, setup, shortcuts, views, workflow


def register_all(app: AsyncApp) -> None:
    """Register every listener of the bot."""
    for surface in (commands, shortcuts, options, actions, views, home, workflow, setup):
        surface.register(app)

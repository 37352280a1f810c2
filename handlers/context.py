"""What a listener finds on its request's context: the services, attached by the app."""

from __future__ import annotations

from slack_bolt.async_app import AsyncBoltContext

from bot.services import Services

SERVICES_KEY = "visningsbot_services"
"""Where ``bot.app`` puts the services on every request's context."""


def services_of(context: AsyncBoltContext) -> Services:
    """The services a listener calls into (attached to every request's context)."""
    services: Services = context[SERVICES_KEY]
    return services

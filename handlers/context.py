"""What a listener finds on its request's context: the services, attached by the app."""

from __future__ import annotations

from slack_bolt.async_app import AsyncBoltContext

from bot.connections import Connections
from bot.services import Services

SERVICES_KEY = "visningsbot_services"
"""Where ``bot.app`` puts the services on every request's context."""
CONNECTIONS_KEY = "visningsbot_connections"
"""Where ``bot.app`` puts the workspace's Vitec connection use case (OAuth mode only)."""


def services_of(context: AsyncBoltContext) -> Services:
    """The services a listener calls into (attached to every request's context)."""
    services: Services = context[SERVICES_KEY]
    return services


def maybe_services_of(context: AsyncBoltContext) -> Services | None:
    """The services, or None for a workspace that has not connected Vitec yet (OAuth mode)."""
    services: Services | None = context.get(SERVICES_KEY)
    return services


SIBLINGS_KEY = "visningsbot_sibling_services"
"""Where ``bot.app`` puts the services of the workspace's other offices (estate picker, OAuth)."""


def sibling_services_of(context: AsyncBoltContext) -> list[Services]:
    """The services of the workspace's other offices; [] but for the estate picker in OAuth mode."""
    siblings: list[Services] | None = context.get(SIBLINGS_KEY)
    return siblings or []


def connections_of(context: AsyncBoltContext) -> Connections | None:
    """The Vitec connection use case in OAuth mode; None in single-workspace mode."""
    connections: Connections | None = context.get(CONNECTIONS_KEY)
    return connections

"""The pieces of a running playground: what ``run`` assembles and the page shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.services import Services
from bot.settings import Settings
from devtools.playground.slack.fake import FakeSlack
from devtools.playground.vitec_calls import VitecCalls
from devtools.simulator import Simulator


@dataclass
class Playground:
    """The pieces of a running playground, for the page and for tests."""

    slack: FakeSlack
    simulator: Simulator
    settings: Settings
    vitec_calls: VitecCalls = field(default_factory=VitecCalls)
    """The bot's Vitec calls as the bot saw them, for the side panel."""
    services: Services | None = None

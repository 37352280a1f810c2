"""The pieces of a running playground: what ``run`` assembles and the page shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.services import Services
from bot.settings import Settings
from devtools.playground.slack.fake import FakeSlack
from devtools.playground.vitec_calls import VitecCalls
from devtools.simulator import Simulator

if TYPE_CHECKING:
    from devtools.playground.workspaces import Workspaces


@dataclass
class Playground:
    """The pieces of a running playground, for the page and for tests."""

    slack: FakeSlack
    simulator: Simulator
    settings: Settings
    vitec_calls: VitecCalls = field(default_factory=VitecCalls)
    """The bot's Vitec calls as the bot saw them, for the side panel."""
    services: Services | None = None
    workspaces: Workspaces | None = None
    """The workspaces to switch between (``--workspaces``, OAuth mode); None with one."""

    def shown(self) -> FakeSlack:
        """The workspace the page shows: `slack`, or the one switched to."""
        return self.workspaces.shown if self.workspaces is not None else self.slack

"""The agent's own bookings: recent ones in the channel, upcoming ones and failures in App Home."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.language import Language
from bot.people import People
from bot.slack_failures import SLACK_FAILURES, slack_error
from bot.store import Ledger
from bot.ui.messages import Message, history_message, home_view
from bot.ui.summary import summary_of

log = logging.getLogger(__name__)


class History:
    """Reads an agent's attempts from the ledger for ``/visning historik`` and App Home."""

    def __init__(self, *, slack: AsyncWebClient, ledger: Ledger, people: People) -> None:
        self._slack = slack
        self._ledger = ledger
        self._people = people

    async def recent(
        self, *, team_id: str, user_id: str, channel_id: str | None, language: Language
    ) -> Message:
        """The agent's recent bookings, newest first, with why any failed."""
        rows = await self._ledger.recent(team_id=team_id, user_id=user_id, channel_id=channel_id)
        return history_message([summary_of(r) for r in rows], language)

    async def publish_home(
        self, *, team_id: str, user_id: str, appendix: Sequence[dict[str, Any]] = ()
    ) -> None:
        """Show the agent's upcoming bookings and recent failures in App Home.

        ``appendix`` is shown below them (the workspace's settings, for its admins).
        """
        language = await self._people.language(user_id)
        upcoming = await self._ledger.upcoming(team_id=team_id, user_id=user_id)
        failures = await self._ledger.recent_failures(team_id=team_id, user_id=user_id)
        view = home_view(
            [summary_of(s) for s in upcoming], [summary_of(s) for s in failures], language
        )
        view["blocks"] = [*view["blocks"], *appendix]
        try:
            await self._slack.views_publish(user_id=user_id, view=view)
        except SLACK_FAILURES as exc:
            log.warning("views.publish failed: %s", slack_error(exc))

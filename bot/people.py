"""Who the agent is to Slack: their language, from their Slack locale, cached."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient

from bot.directory import TtlCache
from bot.slack_failures import SLACK_FAILURES, slack_error
from bot.ui.texts import Language, language_for_locale

log = logging.getLogger(__name__)


class People:
    """Resolves each Slack user's language from their locale (``users.info``), cached an hour."""

    def __init__(
        self, client: AsyncWebClient, *, default: Language, clock: Callable[[], datetime]
    ) -> None:
        self._client = client
        self.default = default
        self._languages: TtlCache[Language] = TtlCache(timedelta(hours=1), clock)

    async def language(self, user_id: str) -> Language:
        """The user's language; the configured default when Slack cannot tell."""
        cached = self._languages.get(user_id)
        if cached is not None:
            return cached
        try:
            answer = await self._client.users_info(user=user_id, include_locale=True)
        except SLACK_FAILURES as exc:
            log.warning("users.info failed: %s", slack_error(exc))
            return self.default
        user = answer.get("user") or {}
        language = language_for_locale(user.get("locale"), self.default)
        self._languages.put(user_id, language)
        return language

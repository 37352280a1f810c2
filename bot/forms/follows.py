"""``/visning bevaka <objekt>`` and ``/visning sluta bevaka <objekt>``: a channel follows an
estate, and bookings made elsewhere on it (the web, Vitec itself) are posted there."""

from __future__ import annotations

import logging
import re

from bot.directory import Directory
from bot.domain import EstateEntry
from bot.notify import Reporter
from bot.store import Follow, FollowLimitError, Ledger, LedgerError
from bot.ui.formatting import escape_mrkdwn
from bot.ui.messages import text_message
from bot.ui.texts import Catalogue

log = logging.getLogger(__name__)

_FOLLOW = re.compile(r"^(?:bevaka|follow)(?:\s+(?P<text>.*))?$", re.IGNORECASE | re.DOTALL)
_UNFOLLOW = re.compile(
    r"^(?:sluta\s+bevaka|unfollow|stop\s+following)(?:\s+(?P<text>.*))?$",
    re.IGNORECASE | re.DOTALL,
)


def follow_request(text: str) -> tuple[bool, str] | None:
    """``(True, estate text)`` for bevaka, ``(False, …)`` for sluta bevaka, else None."""
    words = " ".join(text.split())
    for start, pattern in ((True, _FOLLOW), (False, _UNFOLLOW)):
        matched = pattern.match(words)
        if matched:
            return start, (matched.group("text") or "").strip()
    return None


class Follows:
    """Starts and stops a channel's following of an estate, and says so in the channel."""

    def __init__(self, *, ledger: Ledger, directory: Directory, reporter: Reporter) -> None:
        self._ledger = ledger
        self._directory = directory
        self._reporter = reporter

    async def run(
        self,
        *,
        start: bool,
        text: str,
        t: Catalogue,
        team_id: str,
        user_id: str,
        channel_id: str | None,
        response_url: str | None,
    ) -> None:
        """Follow (or stop following) the estate the text names; tell the channel, or the agent
        alone what to fix."""
        estate, problem = self._estate(text, t)
        if not channel_id:
            problem = t.follow_no_channel
        if estate is None or problem is not None or channel_id is None:
            await self._reporter.reply_privately(
                text_message(problem or t.follow_which),
                response_url=response_url,
                user_id=user_id,
                channel_id=channel_id,
            )
            return
        follow = Follow(team_id, channel_id, self._directory.customer_id, estate.id)
        address = escape_mrkdwn(estate.street_address)
        try:
            if start:
                changed = await self._ledger.inbound.follow(follow, user_id=user_id)
                said = (t.follow_started if changed else t.follow_already).format(address=address)
            else:
                changed = await self._ledger.inbound.unfollow(follow)
                said = (t.follow_stopped if changed else t.follow_not_following).format(
                    address=address
                )
        except FollowLimitError as exc:
            changed, said = False, t.follow_limit.format(n=exc.limit)
        except LedgerError as exc:
            log.warning("a follow could not be saved: %s", type(exc).__name__)
            changed, said = False, t.follow_failed
        if changed:
            await self._reporter.to_channel(
                text_message(said),
                channel_id=channel_id,
                user_id=user_id,
                response_url=response_url,
            )
        else:
            await self._reporter.reply_privately(
                text_message(said),
                response_url=response_url,
                user_id=user_id,
                channel_id=channel_id,
            )

    def _estate(self, text: str, t: Catalogue) -> tuple[EstateEntry | None, str | None]:
        if not text:
            return None, t.follow_which
        match = self._directory.match_command(text)
        typed = escape_mrkdwn(text[:60])
        if match.kind == "found" and match.estate is not None:
            return match.estate, None
        if match.kind == "not_loaded":
            return None, t.follow_loading
        if match.kind == "ambiguous":
            return None, t.follow_ambiguous.format(text=typed)
        if match.suggestion is not None:
            address = escape_mrkdwn(match.suggestion.street_address)
            return None, t.follow_suggestion.format(text=typed, address=address)
        return None, t.follow_not_found.format(text=typed)

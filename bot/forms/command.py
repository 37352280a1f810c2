"""``/visning [text]``: help, the agent's history, or the form pre-filled from the text."""

from __future__ import annotations

from bot.directory import Directory
from bot.estate_search import CommandMatch
from bot.forms.follows import Follows, follow_request
from bot.forms.history import History
from bot.forms.opening import FormOpener, Prefill
from bot.notify import Reporter
from bot.people import People
from bot.ui.formatting import escape_mrkdwn
from bot.ui.messages import text_message
from bot.ui.texts import Catalogue, texts

HELP_WORDS = {"help", "hjälp", "hjalp", "?"}
HISTORY_WORDS = {"historik", "history"}


def command_note(match: CommandMatch, text: str, t: Catalogue) -> str | None:
    """What the form says about ``/visning <text>`` when it could not choose the estate."""
    typed = escape_mrkdwn(" ".join(text.split())[:60])
    if match.kind == "ambiguous":
        return t.estate_ambiguous.format(text=typed)
    if match.kind == "not_loaded":
        return t.estate_list_loading.format(text=typed)
    if match.kind == "none" and match.suggestion is not None:
        address = escape_mrkdwn(match.suggestion.street_address)
        return t.estate_suggestion.format(text=typed, address=address)
    if match.kind == "none":
        return t.estate_not_found.format(text=typed)
    return None


class SlashCommand:
    """Answers ``/visning``: help and history to the agent alone, else the form."""

    def __init__(
        self,
        *,
        opener: FormOpener,
        history: History,
        directory: Directory,
        people: People,
        reporter: Reporter,
        follows: Follows,
    ) -> None:
        self._follows = follows
        self._opener = opener
        self._history = history
        self._directory = directory
        self._people = people
        self._reporter = reporter

    async def run(
        self,
        *,
        text: str,
        trigger_id: str,
        user_id: str,
        team_id: str,
        channel_id: str | None,
        response_url: str | None,
    ) -> None:
        """Handle ``/visning [text]``: help, history, following an estate, or the form
        (pre-filled from the text)."""
        language = await self._people.language(user_id)
        t = texts(language)
        word = text.strip().lower()
        following = follow_request(text)
        if following is not None:
            start, estate_text = following
            await self._follows.run(
                start=start,
                text=estate_text,
                t=t,
                team_id=team_id,
                user_id=user_id,
                channel_id=channel_id,
                response_url=response_url,
            )
            return
        if word in HELP_WORDS or word in HISTORY_WORDS:
            if word in HELP_WORDS:
                message = text_message(t.help_text)
            else:
                message = await self._history.recent(
                    team_id=team_id, user_id=user_id, channel_id=channel_id, language=language
                )
            await self._reporter.reply_privately(
                message, response_url=response_url, user_id=user_id, channel_id=channel_id
            )
            return
        prefill = Prefill()
        if word:
            match = self._directory.match_command(text)
            prefill = Prefill(
                estate_id=match.estate.id if match.estate else None,
                note=command_note(match, text, t),
            )
        await self._opener.open(
            trigger_id, user_id, channel_id, language, prefill, response_url=response_url
        )

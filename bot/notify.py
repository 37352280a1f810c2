"""Getting a message to the agent's channel, even where the bot is not a member."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Literal

import aiohttp
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.slack_failures import SLACK_FAILURES, slack_error
from bot.ui.messages import Message

log = logging.getLogger(__name__)

_DM_FAILURES: tuple[type[Exception], ...] = (*SLACK_FAILURES, KeyError, TypeError)
"""Also a conversations.open answer without the channel it promised."""

Route = Literal["response_url", "channel", "ephemeral", "dm", "nowhere"]


@dataclass(frozen=True)
class Delivered:
    """Where a message ended up."""

    route: Route
    channel_id: str | None = None
    ts: str | None = None

    @property
    def reached(self) -> bool:
        """Whether some route really delivered the message."""
        return self.route != "nowhere"


class Reporter:
    """Posts outcomes: the channel's response_url first, then chat.postMessage, then the agent."""

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        session: aiohttp.ClientSession | None = None,
        retry_handlers: list[AsyncRetryHandler] | None = None,
    ) -> None:
        self._client = client
        self._session = session
        self._retry_handlers = retry_handlers or []

    async def respond(self, response_url: str, body: dict[str, Any]) -> bool:
        """Post to a response_url; False when Slack refused it (expired, used up, gone)."""
        webhook = AsyncWebhookClient(
            response_url, session=self._session, retry_handlers=self._retry_handlers
        )
        try:
            answer = await webhook.send_dict(body)
        except Exception as exc:  # noqa: BLE001 - a network failure here only means "try the next route"
            log.warning("response_url post failed: %s", type(exc).__name__)
            return False
        if answer.status_code != 200:
            log.warning("response_url answered %s", answer.status_code)
            return False
        return True

    async def to_channel(
        self,
        message: Message,
        *,
        channel_id: str | None,
        user_id: str,
        response_url: str | None,
        private_note: str | None = None,
        thread_ts: str | None = None,
    ) -> Delivered:
        """Post where the agent chose (in a message's thread, given ``thread_ts``); fall back to
        a message only the agent sees."""
        threaded = {"thread_ts": thread_ts} if thread_ts else {}
        # In a thread the bot's own post comes first: it certainly lands in the thread, where
        # a response_url is the way into a channel the bot is not a member of.
        if thread_ts and channel_id:
            posted = await self.post(message, channel_id=channel_id, thread_ts=thread_ts)
            if posted.reached:
                return posted
        if response_url and await self.respond(
            response_url, {"response_type": "in_channel", **threaded, **message.as_payload()}
        ):
            return Delivered("response_url", channel_id)
        if channel_id and not thread_ts:
            posted = await self.post(message, channel_id=channel_id)
            if posted.reached:
                return posted
        note = Message(
            text=message.text,
            blocks=message.blocks + _note_blocks(private_note),
        )
        return await self.to_user(note, user_id=user_id, channel_id=channel_id)

    async def post(
        self, message: Message, *, channel_id: str, thread_ts: str | None = None
    ) -> Delivered:
        """Post as the bot in a channel (or a thread of it); "nowhere" when Slack refused."""
        try:
            answer = await self._client.chat_postMessage(
                channel=channel_id, thread_ts=thread_ts, **message.as_payload()
            )
        except SLACK_FAILURES as exc:
            log.info("chat.postMessage refused: %s", slack_error(exc))
            return Delivered("nowhere")
        return Delivered("channel", channel_id, _ts(answer))

    async def to_user(self, message: Message, *, user_id: str, channel_id: str | None) -> Delivered:
        """Tell the agent alone: an ephemeral message in the channel, else a DM."""
        if channel_id:
            try:
                await self._client.chat_postEphemeral(
                    channel=channel_id, user=user_id, **message.as_payload()
                )
                return Delivered("ephemeral", channel_id)
            except SLACK_FAILURES as exc:
                log.info("chat.postEphemeral refused: %s", slack_error(exc))
        try:
            opened = await self._client.conversations_open(users=[user_id])
            dm = opened["channel"]["id"]
            answer = await self._client.chat_postMessage(channel=dm, **message.as_payload())
            return Delivered("dm", dm, _ts(answer))
        except _DM_FAILURES as exc:
            log.error("could not reach the agent at all: %s", slack_error(exc))
            return Delivered("nowhere")

    async def reply_privately(
        self, message: Message, *, response_url: str | None, user_id: str, channel_id: str | None
    ) -> Delivered:
        """Answer the agent alone: through the request's response_url, else ephemeral or a DM."""
        if response_url and await self.respond(
            response_url, {"response_type": "ephemeral", **message.as_payload()}
        ):
            return Delivered("response_url", channel_id)
        return await self.to_user(message, user_id=user_id, channel_id=channel_id)

    async def update(self, message: Message, *, channel_id: str, ts: str) -> bool:
        """Rewrite a message the bot posted (chat.update); False when Slack refused."""
        try:
            await self._client.chat_update(channel=channel_id, ts=ts, **message.as_payload())
        except SLACK_FAILURES as exc:
            log.info("chat.update refused: %s", slack_error(exc))
            return False
        return True

    async def update_view(self, view_id: str, view: dict[str, Any]) -> bool:
        """Replace an open modal; False when it is gone (closed by the agent) or refused."""
        try:
            await self._client.views_update(view_id=view_id, view=view)
        except SLACK_FAILURES as exc:
            log.info("views.update refused: %s", slack_error(exc))
            return False
        return True


def _ts(answer: Any) -> str | None:
    data = getattr(answer, "data", None)
    return data.get("ts") if isinstance(data, dict) else None


def _note_blocks(note: str | None) -> list[dict[str, Any]]:
    if not note:
        return []
    return [{"type": "context", "elements": [{"type": "mrkdwn", "text": note}]}]

"""Options loads for the form's pickers: answered inside Slack's three seconds."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.language import Language
from bot.ui.ids import ActionId
from bot.ui.metadata import FormMetadata
from handlers.context import services_of, sibling_services_of


def _query_and_language(body: dict[str, Any]) -> tuple[str, Language]:
    meta = FormMetadata.load((body.get("view") or {}).get("private_metadata"))
    return str(body.get("value") or ""), meta.language if meta else "sv"


async def estates(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    """Estates matching what the agent typed."""
    query, language = _query_and_language(body)
    others = [s.pickers for s in sibling_services_of(context)]
    pickers = services_of(context).pickers
    answer = (
        await pickers.estate_options(query, language, also=others)
        if others
        else await pickers.estate_options(query, language)
    )
    await ack(**answer)


async def contacts(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    """Contacts matching a name, phone number, e-mail, personnummer or id."""
    query, language = _query_and_language(body)
    options = await services_of(context).pickers.contact_options(
        query, language, team_id=str(context.team_id), user_id=str(context.user_id)
    )
    await ack(**options)


async def lead_sources(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    """The office's allowed lead sources."""
    query, language = _query_and_language(body)
    await ack(**await services_of(context).pickers.lead_source_options(query, language))


def register(app: AsyncApp) -> None:
    """Wire the options loads."""
    app.options(ActionId.ESTATE.value)(estates)
    app.options(ActionId.CONTACT.value)(contacts)
    app.options(ActionId.BULK_CONTACTS.value)(contacts)
    app.options(ActionId.LEAD_SOURCE.value)(lead_sources)

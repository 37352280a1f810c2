"""Buttons and selects: choosing an estate, undoing a booking, booking more, opening the form."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond

from bot.forms.opening import Prefill
from bot.ui.bulk import read_bulk_undo
from bot.ui.ids import BULK_UNDO_IDS, ActionId
from bot.ui.messages import book_more_ids
from bot.ui.metadata import ContactMode, FormMetadata
from bot.ui.submission import selected_estate
from bot.ui.texts import texts
from handlers.context import services_of


async def estate_chosen(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    """Show the chosen estate's time slots in the open form."""
    await ack()
    view = body["view"]
    meta = FormMetadata.load(view.get("private_metadata"))
    if meta is None:
        return
    services = services_of(context)
    services.tasks.spawn(
        services.forms.estate_chosen(
            view_id=view["id"],
            view_hash=view.get("hash"),
            estate_id=selected_estate(view["state"]["values"]),
            meta=meta,
        ),
        name="estate-chosen",
    )


async def contact_mode_chosen(
    ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], context: AsyncBoltContext
) -> None:
    """Switch the form between one contact, a new contact and several contacts."""
    await ack()
    view = body["view"]
    meta = FormMetadata.load(view.get("private_metadata"))
    mode = CONTACT_MODES.get(str(action.get("action_id")), "unknown")
    if meta is None or mode == "unknown":
        return
    services = services_of(context)
    services.tasks.spawn(
        services.forms.estate_chosen(
            view_id=view["id"],
            view_hash=view.get("hash"),
            estate_id=selected_estate(view["state"]["values"]) or meta.estate_id,
            meta=meta.model_copy(update={"mode": mode}),
        ),
        name="contact-mode",
    )


CONTACT_MODES: dict[str, ContactMode | None] = {
    ActionId.NEW_CONTACT.value: "new",
    ActionId.BULK_MODE.value: "bulk",
    ActionId.SEARCH_CONTACT.value: None,
    ActionId.SINGLE_MODE.value: None,
}
"""The buttons that switch how the form names contacts, and the mode each chooses."""


async def undo(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """Ask the agent who booked to confirm, in their language; tell anyone else it is not theirs."""
    await ack()
    services = services_of(context)
    user_id = body["user"]["id"]

    async def run() -> None:
        language = await services.people.language(user_id)
        value = action.get("value") or ""
        bulk = read_bulk_undo(value)
        if bulk is not None:
            signup_id, batch = bulk.signup_id, bulk
        else:
            try:
                signup_id, batch = int(value), None
            except ValueError:
                return
        view, problem = await services.undo.prompt(
            signup_id,
            user_id,
            str(context.team_id),
            language,
            response_url=body.get("response_url"),
            channel_id=(body.get("channel") or {}).get("id"),
            bulk=batch,
        )
        if view is not None:
            await services.forms.show_dialog(body["trigger_id"], view)
        elif problem is not None:
            await respond(text=problem, response_type="ephemeral", replace_original=False)

    services.tasks.spawn(run(), name="undo")


async def book_more(
    ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], context: AsyncBoltContext
) -> None:
    """Open the form again with the same estate and slot chosen."""
    await ack()
    more = book_more_ids(action.get("value"))
    if more is None:
        return
    services = services_of(context)
    channel_id = (body.get("channel") or {}).get("id")
    prefill = Prefill(
        estate_id=more.estate_id,
        viewing_id=more.viewing_id,
        time_slot_id=more.time_slot_id,
        choices_of=more.signup_id,
    )
    services.tasks.spawn(
        services.forms.open(body["trigger_id"], body["user"]["id"], channel_id, None, prefill),
        name="book-more",
    )


async def who_is_coming(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """Tell the one who clicked, privately, who is booked on the message's slot."""
    await ack()
    more = book_more_ids(action.get("value"))
    if more is None:
        return
    services = services_of(context)
    user_id = body["user"]["id"]

    async def run() -> None:
        t = texts(await services.people.language(user_id))
        text = await services.who.answer(more.estate_id, more.viewing_id, more.time_slot_id, t)
        await respond(text=text, response_type="ephemeral", replace_original=False)

    services.tasks.spawn(run(), name="who")


async def open_form(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    """App Home's button: an empty form."""
    await ack()
    services = services_of(context)
    services.tasks.spawn(
        services.forms.open(body["trigger_id"], body["user"]["id"], None, None, Prefill()),
        name="home-open",
    )


def register(app: AsyncApp) -> None:
    """Wire the actions."""
    app.action(ActionId.ESTATE.value)(estate_chosen)
    app.action(ActionId.UNDO.value)(undo)
    app.action(ActionId.BOOK_MORE.value)(book_more)
    app.action(ActionId.OPEN_FORM.value)(open_form)
    for action_id in CONTACT_MODES:
        app.action(action_id)(contact_mode_chosen)
    app.action(ActionId.WHO.value)(who_is_coming)
    for action_id in BULK_UNDO_IDS:
        app.action(action_id)(undo)

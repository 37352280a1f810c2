"""Submitting the form: validate, book within the deadline, answer the modal."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.booking.submission import SubmissionContext
from bot.ui.ids import CallbackId
from bot.ui.metadata import FormMetadata, UndoMetadata
from bot.ui.submission import FormErrors, read_form
from handlers.context import services_of


async def signup_submitted(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
) -> None:
    """Book the contact; inline errors, "Bokar…" or a closed modal go back to Slack."""
    meta = FormMetadata.load(view.get("private_metadata"))
    if meta is None:
        await ack()
        return
    values = view["state"]["values"]
    form = read_form(values, meta)
    if isinstance(form, FormErrors):
        await ack(**form.ack_payload())
        return
    submission = SubmissionContext(
        team_id=body["team"]["id"],
        user_id=body["user"]["id"],
        view_id=view["id"],
        # A form from the message shortcut has no channel picker: the shortcut's response_url.
        response_url=context.response_url or meta.reply_url,
        language=meta.language,
        thread_ts=meta.thread_ts,
    )
    answer = await services_of(context).submissions.submit(form, submission, meta)
    await ack(**answer) if answer else await ack()


async def undo_confirmed(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
) -> None:
    """The booker confirmed the undo: close the dialog, remove the booking, say how it went."""
    await ack()
    meta = UndoMetadata.load(view.get("private_metadata"))
    if meta is None:
        return
    services = services_of(context)
    services.tasks.spawn(
        services.undo.confirmed(meta, user_id=body["user"]["id"], team_id=str(context.team_id)),
        name="undo",
    )


def register(app: AsyncApp) -> None:
    """Wire the form's submission and the undo confirmation."""
    app.view(CallbackId.SIGNUP.value)(signup_submitted)
    app.view(CallbackId.UNDO_CONFIRM.value)(undo_confirmed)
    # The notice views (Bokar…, outcome) have only a close button; nothing to handle.

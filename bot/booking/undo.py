"""Undoing a booking: only one that is booked, only by its agent or a manager, confirmed first."""

from __future__ import annotations

from typing import Any

from bot.access import AccessPolicy
from bot.booking.audit import BookingAudit
from bot.language import Language
from bot.notify import Reporter
from bot.store import Ledger, Signup, SignupStatus
from bot.ui.answers import undo_problem_text
from bot.ui.bulk import BulkBatch, BulkUndo, bulk_message
from bot.ui.form import undo_confirm_view
from bot.ui.formatting import escape_mrkdwn
from bot.ui.messages import Message, status_text, text_message, undone_message
from bot.ui.metadata import UndoMetadata
from bot.ui.summary import summary_of
from bot.ui.texts import Catalogue, texts
from bot.vitec.client import VitecClient
from bot.vitec.errors import VitecError, VitecNotFoundError


class Undo:
    """Removes bookings from Vitec on the word of the agent who made them (or a manager)."""

    def __init__(
        self,
        *,
        vitec: VitecClient,
        ledger: Ledger,
        reporter: Reporter,
        access: AccessPolicy,
        audit: BookingAudit,
    ) -> None:
        self._vitec = vitec
        self._ledger = ledger
        self._reporter = reporter
        self._access = access
        self._audit = audit

    async def prompt(
        self,
        signup_id: int,
        user_id: str,
        team_id: str,
        language: Language,
        *,
        response_url: str | None,
        channel_id: str | None,
        bulk: BulkUndo | None = None,
    ) -> tuple[dict[str, Any] | None, str | None]:
        """The dialog asking the booker, in their language, to confirm; or why they cannot."""
        t = texts(language)
        signup = await self._ledger.get(signup_id)
        refusal = await self._refusal(signup, user_id, team_id, t)
        if refusal is not None or signup is None:
            return None, refusal or t.undo_unknown
        meta = UndoMetadata(
            signup_id=signup.id,
            response_url=response_url,
            channel_id=channel_id,
            language=language,
            batch=bulk.signup_ids if bulk else None,
            fit=bulk.batch.fit if bulk else None,
        )
        summary = summary_of(signup)
        view = undo_confirm_view(
            meta,
            name=escape_mrkdwn(summary.contact_name),
            address=escape_mrkdwn(summary.address),
            slot=summary.slot_text(t),
        )
        return view, None

    async def confirmed(self, meta: UndoMetadata, *, user_id: str, team_id: str) -> None:
        """Carry out a confirmed undo: replace the confirmation message, or say why not."""
        message, problem = await self.undo(meta.signup_id, user_id, team_id, meta.language)
        if message is not None and meta.batch:
            message = await self._bulk_message(meta.batch, meta.fit, meta.language) or message
        if message is not None:
            body = {"replace_original": True, **message.as_payload()}
            if meta.response_url and await self._reporter.respond(meta.response_url, body):
                return
            await self._reporter.to_user(message, user_id=user_id, channel_id=meta.channel_id)
        elif problem is not None:
            note = {"response_type": "ephemeral", "replace_original": False, "text": problem}
            if meta.response_url and await self._reporter.respond(meta.response_url, note):
                return
            await self._reporter.to_user(
                text_message(problem), user_id=user_id, channel_id=meta.channel_id
            )

    async def undo(
        self, signup_id: int, user_id: str, team_id: str, language: Language
    ) -> tuple[Message | None, str | None]:
        """Remove a booking: only one that is booked, only by its agent or a manager.

        Every rule is checked before Vitec is asked to delete anything. Returns the replacement
        message or the reason nothing was undone.
        """
        t = texts(language)
        signup = await self._ledger.get(signup_id)
        refusal = await self._refusal(signup, user_id, team_id, t)
        if refusal is not None or signup is None:
            return None, refusal or t.undo_unknown
        try:
            await self._vitec.remove_participant(
                signup.customer_id, signup.viewing_id, signup.time_slot_id, signup.contact_id
            )
        except VitecNotFoundError:
            pass  # Already gone from Vitec: the ledger should say so too.
        except VitecError as exc:
            return None, t.undo_failed.format(reason=undo_problem_text(exc, signup.customer_id, t))
        removed = await self._ledger.mark_removed(signup.id)
        self._audit.undo(signup, team_id=team_id, user_id=user_id)
        return undone_message(summary_of(removed), language, user_id), None

    async def _bulk_message(
        self, batch: tuple[int, ...], fit: int | None, language: Language
    ) -> Message | None:
        """The "Anmäl flera" message again, as its bookings now stand; None if rows are gone."""
        rows = [await self._ledger.get(signup_id) for signup_id in batch]
        found = [row for row in rows if row is not None]
        if len(found) != len(batch):
            return None
        return bulk_message(BulkBatch(total=len(found), fit=fit), found, language)

    async def _refusal(
        self, signup: Signup | None, user_id: str, team_id: str, t: Catalogue
    ) -> str | None:
        """Why this person may not undo this row, or None: checked before Vitec is asked."""
        if signup is None or signup.team_id != team_id or signup.purged:
            return t.undo_unknown
        if signup.user_id != user_id and not await self._access.is_manager(user_id):
            return t.undo_not_yours.format(user=signup.user_id)
        status = SignupStatus(signup.status)
        if status == SignupStatus.REMOVED:
            return t.undo_already
        if status != SignupStatus.BOOKED:
            # Pending, unknown, failed or "already booked" (someone else's booking in Vitec):
            # deleting the participant would undo something this attempt did not do.
            return t.undo_not_booked.format(status=status_text(status, t))
        return None

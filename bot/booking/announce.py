"""Telling the agent how a booking went, and recording that they were told only once they were."""

from __future__ import annotations

import logging

from bot.notify import Delivered, Reporter
from bot.outcome import Outcome
from bot.store import Ledger, Signup, SignupStatus
from bot.ui.answers import failure_text, late_text
from bot.ui.form import notice_view
from bot.ui.ids import CallbackId
from bot.ui.messages import Message, booking_message, text_message
from bot.ui.metadata import FormMetadata
from bot.ui.summary import summary_of
from bot.ui.texts import texts

log = logging.getLogger(__name__)


class Announcer:
    """Tells agents the outcomes of their bookings; an outcome nobody heard of is told again."""

    def __init__(self, reporter: Reporter, ledger: Ledger) -> None:
        self._reporter = reporter
        self._ledger = ledger

    async def tell(
        self, signup: Signup, message: Message, *, in_channel: bool = False
    ) -> Delivered:
        """Deliver a message about the attempt; record the agent as told only if it arrived.

        ``in_channel`` posts where the agent chose (falling back to the agent alone, with a
        note saying why); otherwise only the agent sees it. Left untold, the reconcile loop
        announces the outcome again later.
        """
        if in_channel:
            t = texts(signup.language)
            delivered = await self._reporter.to_channel(
                message,
                channel_id=signup.channel_id,
                user_id=signup.user_id,
                response_url=signup.response_url,
                private_note=t.posted_privately_note.format(channel=signup.channel_id or ""),
                thread_ts=signup.thread_ts,
            )
        else:
            delivered = await self._reporter.to_user(
                message, user_id=signup.user_id, channel_id=signup.channel_id
            )
        if delivered.reached:
            await self._ledger.mark_notified(signup.id)
        else:
            log.warning("signup %s: outcome could not be delivered to the agent", signup.id)
        return delivered

    async def booked(self, signup: Signup, *, already: bool = False) -> None:
        """Post the confirmation, with Ångra and Anmäl fler, where the agent chose."""
        message = booking_message(summary_of(signup), signup.language, already=already)
        await self.tell(signup, message, in_channel=True)

    async def failed(self, signup: Signup) -> None:
        """Tell the agent alone that the booking did not go through, why, and what to do."""
        await self.tell(signup, text_message(failure_text(signup, texts(signup.language))))

    async def settled(self, signup: Signup) -> None:
        """Tell the agent a settled outcome they have not heard of."""
        status = SignupStatus(signup.status)
        if status in (SignupStatus.BOOKED, SignupStatus.ALREADY_BOOKED):
            await self.booked(signup, already=status == SignupStatus.ALREADY_BOOKED)
        else:
            await self.failed(signup)

    async def not_booked(
        self,
        text: str,
        *,
        user_id: str,
        channel_id: str | None,
        view_id: str,
        meta: FormMetadata,
    ) -> None:
        """After "Bokar…": the submission failed its checks and nothing was recorded or booked."""
        t = texts(meta.language)
        view = notice_view(
            meta, title=t.result_title, text=text, callback_id=CallbackId.SIGNUP_RESULT
        )
        await self._reporter.update_view(view_id, view)
        await self._reporter.to_user(text_message(text), user_id=user_id, channel_id=channel_id)

    async def late(self, outcome: Outcome, *, view_id: str, meta: FormMetadata) -> None:
        """After "Bokar…": update the modal if it is still open and tell the outcome.

        An unknown outcome is told once reconciliation has settled it.
        """
        t = texts(meta.language)
        text = late_text(outcome, t)
        view = notice_view(
            meta, title=t.result_title, text=text, callback_id=CallbackId.SIGNUP_RESULT
        )
        await self._reporter.update_view(view_id, view)
        signup = outcome.signup
        if outcome.status == SignupStatus.BOOKED:
            await self.booked(signup)
        elif outcome.status == SignupStatus.ALREADY_BOOKED:
            await self.tell(signup, text_message(text))
        elif outcome.status != SignupStatus.UNKNOWN:
            await self.tell(signup, text_message(failure_text(signup, t)))

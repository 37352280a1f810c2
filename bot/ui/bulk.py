"""The one channel message of "Anmäl flera": each contact's outcome, rewritten as results come."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.outcome import FailureCode
from bot.store import Signup, SignupStatus
from bot.ui.formatting import escape_mrkdwn, failure_reason, format_slot, truncate
from bot.ui.ids import BULK_UNDO_IDS, ActionId, BlockId
from bot.ui.messages import Message
from bot.ui.texts import Catalogue, texts

SECTION_LIMIT = 3000
BULK_PREFIX = "bulk"
"""Starts the value of a contact's Ångra button in a bulk message."""


@dataclass(frozen=True)
class BulkBatch:
    """What the message says above the contacts: how many, and how many fit."""

    total: int
    fit: int | None
    """Places left when the slot was checked, at most ``total``; None when not checked."""

    def undo_value(self, signup_id: int, ids: Sequence[int]) -> str:
        """The Ångra button's value: the booking to undo, the batch, and what fit."""
        fit = "" if self.fit is None else str(self.fit)
        return f"{BULK_PREFIX}:{signup_id}:{fit}:{','.join(map(str, ids))}"


@dataclass(frozen=True)
class BulkUndo:
    """A bulk message's Ångra button, read back."""

    signup_id: int
    batch: BulkBatch
    signup_ids: tuple[int, ...]


def read_bulk_undo(value: str | None) -> BulkUndo | None:
    """The button value of a contact's Ångra in a bulk message; None when it is not one."""
    parts = (value or "").split(":")
    if len(parts) != 4 or parts[0] != BULK_PREFIX:
        return None
    try:
        signup_id = int(parts[1])
        fit = int(parts[2]) if parts[2] else None
        ids = tuple(int(i) for i in parts[3].split(","))
    except ValueError:
        return None
    if signup_id not in ids or len(ids) > 10 or (fit is not None and fit < 0):
        return None
    return BulkUndo(signup_id, BulkBatch(total=len(ids), fit=fit), ids)


def _line(signup: Signup, t: Catalogue) -> str:
    name = escape_mrkdwn(signup.contact_name or "–")
    status = SignupStatus(signup.status)
    reason = signup.vitec_message
    if status == SignupStatus.PENDING:
        return t.bulk_line_pending.format(name=name)
    if status == SignupStatus.BOOKED:
        return t.bulk_line_booked.format(name=name)
    if status == SignupStatus.ALREADY_BOOKED:
        return t.bulk_line_already.format(name=name)
    if status == SignupStatus.REMOVED:
        return t.bulk_line_removed.format(name=name)
    if status == SignupStatus.UNKNOWN:
        return t.bulk_line_unknown.format(name=name)
    if reason == FailureCode.NO_ROOM:
        return t.bulk_line_full.format(name=name)
    if status == SignupStatus.REFUSED and reason and reason not in set(FailureCode):
        return t.bulk_line_refused.format(name=name, reason=escape_mrkdwn(reason))
    text = failure_reason(str(status), reason, t, office=signup.customer_id)
    return t.bulk_line_failed.format(name=name, reason=text)


def bulk_message(batch: BulkBatch, rows: Sequence[Signup], language: str) -> Message:
    """Each contact's outcome under the viewing; Ångra beside each booking, Anmäl fler below."""
    t = texts(language)
    first = rows[0]
    address = escape_mrkdwn(first.estate_address)
    slot = format_slot(first.slot_starts_at, first.slot_ends_at, t)
    header = t.bulk_header.format(total=batch.total, address=address, slot=slot)
    blocks: list[Block] = [SectionBlock(block_id=BlockId.OUTCOME, text=_mrkdwn(header))]
    if batch.fit is not None and batch.fit < batch.total:
        room = t.bulk_room.format(fit=batch.fit, total=batch.total)
        blocks.append(ContextBlock(elements=[_mrkdwn(room)]))
    ids = [row.id for row in rows]
    for n, row in enumerate(rows):
        undo = None
        if SignupStatus(row.status) == SignupStatus.BOOKED:
            label = truncate(t.bulk_undo_button.format(name=row.contact_name or "–"), 75)
            undo = ButtonElement(
                action_id=BULK_UNDO_IDS[n], text=label, value=batch.undo_value(row.id, ids)
            )
        blocks.append(SectionBlock(text=_mrkdwn(_line(row, t)), accessory=undo))
    blocks.append(ContextBlock(elements=[_mrkdwn(t.booked_by.format(user=first.user_id))]))
    more = "/".join((first.estate_id, first.viewing_id, first.time_slot_id, str(first.id)))
    blocks.append(
        ActionsBlock(
            block_id=BlockId.OUTCOME_ACTIONS,
            elements=[
                ButtonElement(action_id=ActionId.BOOK_MORE, text=t.book_more_button, value=more),
                ButtonElement(
                    action_id=ActionId.WHO,
                    text=t.who_button,
                    value="/".join((first.estate_id, first.viewing_id, first.time_slot_id)),
                ),
            ],
        )
    )
    fallback = t.bulk_fallback.format(total=batch.total, address=address)
    return Message(text=fallback, blocks=[block.to_dict() for block in blocks])


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=truncate(text, SECTION_LIMIT))

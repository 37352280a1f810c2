"""The "Anmäl flera" message: one line per contact, Ångra per booking, within Slack's limits."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.models.blocks import Block

from bot.outcome import FailureCode
from bot.store import Signup, SignupStatus
from bot.ui.bulk import BulkBatch, bulk_message, read_bulk_undo
from bot.ui.ids import BULK_UNDO_IDS, ActionId

START = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)


def row(n: int, name: str, status: SignupStatus, message: str | None = None) -> Signup:
    return Signup(
        id=n,
        idempotency_key=f"k{n}",
        team_id="T01",
        user_id="U01",
        channel_id="C01",
        response_url=None,
        customer_id="M30011",
        estate_id="OBJ1_1",
        viewing_id="VIS1",
        time_slot_id="TS1",
        contact_id=f"ADR{n}",
        slot_starts_at=START,
        slot_ends_at=START + timedelta(minutes=45),
        contact_name=name,
        estate_address="Götgatan 14",
        booking={},
        language="sv",
        status=status,
        vitec_message=message,
        error_field=None,
        created_at=START,
        updated_at=START,
        finished_at=None,
        attempts=1,
        claimed_by=None,
        claim_expires_at=None,
        purged=False,
        notified=False,
    )


ROWS = [
    row(11, "Åsa Öberg", SignupStatus.BOOKED),
    row(12, "Jöns Ärlig", SignupStatus.REFUSED, "Leadkällan finns inte."),
    row(13, "Björn Lindström", SignupStatus.ALREADY_BOOKED),
    row(14, "Erik Johansson", SignupStatus.REFUSED, str(FailureCode.NO_ROOM)),
    row(15, "<!channel>", SignupStatus.PENDING),
]


def test_each_contact_has_its_line_and_bookings_their_own_undo() -> None:
    message = bulk_message(BulkBatch(total=5, fit=3), ROWS, "sv")
    text = json.dumps(message.blocks, ensure_ascii=False)
    assert "Anmälan av 5 till visningen av Götgatan 14" in text
    assert "3 av 5 får plats" in text
    assert "Åsa Öberg – anmäld" in text
    assert "Jöns Ärlig – Vitec svarar: ”Leadkällan finns inte.”" in text
    assert "Björn Lindström – var redan anmäld" in text
    assert "Erik Johansson – får inte plats" in text
    assert "<!channel>" not in text
    buttons = [b["accessory"] for b in message.blocks if "accessory" in b]
    assert [(b["action_id"], b["text"]["text"]) for b in buttons] == [
        (BULK_UNDO_IDS[0], "Ångra Åsa Öberg")
    ]
    undo = read_bulk_undo(buttons[0]["value"])
    assert undo is not None
    assert (undo.signup_id, undo.signup_ids, undo.batch) == (
        11,
        (11, 12, 13, 14, 15),
        BulkBatch(total=5, fit=3),
    )
    [more, who] = message.blocks[-1]["elements"]
    assert (more["action_id"], more["value"]) == (ActionId.BOOK_MORE, "OBJ1_1/VIS1/TS1/11")
    assert (who["action_id"], who["value"]) == (ActionId.WHO, "OBJ1_1/VIS1/TS1")


def test_ten_contacts_fit_slacks_limits_in_english_too() -> None:
    rows = [dataclasses.replace(ROWS[0], id=n, contact_name="N" * 200) for n in range(1, 11)]
    message = bulk_message(BulkBatch(total=10, fit=None), rows, "en")
    assert len(message.blocks) <= 50
    for block in message.blocks:
        Block.parse(block).validate_json()  # type: ignore[union-attr]
    assert "Booking 10 for the viewing of Götgatan 14" in json.dumps(
        message.blocks, ensure_ascii=False
    )
    assert len({b["accessory"]["action_id"] for b in message.blocks if "accessory" in b}) == 10


@pytest.mark.parametrize(
    "value", ["", "bulk", "bulk:1:0:2", "bulk:1::" + ",".join(map(str, range(12))), "x:1:0:1"]
)
def test_an_undo_value_it_did_not_make_is_not_read(value: str) -> None:
    assert read_bulk_undo(value) is None

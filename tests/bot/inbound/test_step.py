"""The workflow step's inputs, read tolerantly from what Workflow Builder sends."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.domain import ReminderChoice
from bot.inbound.step import CALLBACK_ID, REMINDERS, StepInputs

MANIFEST = Path(__file__).resolve().parents[3] / "manifest.yml"


def test_inputs_are_read_as_workflow_builder_sends_them() -> None:
    given = StepInputs.read(
        {
            "objekt": "  Götgatan   14 ",
            "visningstid": 1_796_000_000,
            "kontakt": "070-123 45 67",
            "paminnelse": "SMS_60",
            "anmalare": "U0AGNETA",
        }
    )
    assert given == StepInputs(
        estate="Götgatan 14",
        starts_at=datetime.fromtimestamp(1_796_000_000, UTC),
        contact="070-123 45 67",
        reminder="sms_60",
        user_id="U0AGNETA",
    )


@pytest.mark.parametrize(
    "inputs",
    [{}, {"objekt": 14, "visningstid": True, "kontakt": ["x"], "paminnelse": None}],
)
def test_missing_or_odd_inputs_become_empty_to_be_said_so(inputs: dict[str, Any]) -> None:
    given = StepInputs.read(inputs)
    assert (given.estate, given.starts_at, given.contact, given.user_id) == ("", None, "", None)
    assert given.reminder == "ingen"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1796000000", 1_796_000_000),
        (1_796_000_000.5, 1_796_000_000.5),
        ("soon", None),
        (1e30, None),
    ],
)
def test_the_viewing_time_is_unix_seconds(value: object, expected: float | None) -> None:
    moment = StepInputs.read({"visningstid": value}).starts_at
    assert (moment.timestamp() if moment else None) == expected


def test_each_reminder_choice_is_when_and_how() -> None:
    assert REMINDERS["ingen"] == (ReminderChoice.NONE, False)
    assert REMINDERS["sms_60"] == (ReminderChoice.HOUR_1, True)
    assert REMINDERS["epost_1440"] == (ReminderChoice.DAY_1, False)
    assert len(REMINDERS) == 9


def test_the_manifest_declares_the_step_the_bot_reads() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    step = manifest["functions"][CALLBACK_ID]
    inputs = step["input_parameters"]
    assert set(inputs) == {
        "objekt",
        "visningstid",
        "kontakt",
        "paminnelse",
        "anmalare",
        "fornamn",
        "efternamn",
    }
    assert set(inputs["paminnelse"]["enum"]) == set(REMINDERS)
    assert {c["value"] for c in inputs["paminnelse"]["choices"]} == set(REMINDERS)
    assert set(step["output_parameters"]) == {"status", "message"}
    assert "function_executed" in manifest["settings"]["event_subscriptions"]["bot_events"]

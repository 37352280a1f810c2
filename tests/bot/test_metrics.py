"""The metrics' labels, and their sum over worker processes (prometheus_client multiprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.metrics import request_kind


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        ({"command": "/visning", "text": "götgatan"}, "command"),
        ({"type": "view_submission"}, "view_submission"),
        ({"type": "block_actions"}, "block_actions"),
        ({"type": "block_suggestion"}, "block_suggestion"),
        ({"type": "shortcut"}, "shortcut"),
        ({"type": "message_action"}, "message_action"),
        ({"type": "event_callback", "event": {"type": "app_home_opened"}}, "event"),
        ({"type": "url_verification"}, "url_verification"),
        # Whatever else arrives is one kind: a label is never a value someone else chose.
        ({"type": "U0AGNETA"}, "other"),
        ({"type": "x" * 10_000}, "other"),
        ({"type": ["view_submission"]}, "other"),
        ({}, "other"),
    ],
)
def test_a_request_is_labelled_by_a_closed_set_of_kinds(payload: dict[str, Any], kind: str) -> None:
    assert request_kind(payload) == kind


_WORKER = """
from bot import metrics
metrics.BOOKINGS.labels("booked").inc({count})
metrics.record_estate_cache({estates}, 12.0)
"""
_SCRAPER = """
import sys
from bot import metrics
sys.stdout.write(metrics.exposition().decode())
"""


def _python(code: str, directory: Path) -> str:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    done = subprocess.run(  # noqa: S603 - this interpreter, code of the test's own
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_several_worker_processes_are_summed_by_whichever_answers(tmp_path: Path) -> None:
    _python(_WORKER.format(count=2, estates=37), tmp_path)
    _python(_WORKER.format(count=3, estates=38), tmp_path)

    text = _python(_SCRAPER, tmp_path)

    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    assert samples[("visningsbot_bookings_total", (("outcome", "booked"),))] == 5
    # A gauge is the newest value any process wrote, not a sum over processes.
    assert samples[("visningsbot_estate_cache_estates", ())] == 38
    assert samples[("visningsbot_estate_cache_age_seconds", ())] == 12

"""What an operator graphs, in Prometheus' text format at ``GET /metrics``.

Labels are closed sets (an outcome, a request kind, an endpoint template, a Slack method and
error code), never an id or a name: a label value is kept for the life of the process and shown
to whoever scrapes it.

With several worker processes each one writes its values to files in PROMETHEUS_MULTIPROC_DIR
(set before Python starts, as ``visningsbot run --workers N`` does), and whichever process
answers ``/metrics`` adds them all up (prometheus_client's multiprocess mode).
"""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST

REQUEST_KINDS = frozenset(
    {
        "command",
        "view_submission",
        "view_closed",
        "block_actions",
        "block_suggestion",
        "shortcut",
        "message_action",
        "event",
        "url_verification",
    }
)
"""What ``ack_seconds`` tells apart; anything else Slack sends counts as ``other``."""

_ACK_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 5.0)
"""Slack gives up at 3 s: the buckets are finest where an answer is still comfortably in time."""
_VITEC_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.5, 5.0, 10.0, 20.0, 60.0)

BOOKINGS = Counter(
    "visningsbot_bookings",
    "Booking attempts settled, by outcome (booked, failed, …).",
    ["outcome"],
)
ACK_SECONDS = Histogram(
    "visningsbot_ack_seconds",
    "Seconds from a Slack request's arrival to the bot's answer, by request kind.",
    ["kind"],
    buckets=_ACK_BUCKETS,
)
VITEC_SECONDS = Histogram(
    "visningsbot_vitec_request_seconds",
    "Seconds per Vitec request (each attempt), by method, endpoint template and status "
    "(an HTTP status, or the kind of failure when no answer came).",
    ["method", "endpoint", "status"],
    buckets=_VITEC_BUCKETS,
)
SLACK_API_ERRORS = Counter(
    "visningsbot_slack_api_errors",
    "Slack Web API calls that failed, by method and Slack's error code (or the kind of failure).",
    ["method", "error"],
)
# In multiprocess mode a gauge keeps one value per process; "mostrecent" shows the last one
# written, which is the cluster's newest view (every process reads the same shared cache).
ESTATE_CACHE_ESTATES = Gauge(
    "visningsbot_estate_cache_estates",
    "Estates in the cache the property picker searches.",
    multiprocess_mode="mostrecent",
)
ESTATE_CACHE_AGE = Gauge(
    "visningsbot_estate_cache_age_seconds",
    "Seconds since the estate cache was last read from Vitec (-1 before it has ever been).",
    multiprocess_mode="mostrecent",
)
RECONCILE_BACKLOG = Gauge(
    "visningsbot_reconcile_backlog",
    "After the last reconciliation round: open attempts whose claim ran out (unsettled) and "
    "settled ones no agent was told of yet (untold).",
    ["kind"],
    multiprocess_mode="mostrecent",
)


def multiprocess() -> bool:
    """Whether the values are shared between worker processes through files."""
    return bool(os.environ.get(MULTIPROCESS_VARIABLE))


def request_kind(payload: dict[str, Any]) -> str:
    """The kind of a parsed Slack request body, as the ack histogram labels it."""
    if "command" in payload:
        return "command"
    kind = payload.get("type")
    if kind == "event_callback":
        return "event"
    if isinstance(kind, str) and kind in REQUEST_KINDS:
        return kind
    return "other"


def observe_vitec(method: str, template: str, status: str, seconds: float) -> None:
    """One Vitec request ended: ``template`` is the path with its ids as placeholders."""
    VITEC_SECONDS.labels(method, template, status).observe(seconds)


def record_estate_cache(estates: int, age_seconds: float | None) -> None:
    """How large and how old the estate cache is now."""
    ESTATE_CACHE_ESTATES.set(estates)
    ESTATE_CACHE_AGE.set(-1 if age_seconds is None else age_seconds)


def exposition() -> bytes:
    """Every metric in the text format: this process's, or all workers' in multiprocess mode."""
    if not multiprocess():
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # untyped in the package
    return generate_latest(registry)

"""The figures of one run, from what the load generator, the simulator and the fake Slack saw.

Conventions:
- A request Slack got no usable answer to (no answer within the timeout, a broken connection, a
  status other than 200) is a Slack failure and counts at the timeout in latency percentiles:
  Slack has shown the agent an error by then.
- Bookings are matched by ``viewingId/contactId`` (one contact holds one slot per viewing).
  Lost: submitted but not in Vitec. Duplicate requests: more than one booking POST for a pair;
  Vitec (the simulator) refuses the second, so the harm would be an error shown, or a double
  booking in a Vitec that accepts it.
- Overhead: the acknowledgement latency minus the time the simulator spent answering that
  submission's Vitec calls, for submissions acknowledged with their outcome (not "Bokar…").
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bench.load import LoadResult, Sample

_BOOKING = re.compile(r"^/?Viewing/[^/]+/(?P<viewing>[^/]+)/[^/]+/Participant/(?P<contact>[^/]+)$")
_CHECK = re.compile(r"^/?ViewingParticipant/[^/]+/(?P<contact>[^/]+)/(?P<viewing>[^/]+)$")
_BASELINE_MESSAGE = re.compile(r"anmälde (?P<contact>ADR\w+) till visning (?P<viewing>VIS\w+)")
OUTCOME_ANSWERS = ("closed", "errors", "result")


def percentile(values: Sequence[float], point: float) -> float:
    """The ``point``-th percentile (0-100), linearly interpolated; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * point / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def distribution_ms(seconds: Sequence[float]) -> dict[str, float | int]:
    """p50, p95, p99, max and mean in milliseconds, and how many values."""
    if not seconds:
        return {"n": 0}
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50": round(percentile(ms, 50), 1),
        "p95": round(percentile(ms, 95), 1),
        "p99": round(percentile(ms, 99), 1),
        "max": round(max(ms), 1),
        "mean": round(sum(ms) / len(ms), 1),
    }


def quantiles_ms(seconds: Sequence[float]) -> list[float]:
    """The 0th to 100th percentiles in milliseconds, for drawing a distribution."""
    return [round(percentile([s * 1000 for s in seconds], p), 2) for p in range(101)]


def failed(sample: Sample, timeout: float) -> bool:
    """Whether Slack got no usable answer to this request in time."""
    return sample.latency is None or sample.status != 200 or sample.latency >= timeout


def ack_figures(load: LoadResult) -> dict[str, Any]:
    """Acknowledgement latency, Slack failures and how the app answered."""
    timeout = load.spec.timeout
    samples = load.samples
    failures = [failed(s, timeout) for s in samples]
    latencies = [
        timeout if bad or s.latency is None else s.latency
        for s, bad in zip(samples, failures, strict=True)
    ]
    answered = [lat for lat, bad in zip(latencies, failures, strict=True) if not bad]
    answers = Counter(s.answer or ("timeout" if s.timed_out else "no answer") for s in samples)
    details = Counter(s.detail for s in samples if s.detail)
    elapsed = max(load.finished_at - load.started_at, 1e-9)
    share = sum(failures) / len(samples) if samples else 0.0
    return {
        "requests": len(samples),
        "ack_ms": distribution_ms(latencies),
        "answered_share": round(1 - share, 4),
        "answered_quantiles_ms": quantiles_ms(answered) if answered else [],
        "slack_failures": sum(failures),
        "slack_failure_share": round(share, 4),
        "timeouts": sum(
            1
            for s, bad in zip(samples, failures, strict=True)
            if bad and s.status is None and not s.error
        ),
        "connection_errors": sum(1 for s in samples if s.error),
        "non_200": sum(1 for s in samples if s.status is not None and s.status != 200),
        "answers": dict(sorted(answers.items())),
        "hints": dict(details.most_common(5)),
        "send_seconds": round(elapsed, 2),
        "requests_per_s": round(len(samples) / elapsed, 1),
    }


def _pair(viewing: str, contact: str) -> str:
    return f"{viewing.upper()}/{contact.upper()}"


def vitec_calls(requests: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per pair: booking POSTs (status each) and the milliseconds the simulator took in all."""
    calls: dict[str, dict[str, Any]] = defaultdict(lambda: {"posts": [], "ms": 0.0, "checks": 0})
    for record in requests:
        path = str(record.get("path") or "")
        method = record.get("method")
        found = _BOOKING.match(path) if method == "POST" else _CHECK.match(path)
        if found is None:
            continue
        entry = calls[_pair(found["viewing"], found["contact"])]
        entry["ms"] += float(record.get("ms") or 0.0)
        if method == "POST":
            entry["posts"].append(record.get("status"))
        else:
            entry["checks"] += 1
    return dict(calls)


def confirmation_times(
    samples: Sequence[Sample], confirmations: Mapping[str, Any]
) -> dict[str, float]:
    """When the confirmation of each pair reached the fake Slack (epoch seconds)."""
    by_url: Mapping[str, float] = confirmations.get("responseUrls", {})
    times: dict[str, float] = {}
    for sample in samples:
        if sample.response_url and sample.response_url in by_url:
            times[sample.key.upper()] = by_url[sample.response_url]
    for message in confirmations.get("messages", []):
        found = _BASELINE_MESSAGE.search(str(message.get("text") or ""))
        if found is not None:
            key = _pair(found["viewing"], found["contact"])
            times.setdefault(key, float(message["ts"]))
    return times


_ID_SEGMENT = re.compile(r"^([A-Z]{2,5}[0-9A-Z_]{6,}|M\d+|\d+)$")
_SIMULATOR_TIME = ZoneInfo("Europe/Stockholm")
"""The simulator records Swedish wall-clock times without an offset."""


def vitec_requests_per_submission(
    requests: Iterable[Mapping[str, Any]], since: float, submissions: int
) -> dict[str, float]:
    """Vitec requests made from the first measured submission on, per submission, by kind."""
    kinds: Counter[str] = Counter()
    for record in requests:
        at = record.get("at")
        if not isinstance(at, str):
            continue
        moment = datetime.fromisoformat(at)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=_SIMULATOR_TIME)
        if moment.timestamp() < since:
            continue
        segments = [p for p in str(record.get("path") or "").split("/") if p]
        template = "/".join("{id}" if _ID_SEGMENT.search(p) else p for p in segments)
        kinds[f"{record.get('method')} {template}"] += 1
    return {k: round(n / max(submissions, 1), 2) for k, n in sorted(kinds.items())}


def booking_figures(
    load: LoadResult,
    bookings: Sequence[Mapping[str, Any]],
    requests: Sequence[Mapping[str, Any]],
    confirmations: Mapping[str, Any],
) -> dict[str, Any]:
    """Bookings Vitec holds against submissions; confirmations; overhead; throughput."""
    samples = load.samples
    per_submission = vitec_requests_per_submission(requests, load.started_at, len(samples))
    submitted = {s.key.upper() for s in samples}
    warmup = {k.upper() for k in load.warmup_keys}
    held = Counter(
        key
        for b in bookings
        if b.get("removedAt") is None
        and (key := _pair(b["viewingId"], b["contactId"])) not in warmup
    )
    calls = vitec_calls(requests)
    booked = submitted & set(held)
    confirmed_at = confirmation_times(samples, confirmations)
    by_key = {s.key.upper(): s for s in samples}
    confirm_latency = [
        confirmed_at[k] - by_key[k].sent_at for k in booked if k in confirmed_at and k in by_key
    ]
    overhead = [
        (s.latency or 0.0) - calls[s.key.upper()]["ms"] / 1000
        for s in samples
        if s.answer in OUTCOME_ANSWERS
        and not failed(s, load.spec.timeout)
        and s.key.upper() in calls
    ]
    vitec_ms = [calls[k]["ms"] / 1000 for k in submitted if k in calls]
    last_confirmation = max((confirmed_at[k] for k in booked if k in confirmed_at), default=None)
    complete = sum(1 for k in booked if k in confirmed_at)
    span = (last_confirmation - load.started_at) if last_confirmation else None
    timeout = load.spec.timeout
    silent = [
        s
        for s in samples
        if s.key.upper() in booked and (failed(s, timeout) or s.answer == "errors")
    ]
    return {
        "submitted": len(submitted),
        "booked": len(booked),
        "lost": len(submitted - set(held)),
        "doubled_in_vitec": sum(1 for k in booked if held[k] > 1),
        "unexpected": len(set(held) - submitted),
        "duplicate_requests": sum(
            1 for k in submitted if len(calls.get(k, {}).get("posts", [])) > 1
        ),
        "booking_posts": sum(len(calls[k]["posts"]) for k in submitted if k in calls),
        "booked_but_agent_saw_error": len(silent),
        "confirmed": complete,
        "unconfirmed": len(booked) - complete,
        "confirm_ms": distribution_ms(confirm_latency),
        "vitec_ms_per_submission": distribution_ms(vitec_ms),
        "overhead_ms": distribution_ms(overhead),
        "bookings_per_s": round(complete / span, 1) if span and span > 0 else None,
        "vitec_requests_per_submission": per_submission,
    }

"""The load generator: Slack's side of the traffic, signed as Slack signs it, in its own process.

``python -m bench.load SPEC.json RESULT.json`` prepares the requests a spec asks for (forms planned
by the simulator and opened in the fake Slack, ``/visning`` bodies, or picker queries), then sends
them to the app with N in flight (closed loop) or at N per second (open loop), and writes what
each request met: when it was sent, how long the answer took, and what it said. A request still
unanswered after ``timeout`` seconds is abandoned, as Slack abandons it after three.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import resource
import sys
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

import aiohttp

from bench import forms
from bot.ui.ids import ActionId, CallbackId
from bot.ui.options import HINT_VALUE

Kind = Literal["submit", "command", "estate_options", "contact_options"]
SETUP_CHUNK = 200
"""Forms opened in the fake Slack per request while preparing."""
WARMUP_PAUSE = 1.0
FILLING_CONCURRENCY = 20
"""Form-filling requests in flight at once before the measured run (not measured)."""
"""Seconds between the warm-up and the measured requests, for the warm-up's own follow-ups."""


@dataclass(frozen=True)
class LoadSpec:
    """What one load run sends, where, and how fast."""

    kind: Kind
    app_url: str
    """The app's Slack request URL (``…/slack/events``)."""
    slack_url: str
    simulator_url: str
    signing_secret: str
    count: int
    concurrency: int | None = None
    """Closed loop: this many requests in flight (exactly one of concurrency and rate is set)."""
    rate: float | None = None
    """Open loop: this many requests started per second, whatever the answers do."""
    timeout: float = 3.0
    max_seconds: float = 900.0
    """Hard limit on the sending phase."""
    seed: int = 7
    warmup: int = 0
    """Requests sent one by one before the measured ones, and left out of every figure."""
    warm_forms: bool = False
    """Before the measured submissions, each agent picks the estate and searches the contact
    in their form through the app, as an agent filling in the form does (left out of every
    figure: the app's CPU is measured from the first measured request on)."""

    def __post_init__(self) -> None:
        if (self.concurrency is None) == (self.rate is None):
            raise ValueError("set exactly one of concurrency and rate")
        if self.count < 1:
            raise ValueError("count must be at least 1")


@dataclass
class Sample:
    """One request and what it met."""

    key: str
    """What ties it to the simulator and the fake Slack: ``viewingId/contactId`` or the query."""
    response_url: str | None
    sent_at: float
    """Wall-clock time the request was started (comparable across processes)."""
    latency: float | None = None
    """Seconds until the whole answer was read; None when there was none."""
    status: int | None = None
    timed_out: bool = False
    error: str | None = None
    answer: str | None = None
    """closed, pending, result, errors, options, hint, empty or other."""
    detail: str | None = None
    """The text of a picker's single hint option (type more, no match, could not search)."""


@dataclass
class LoadResult:
    """Everything a load run measured; the harness reads it back from RESULT.json."""

    spec: LoadSpec
    setup_seconds: float
    started_at: float
    finished_at: float
    cpu_seconds: float
    """CPU time of this process, so the report can show what the load itself cost."""
    samples: list[Sample] = field(default_factory=list)
    warmup_keys: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Request:
    """One prepared request body and its correlation key."""

    key: str
    body: str
    response_url: str | None = None
    filling: tuple[str, ...] = ()
    """What the agent sent while filling in this form (``LoadSpec.warm_forms``)."""


def sign(secret: str, body: str, timestamp: str) -> str:
    """Slack's v0 request signature."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def classify(kind: Kind, text: str) -> tuple[str, str | None]:
    """What an answer told Slack to do, and a picker hint's text."""
    if not text.strip():
        return ("closed" if kind == "submit" else "empty"), None
    try:
        answer = json.loads(text)
    except ValueError:
        return "other", None
    if not isinstance(answer, dict):
        return "other", None
    action = answer.get("response_action")
    if action == "errors":
        return "errors", None
    if action == "update":
        view = answer.get("view") or {}
        pending = view.get("callback_id") == CallbackId.SIGNUP_PENDING
        return ("pending" if pending else "result"), None
    options = answer.get("options")
    if isinstance(options, list) and len(options) == 1 and options[0].get("value") == HINT_VALUE:
        return "hint", str(options[0].get("text", {}).get("text", ""))[:80]
    if options is not None or "option_groups" in answer:
        return "options", None
    return "other", None


class Sender:
    """Signs and posts bodies to the app, recording a Sample per request."""

    def __init__(self, spec: LoadSpec, session: aiohttp.ClientSession) -> None:
        self._spec = spec
        self._session = session
        self.samples: list[Sample] = []

    async def send(self, request: Request) -> None:
        """Send one request and record how it went."""
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": sign(self._spec.signing_secret, request.body, timestamp),
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        }
        sample = Sample(request.key, request.response_url, sent_at=time.time())
        self.samples.append(sample)
        started = time.perf_counter()
        try:
            async with self._session.post(
                self._spec.app_url, data=request.body.encode(), headers=headers
            ) as response:
                text = await response.text()
            sample.latency = time.perf_counter() - started
            sample.status = response.status
            sample.answer, sample.detail = classify(self._spec.kind, text)
        except TimeoutError:
            sample.timed_out = True
        except aiohttp.ClientError as exc:
            sample.error = type(exc).__name__


async def closed_loop(requests: Sequence[Request], concurrency: int, send: Sender) -> None:
    """Keep ``concurrency`` requests in flight until every request has been sent."""
    queue = iter(requests)

    async def worker() -> None:
        for request in queue:
            await send.send(request)

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def open_loop(
    batches: Callable[[int], Coroutine[Any, Any, list[Request]]],
    count: int,
    rate: float,
    send: Sender,
) -> None:
    """Start requests at ``rate`` per second, whatever the earlier ones are doing.

    Requests come in one-second batches, the next one asked for while the current one is sent,
    so bodies with short-lived parts (trigger ids) are fresh when they go out.
    """
    loop = asyncio.get_running_loop()
    per_batch = max(1, round(rate))
    started = loop.time()
    tasks: list[asyncio.Task[None]] = []
    sent = 0
    upcoming = asyncio.create_task(batches(min(per_batch, count)))
    while sent < count:
        batch = await upcoming
        remaining = count - sent - len(batch)
        if remaining > 0:
            upcoming = asyncio.create_task(batches(min(per_batch, remaining)))
        for request in batch:
            delay = started + sent / rate - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(send.send(request)))
            sent += 1
    await asyncio.gather(*tasks)


async def _post_json(session: aiohttp.ClientSession, url: str, data: Any) -> Any:
    async with session.post(url, json=data, timeout=aiohttp.ClientTimeout(total=120)) as answer:
        answer.raise_for_status()
        return await answer.json()


async def _get_json(session: aiohttp.ClientSession, url: str) -> Any:
    async with session.get(url, timeout=aiohttp.ClientTimeout(total=120)) as answer:
        answer.raise_for_status()
        return await answer.json()


async def prepare_submissions(
    spec: LoadSpec, session: aiohttp.ClientSession, count: int
) -> list[Request]:
    """Plan targets, open a filled-in form for each in the fake Slack, collect the bodies."""
    plan = await _get_json(session, f"{spec.simulator_url}/_bench/targets?count={count}")
    if len(plan["targets"]) < count:
        raise SystemExit(
            f"the simulator has only {len(plan['targets'])} bookable pairs for {count} "
            "submissions: start it with more estates or contacts"
        )
    filled = forms.submission_forms(plan)
    requests: list[Request] = []
    for start in range(0, len(filled), SETUP_CHUNK):
        chunk = filled[start : start + SETUP_CHUNK]
        opened = await _post_json(session, f"{spec.slack_url}/_bench/submissions", {"forms": chunk})
        for form, submission in zip(chunk, opened["submissions"], strict=True):
            viewing = form["slotValue"].split("/")[0]
            requests.append(
                Request(
                    key=f"{viewing}/{form['contactId']}",
                    body=submission["body"],
                    response_url=submission["responseUrl"],
                    filling=tuple(submission.get("warm") or ()),
                )
            )
    return requests


async def prepare_suggestions(
    spec: LoadSpec, session: aiohttp.ClientSession, count: int
) -> list[Request]:
    """block_suggestion bodies for the estate or the contact picker."""
    catalogue = await _get_json(session, f"{spec.simulator_url}/_bench/catalogue")
    if spec.kind == "estate_options":
        queries = forms.estate_queries(catalogue["estates"], count, spec.seed)
        action = ActionId.ESTATE
    else:
        queries = forms.contact_queries(catalogue["contacts"], count, spec.seed)
        action = ActionId.CONTACT
    bodies = forms.suggestion_bodies(action, queries)
    return [
        Request(key=q, body=urlencode({"payload": json.dumps(b, ensure_ascii=False)}))
        for q, b in zip(queries, bodies, strict=True)
    ]


async def run(spec: LoadSpec) -> LoadResult:
    """Prepare, then send every request of the spec; returns what was measured."""
    connector = aiohttp.TCPConnector(limit=spec.concurrency or 0)
    timeout = aiohttp.ClientTimeout(total=spec.timeout)
    async with (
        aiohttp.ClientSession() as setup,
        aiohttp.ClientSession(connector=connector, timeout=timeout) as session,
    ):
        prepared = time.perf_counter()
        total = spec.count + spec.warmup
        requests: list[Request] = []
        if spec.kind == "submit":
            requests = await prepare_submissions(spec, setup, total)
        elif spec.kind in ("estate_options", "contact_options"):
            requests = await prepare_suggestions(spec, setup, total)

        async def commands(n: int) -> list[Request]:
            answer = await _post_json(setup, f"{spec.slack_url}/_bench/commands", {"count": n})
            return [Request(key="/visning", body=b) for b in answer["bodies"]]

        # A fresh process does first-time work (imports, connections, Bolt's auth.test) on its
        # first requests; a few unmeasured ones keep that out of the figures.
        if spec.kind == "command":
            warm = await commands(spec.warmup) if spec.warmup else []
        else:
            warm, requests = requests[: spec.warmup], requests[spec.warmup :]
        warming = Sender(spec, session)
        for request in warm:
            await warming.send(request)
        if spec.warm_forms:
            filling = [Request(key="filling", body=b) for r in requests for b in r.filling]
            await closed_loop(filling, FILLING_CONCURRENCY, Sender(spec, session))
        if warm or spec.warm_forms:
            await asyncio.sleep(WARMUP_PAUSE)
        setup_seconds = time.perf_counter() - prepared

        async def prepared_batches(n: int) -> list[Request]:
            taken = requests[:n]
            del requests[:n]
            return taken

        sender = Sender(spec, session)
        started_at = time.time()
        async with asyncio.timeout(spec.max_seconds):
            if spec.concurrency is not None:
                await closed_loop(requests, spec.concurrency, sender)
            else:
                assert spec.rate is not None
                source = commands if spec.kind == "command" else prepared_batches
                await open_loop(source, spec.count, spec.rate, sender)
        finished_at = time.time()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return LoadResult(
        spec=spec,
        setup_seconds=setup_seconds,
        started_at=started_at,
        finished_at=finished_at,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        samples=sender.samples,
        warmup_keys=[r.key for r in warm],
    )


def read_result(path: Path) -> LoadResult:
    """A LoadResult written by this module."""
    data = json.loads(path.read_text())
    return LoadResult(
        spec=LoadSpec(**data["spec"]),
        setup_seconds=data["setup_seconds"],
        started_at=data["started_at"],
        finished_at=data["finished_at"],
        cpu_seconds=data["cpu_seconds"],
        samples=[Sample(**s) for s in data["samples"]],
        warmup_keys=data.get("warmup_keys", []),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the spec in SPEC.json and write RESULT.json."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m bench.load SPEC.json RESULT.json", file=sys.stderr)
        return 2
    spec = LoadSpec(**json.loads(Path(args[0]).read_text()))
    result = asyncio.run(run(spec))
    Path(args[1]).write_text(json.dumps(asdict(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

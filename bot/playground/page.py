"""The playground's web page: a small Slack look-alike plus a look under the hood.

Everything the page does as a Slack user goes through the fake Slack's client API
(`/slack/_client/…`). What that API does not offer lives here: the page itself, the fault
switches and the "under the hood" log, which merges three records — the signed requests Slack
delivered to the bot, the Web API calls the bot made, and the requests Vitec received.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bot.simulator import BrokenEstate, Latency, ServerErrors, Shape, known
from bot.simulator.booking import is_full
from bot.simulator.records import Registration

if TYPE_CHECKING:
    from bot.playground.run import Playground
    from bot.playground.slack.records import ApiCall, Delivery, JsonDict, TimelineEntry
    from bot.simulator.records import Slot, ViewingRecord
    from bot.simulator.state import RequestRecord, SimulatorState

WEB = Path(__file__).parent / "web"

SLOW_SECONDS = 4.0
"""Delay of a slow Vitec's bookings: longer than the bot waits before it shows "Bokar…"."""
WRONG_PASSWORD = "fel-lösenord"  # noqa: S105 - the point is that it is not the password
ODD_SHAPE = Shape(
    omit_defaults=True, numbers=True, nested_address=True, broken_estate=BrokenEstate()
)
"""The "odd" switch: every shape Vitec's contract allows at once, and one estate answering 500."""
FILLER_PREFIX = "ADRPLAYGROUNDFULL"
"""Contact ids of the made-up participants that fill the well-known slot."""
LOG_LIMIT = 200
"""Entries of the under-the-hood log the page gets; older ones are left out."""
MASK = "••••"
SIGNATURE_SHOWN = 14
"""Characters of a request signature shown: enough to tell requests apart, too few to replay."""

_STOCKHOLM = ZoneInfo("Europe/Stockholm")

# The browser runs nothing but our own files; bot and user text is never markup.
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class _StaticFiles(StaticFiles):
    """The page's assets; revalidated on every load so a changed file is never served stale."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "no-cache"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


@dataclass
class FaultSwitches:
    """The page's fault switches, read from and written to the simulator's live state.

    Reading them from the simulator (rather than remembering what was flipped) keeps the page
    truthful when someone changes the simulator through its admin API as well.
    """

    state: SimulatorState
    office: str
    password: str
    """The password the bot logs in with: what "Fel lösenord" takes away and gives back."""
    fillers: list[Registration] = field(default_factory=list)

    NAMES: ClassVar[tuple[str, ...]] = ("slow", "down", "password", "full", "odd")

    def read(self) -> dict[str, bool]:
        """Which switches are on."""
        faults = self.state.faults
        viewing, slot = self._well_known_slot()
        return {
            "slow": faults.latency is not None,
            "down": faults.server_errors is not None,
            "password": self.state.password_of(self.office) != self.password,
            "full": is_full(self.state, viewing, slot),
            "odd": self.state.shape != Shape(),
        }

    def flip(self, name: str, on: bool) -> None:
        """Turn one switch on or off."""
        faults = self.state.faults
        match name:
            case "slow":
                # Only the booking is slow: the pickers stay quick so the form can be filled.
                latency = Latency(seconds=SLOW_SECONDS, method="POST") if on else None
                self.state.faults = faults.model_copy(update={"latency": latency})
            case "down":
                errors = ServerErrors(rate=1.0, status=503) if on else None
                self.state.faults = faults.model_copy(update={"server_errors": errors})
            case "password":
                self.state.set_password(self.office, WRONG_PASSWORD if on else self.password)
            case "full" if on:
                self._fill()
            case "full":
                self._empty()
            case "odd":
                self.state.configure(shape=ODD_SHAPE if on else Shape())
            case _:
                raise ValueError(f"no switch {name!r}")

    def _well_known_slot(self) -> tuple[ViewingRecord, Slot]:
        viewing = self.state.data.viewing(known.SODERMALM, known.VIEWING_ID)
        slot = viewing.slot(known.SLOT_ID) if viewing else None
        if viewing is None or slot is None:
            raise RuntimeError("the simulator's sample data lacks the well-known viewing")
        return viewing, slot

    def _fill(self) -> None:
        # Made-up participants take the free places, the way other agents' bookings would.
        viewing, slot = self._well_known_slot()
        free = (viewing.capacity or 0) - self.state.participants(viewing, slot.id)
        first = len(self.fillers)
        for n in range(first, first + max(free, 0)):
            filler = Registration(
                customer_id=viewing.customer_id,
                viewing_id=viewing.id,
                slot_id=slot.id,
                contact_id=f"{FILLER_PREFIX}{n:04d}",
            )
            self.state.add_participant(filler, None)
            self.fillers.append(filler)

    def _empty(self) -> None:
        for filler in self.fillers:
            # A simulator reset has already removed them.
            if self.state.participant(filler.customer_id, filler.viewing_id, filler.contact_id):
                self.state.remove_participant(filler)
        self.fillers.clear()


def _epoch(wall_clock: datetime) -> float:
    """A simulator timestamp (Swedish wall-clock time without an offset) as epoch seconds."""
    moment = wall_clock if wall_clock.tzinfo else wall_clock.replace(tzinfo=_STOCKHOLM)
    return moment.timestamp()


def _short_signature(signature: str) -> str:
    return signature[:SIGNATURE_SHOWN] + "…" if len(signature) > SIGNATURE_SHOWN else signature


def _delivery_title(delivery: Delivery) -> str:
    payload = delivery.payload
    match delivery.kind:
        case "slash_command":
            return f"{payload.get('command', '')} {payload.get('text', '')}".strip()
        case "block_suggestion":
            return f"block_suggestion · {payload.get('action_id')} ”{payload.get('value', '')}”"
        case "block_actions":
            actions = payload.get("actions") or [{}]
            return f"block_actions · {actions[0].get('action_id')}"
        case "view_submission" | "view_closed":
            view = payload.get("view") or {}
            return f"{delivery.kind} · {view.get('callback_id') or view.get('id')}"
    return str(delivery.kind)


def _delivery_entry(index: int, delivery: Delivery) -> JsonDict:
    user = delivery.payload.get("user")
    who = user.get("id") if isinstance(user, dict) else delivery.payload.get("user_id")
    result = (
        f"{delivery.status} · {delivery.outcome}"
        if delivery.status
        else f"{delivery.reason or 'inget svar'}"
    )
    return {
        "id": f"d{index}",
        "source": "slack",
        "badge": "Slack",
        "note": _short_signature(delivery.signature),
        # Recorded when the answer came; shown at the moment Slack sent it, before what it caused.
        "at": delivery.at - delivery.ms / 1000,
        "title": _delivery_title(delivery),
        "status": delivery.status or None,
        "ok": delivery.outcome not in ("failed", "blocked"),
        "ms": delivery.ms,
        "result": result,
        "lines": [
            "POST /bot/slack/events",
            f"X-Slack-Request-Timestamp: {delivery.timestamp}",
            f"X-Slack-Signature: {_short_signature(delivery.signature)}",
            *([f"user: {who}"] if who else []),
            *([f"Slack visar: {delivery.error}"] if delivery.error else []),
        ],
        "detail": f"/api/log/delivery/{index}",
    }


def _api_entry(index: int, call: ApiCall) -> JsonDict:
    error = call.result.get("error")
    return {
        "id": f"a{index}",
        "source": "api",
        "badge": "Web API",
        "note": None,
        "at": call.at,
        "title": call.method,
        "status": call.status,
        "ok": call.ok,
        "ms": None,
        "result": f"{call.status} · {'ok' if call.ok else error}",
        "lines": [f"POST /slack/api/{call.method}", f"Authorization: Bearer xoxb-{MASK}"],
        "detail": f"/api/log/api/{index}",
    }


def _response_url_entry(index: int, entry: TimelineEntry) -> JsonDict:
    # The fake logs "response_url → C0VISNING ok" (or the error instead of ok).
    where, _, outcome = entry.summary.removeprefix("response_url").strip().rpartition(" ")
    return {
        "id": f"r{index}",
        "source": "api",
        "badge": "response_url",
        "note": None,
        "at": entry.at,
        "title": f"POST response_url {where}".strip(),
        "status": entry.status,
        "ok": entry.ok,
        "ms": entry.ms,
        "result": outcome,
        "lines": ["POST /slack/response/…"],
        "detail": None,
    }


def _unsent_entry(index: int, entry: TimelineEntry) -> JsonDict:
    # The fake logs "view_submission <callback> by <user> not sent: <block>: <message>".
    what, _, why = entry.summary.partition(" not sent: ")
    return {
        "id": f"u{index}",
        "source": "slack",
        "badge": "Slack",
        "note": None,
        "at": entry.at,
        "title": f"{what.split(' by ')[0]} · inte skickad",
        "status": None,
        "ok": False,
        "ms": None,
        "result": why,
        "lines": ["Slack kontrollerar obligatoriska fält själv och skickade inget till boten."],
        "detail": None,
    }


def _vitec_entry(record: RequestRecord) -> JsonDict:
    query = f"?{record.query}" if record.query else ""
    return {
        "id": f"v{record.at.isoformat()}{record.method}{record.path}",
        "source": "vitec",
        "badge": "Vitec",
        "note": record.authorization,
        "at": _epoch(record.at),
        "title": f"{record.method} {record.path}{query}",
        "status": record.status,
        "ok": record.status is None or record.status < 400,
        "pending": record.status is None,
        "ms": record.ms,
        "result": "väntar på svar…" if record.status is None else str(record.status),
        "lines": [
            f"{record.method} {record.path}{query}",
            f"Authorization: {record.authorization or '(ingen)'}",
        ],
        "body": record.body,
        "detail": None,
    }


def log_entries(playground: Playground) -> list[JsonDict]:
    """Everything that happened underneath, newest first."""
    world = playground.slack.world
    # Only the newest of each record can make it into the newest LOG_LIMIT entries.
    deliveries = len(world.deliveries)
    entries = [
        _delivery_entry(i, world.deliveries[i])
        for i in range(max(0, deliveries - LOG_LIMIT), deliveries)
    ]
    calls = len(world.api_calls)
    entries += [_api_entry(i, world.api_calls[i]) for i in range(max(0, calls - LOG_LIMIT), calls)]
    for i, event in enumerate(world.timeline):
        if event.kind == "response_url":
            entries.append(_response_url_entry(i, event))
        elif event.kind == "delivery" and event.status is None:
            entries.append(_unsent_entry(i, event))
    entries += [_vitec_entry(r) for r in list(playground.simulator.state.requests)[:LOG_LIMIT]]
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries[:LOG_LIMIT]


def log_version(playground: Playground, switches: dict[str, bool]) -> str:
    """Changes whenever the log or the switches do, so a poll can skip an unchanged log."""
    world = playground.slack.world
    requests = playground.simulator.state.requests
    newest = requests[0].at.isoformat() if requests else ""
    waiting = sum(1 for r in requests if r.status is None)
    counts = (len(world.deliveries), len(world.api_calls), len(world.timeline), len(requests))
    flags = "".join("1" if on else "0" for on in switches.values())
    return f"{'.'.join(map(str, counts))}.{waiting}.{newest}.{flags}"


def _json_or_text(body: str) -> object:
    try:
        return json.loads(body) if body.strip() else None
    except ValueError:
        return body


def page_routes(playground: Playground) -> list[BaseRoute]:
    """The page at `/`, its assets under `/static`, and its small JSON API under `/api`."""
    switches = FaultSwitches(
        state=playground.simulator.state,
        office=playground.settings.vitec_customer_id,
        password=playground.settings.vitec_password.get_secret_value(),
    )

    async def index(request: Request) -> Response:
        return FileResponse(WEB / "index.html", headers=_SECURITY_HEADERS)

    async def faults(request: Request) -> Response:
        if request.method == "PUT":
            try:
                change = await request.json()
                if not isinstance(change, dict) or not change:
                    raise ValueError('send an object such as {"slow": true}')
                for name, on in change.items():
                    if name not in FaultSwitches.NAMES or not isinstance(on, bool):
                        raise ValueError(f"{name!r} is not a switch, or not true/false")
                for name, on in change.items():
                    switches.flip(name, on)
            except ValueError as refused:
                return JSONResponse({"error": str(refused)}, status_code=400)
        return JSONResponse(switches.read())

    async def log(request: Request) -> Response:
        flags = switches.read()
        version = log_version(playground, flags)
        if request.query_params.get("version") == version:
            return JSONResponse({"version": version, "same": True})
        return JSONResponse(
            {"version": version, "entries": log_entries(playground), "switches": flags}
        )

    async def log_detail(request: Request) -> Response:
        world = playground.slack.world
        kind, index = request.path_params["kind"], request.path_params["index"]
        if kind == "delivery" and index < len(world.deliveries):
            delivery = world.deliveries[index]
            payload = dict(delivery.payload)
            if "token" in payload:
                # The deprecated verification token: a shared secret in a real workspace.
                payload["token"] = MASK
            return JSONResponse({"request": payload, "response": _json_or_text(delivery.body)})
        if kind == "api" and index < len(world.api_calls):
            call = world.api_calls[index]
            return JSONResponse({"request": call.args, "response": call.result})
        return JSONResponse({"error": "no such entry"}, status_code=404)

    return [
        Route("/", index, methods=["GET"]),
        Route("/api/faults", faults, methods=["GET", "PUT"]),
        Route("/api/log", log, methods=["GET"]),
        Route("/api/log/{kind}/{index:int}", log_detail, methods=["GET"]),
        Mount("/static", app=_StaticFiles(directory=WEB), name="static"),
    ]

"""The playground's web page: a small Slack look-alike plus a look under the hood.

Everything the page does as a Slack user goes through the fake Slack's client API
(`/slack/_client/…`). What that API does not offer lives here: the page itself, the fault
switches and the "under the hood" log, which merges three records — the signed requests Slack
delivered to the bot, the Web API calls the bot made, and the bot's calls to Vitec as the bot
saw them. Personal data in them is masked as the bot keeps it out of its logs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bot.ui.ids import ActionId
from devtools.playground.masking import mask_json, mask_text
from devtools.simulator import BrokenEstate, Latency, ServerErrors, Shape, known
from devtools.simulator.admin import WebBooking, book_from_web
from devtools.simulator.booking import is_full
from devtools.simulator.records import Registration

if TYPE_CHECKING:
    from devtools.playground.parts import Playground
    from devtools.playground.slack.records import ApiCall, Delivery, JsonDict, TimelineEntry
    from devtools.playground.vitec_calls import VitecCall
    from devtools.simulator.records import Slot, ViewingRecord
    from devtools.simulator.state import SimulatorState

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
"""Entries of each source (Slack, Web API, Vitec) the page gets; it says how many it leaves out."""
MASK = "••••"
HIDDEN_INPUTS = frozenset({ActionId.MESSAGE.value})
"""Form inputs whose text the panel withholds in Slack's payloads: the contact's message."""
SIGNATURE_SHOWN = 14
"""Characters of a request signature shown: enough to tell requests apart, too few to replay."""


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

    NAMES: ClassVar[tuple[str, ...]] = ("slow", "down", "password", "full", "odd", "quiet")

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
            "quiet": not self.state.notifier.enabled,
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
            case "quiet":
                self.state.notifier.configure(enabled=not on)
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


def _short_signature(signature: str) -> str:
    return signature[:SIGNATURE_SHOWN] + "…" if len(signature) > SIGNATURE_SHOWN else signature


def _delivery_title(delivery: Delivery) -> str:
    payload = delivery.payload
    match delivery.kind:
        case "slash_command":
            return mask_text(f"{payload.get('command', '')} {payload.get('text', '')}".strip())
        case "block_suggestion":
            typed = mask_text(str(payload.get("value", "")))
            return f"block_suggestion · {payload.get('action_id')} ”{typed}”"
        case "block_actions":
            actions = payload.get("actions") or [{}]
            return f"block_actions · {actions[0].get('action_id')}"
        case "view_submission" | "view_closed":
            view = payload.get("view") or {}
            return f"{delivery.kind} · {view.get('callback_id') or view.get('id')}"
        case "shortcut" | "message_action":
            return f"{delivery.kind} · {payload.get('callback_id')}"
        case "event_callback":
            event = payload.get("event") or {}
            tab = f" ({event['tab']})" if event.get("tab") else ""
            return f"event_callback · {event.get('type')}{tab}"
    return str(delivery.kind)


def _who(payload: JsonDict) -> object:
    """The person behind a request, wherever its kind keeps them."""
    user = payload.get("user")
    if isinstance(user, dict):
        return user.get("id")
    event = payload.get("event")
    if isinstance(event, dict):
        return event.get("user")
    return payload.get("user_id")


def _delivery_entry(index: int, delivery: Delivery) -> JsonDict:
    who = _who(delivery.payload)
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


def _vitec_entry(call: VitecCall) -> JsonDict:
    query = f"?{call.query}" if call.query else ""
    if call.pending:
        result = "boten väntar på svar…"
    elif call.failure is not None:
        result = f"inget svar: {call.failure}"
    else:
        result = str(call.status)
    return {
        "id": f"v{call.number}",
        "source": "vitec",
        "badge": "Vitec",
        "note": call.authorization,
        "at": call.at,
        "title": f"{call.method} {call.path}{query}",
        "status": call.status,
        "ok": call.pending or (call.status is not None and call.status < 400),
        "pending": call.pending,
        "ms": call.ms,
        "waited": True,
        "result": result,
        "lines": [
            f"{call.method} {call.path}{query}",
            f"Authorization: {call.authorization or '(ingen)'}",
        ],
        "detail": f"/api/log/vitec/{call.number}",
    }


def log_entries(playground: Playground) -> tuple[list[JsonDict], dict[str, int]]:
    """The newest `LOG_LIMIT` entries of each source, newest first, and each source's total."""
    world = playground.shown().world
    # Only the newest of each record can make it into the newest LOG_LIMIT entries.
    deliveries = len(world.deliveries)
    slack = [
        _delivery_entry(i, world.deliveries[i])
        for i in range(max(0, deliveries - LOG_LIMIT), deliveries)
    ]
    calls = len(world.api_calls)
    api = [_api_entry(i, world.api_calls[i]) for i in range(max(0, calls - LOG_LIMIT), calls)]
    for i, event in enumerate(world.timeline):
        if event.kind == "response_url":
            api.append(_response_url_entry(i, event))
        elif event.kind == "delivery" and event.status is None:
            slack.append(_unsent_entry(i, event))
    recorded = playground.vitec_calls
    vitec = [_vitec_entry(c) for c in list(recorded.calls)[-LOG_LIMIT:]]
    totals = {
        "slack": deliveries + sum(1 for e in slack if e["id"].startswith("u")),
        "api": calls + sum(1 for e in api if e["id"].startswith("r")),
        "vitec": recorded.total,
    }
    entries: list[JsonDict] = []
    for source in (slack, api, vitec):
        source.sort(key=lambda e: e["at"], reverse=True)
        entries += source[:LOG_LIMIT]
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries, totals


def log_version(playground: Playground, switches: dict[str, bool]) -> str:
    """Changes whenever the log or the switches do, so a poll can skip an unchanged log."""
    world = playground.shown().world
    counts = (
        len(world.deliveries),
        len(world.api_calls),
        len(world.timeline),
        playground.vitec_calls.changes,
    )
    flags = "".join("1" if on else "0" for on in switches.values())
    return f"{world.workspace.team_id}.{'.'.join(map(str, counts))}.{flags}"


def _json_or_text(body: str) -> object:
    try:
        return json.loads(body) if body.strip() else None
    except ValueError:
        return body


def _detail(request: object, response: object) -> JSONResponse:
    """A Slack entry's payload and answer, personal data masked as in the bot's logs."""
    return JSONResponse(
        {
            "request": mask_json(request, HIDDEN_INPUTS),
            "response": mask_json(response, HIDDEN_INPUTS),
        }
    )


def switched_office(playground: Playground) -> tuple[str, str]:
    """The office the fault switches act on and its password: the bot's one office, or in
    OAuth mode Södermalm, the first workspace's."""
    if playground.settings.oauth:
        return known.SODERMALM, known.PASSWORDS[known.SODERMALM]
    single = playground.settings.single_workspace
    return single.vitec_customer_id, single.vitec_password.get_secret_value()


def page_routes(playground: Playground) -> list[BaseRoute]:
    """The page at `/`, its assets under `/static`, and its small JSON API under `/api`."""
    office, password = switched_office(playground)
    switches = FaultSwitches(state=playground.simulator.state, office=office, password=password)

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

    async def web_booking(request: Request) -> Response:
        # Someone books Götgatan 14 on the office's website: Vitec notifies the bot.
        made = book_from_web(playground.simulator.state, WebBooking())
        if isinstance(made, str):
            return JSONResponse({"error": made}, status_code=409)
        return JSONResponse(made, status_code=201)

    async def log(request: Request) -> Response:
        flags = switches.read()
        version = log_version(playground, flags)
        if request.query_params.get("version") == version:
            return JSONResponse({"version": version, "same": True})
        entries, totals = log_entries(playground)
        return JSONResponse(
            {
                "version": version,
                "entries": entries,
                "totals": totals,
                "limit": LOG_LIMIT,
                "switches": flags,
            }
        )

    async def log_detail(request: Request) -> Response:
        world = playground.shown().world
        kind, index = request.path_params["kind"], request.path_params["index"]
        if kind == "delivery" and index < len(world.deliveries):
            delivery = world.deliveries[index]
            payload = dict(delivery.payload)
            if "token" in payload:
                # The deprecated verification token: a shared secret in a real workspace.
                payload["token"] = MASK
            return _detail(payload, _json_or_text(delivery.body))
        if kind == "api" and index < len(world.api_calls):
            call = world.api_calls[index]
            return _detail(call.args, call.result)
        found = playground.vitec_calls.find(index) if kind == "vitec" else None
        if found is not None:
            response = {"status": found.status, "body": found.response_body}
            if found.failure is not None:
                response = {"failure": found.failure}
            # Masked when recorded; the Vitec record holds nothing unmasked.
            return JSONResponse({"request": found.request_body, "response": response})
        return JSONResponse({"error": "no such entry"}, status_code=404)

    async def workspaces(request: Request) -> Response:
        # One workspace, the app installed: the page shows no switch (see workspaces.py).
        team = playground.slack.workspace
        listed = [{"id": team.team_id, "name": team.team_name, "installed": True}]
        return JSONResponse({"current": team.team_id, "workspaces": listed, "install_url": None})

    return [
        Route("/", index, methods=["GET"]),
        Route("/api/workspaces", workspaces, methods=["GET"]),
        Route("/api/faults", faults, methods=["GET", "PUT"]),
        Route("/api/web-booking", web_booking, methods=["POST"]),
        Route("/api/log", log, methods=["GET"]),
        Route("/api/log/{kind}/{index:int}", log_detail, methods=["GET"]),
        Mount("/static", app=_StaticFiles(directory=WEB), name="static"),
    ]

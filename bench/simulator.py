"""The Vitec simulator of a benchmark run: the project's simulator with a longer request log.

``visningsbot simulator`` has no flags for the number of contacts or the size of the request log,
and it logs every request at INFO; the benchmark needs the log to cover a whole run (it is how
duplicate booking requests and the time Vitec took are counted) and needs no access log. Besides
Vitec's paths it answers three read-only ``/_bench`` calls:

- ``GET /_bench/targets?count=N``: N bookable (slot, contact) pairs of the office the bot serves,
  spread round-robin over every upcoming slot with room, each contact at most once per viewing,
  with the estates and slots a form would show for them;
- ``GET /_bench/catalogue``: the office's listed estates and its contacts, for picker queries;
- ``GET /_bench/activity``: requests seen, requests being answered, bookings stored.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

from devtools.simulator import Simulator, SimulatorConfig, create_simulator, known
from devtools.simulator.records import (
    ContactRecord,
    EstateRecord,
    EstateStatus,
    Slot,
    ViewingRecord,
)
from devtools.simulator.state import STOCKHOLM

OFFICE = known.SODERMALM
LISTED = (EstateStatus.FOR_SALE, EstateStatus.COMING)
"""The statuses the bot lists in its estate picker (``bot.directory.ESTATE_STATUSES``)."""
BOOKABLE_MARGIN = timedelta(hours=1)
"""A slot whose start or booking deadline is this close is left out: a run must not cross it."""
REQUEST_LOG_SIZE = 100_000


def epoch(moment: datetime) -> int:
    """A simulator wall-clock time (Stockholm, no offset) as epoch seconds."""
    return int(moment.replace(tzinfo=STOCKHOLM).timestamp())


@dataclass
class _OpenSlot:
    estate: EstateRecord
    viewing: ViewingRecord
    slot: Slot
    room: int | None
    """Places left; None when the viewing has no limit."""


@dataclass
class _ViewingContacts:
    """The contacts still free to book on one viewing, taken in a rotating order."""

    free: list[ContactRecord]
    cursor: int = 0
    used: set[str] = field(default_factory=set)

    def take(self) -> ContactRecord | None:
        while self.cursor < len(self.free):
            contact = self.free[self.cursor]
            self.cursor += 1
            if contact.id not in self.used:
                self.used.add(contact.id)
                return contact
        return None


def _open_slots(sim: Simulator, now: datetime) -> list[_OpenSlot]:
    state = sim.state
    slots: list[_OpenSlot] = []
    for estate in state.data.estates_of(OFFICE):
        if estate.status not in LISTED:
            continue
        for viewing in estate.viewings:
            if viewing.starts_at <= now + BOOKABLE_MARGIN:
                continue
            if viewing.deadline is not None and viewing.deadline <= now + BOOKABLE_MARGIN:
                continue
            for slot in viewing.slots:
                room = (
                    viewing.capacity - state.participants(viewing, slot.id)
                    if viewing.capacity
                    else None
                )
                if room is None or room > 0:
                    slots.append(_OpenSlot(estate, viewing, slot, room))
    return slots


def plan_targets(sim: Simulator, count: int) -> dict[str, Any]:
    """Up to ``count`` pairs that Vitec will book with the form's default checks on."""
    state = sim.state
    now = state.now()
    slots = _open_slots(sim, now)
    contacts = state.data.contacts_of(OFFICE)
    pools: dict[str, _ViewingContacts] = {}
    for n, open_slot in enumerate(slots):
        viewing = open_slot.viewing
        if viewing.id in pools:
            continue
        free = [c for c in contacts if state.participant(OFFICE, viewing.id, c.id) is None]
        # A different starting contact per viewing, so concurrent bookings differ in both ids.
        shift = (n * 37) % len(free) if free else 0
        pools[viewing.id] = _ViewingContacts(free[shift:] + free[:shift])
    targets: list[dict[str, Any]] = []
    while len(targets) < count:
        progressed = False
        for open_slot in slots:
            if len(targets) >= count:
                break
            if open_slot.room is not None and open_slot.room <= 0:
                continue
            contact = pools[open_slot.viewing.id].take()
            if contact is None:
                continue
            if open_slot.room is not None:
                open_slot.room -= 1
            progressed = True
            targets.append(
                {
                    "estateId": open_slot.estate.id,
                    "viewingId": open_slot.viewing.id,
                    "slotId": open_slot.slot.id,
                    "startsAt": epoch(open_slot.slot.starts_at),
                    "endsAt": epoch(open_slot.slot.ends_at),
                    "contactId": contact.id,
                    "contactName": contact.full_name,
                }
            )
        if not progressed:
            break
    used_estates = {t["estateId"] for t in targets}
    estates = {
        s.estate.id: _estate_json(sim, s.estate, now) for s in slots if s.estate.id in used_estates
    }
    return {"targets": targets, "estates": estates}


def _estate_json(sim: Simulator, estate: EstateRecord, now: datetime) -> dict[str, Any]:
    """What a form shows of an estate: its address and every upcoming slot."""
    state = sim.state
    return {
        "id": estate.id,
        "address": estate.street_address,
        "area": estate.area,
        "town": estate.postal_town,
        "reference": estate.reference_id,
        "status": estate.status.label,
        "slots": [
            {
                "viewingId": viewing.id,
                "slotId": slot.id,
                "startsAt": epoch(slot.starts_at),
                "endsAt": epoch(slot.ends_at),
                "capacity": viewing.capacity,
                "booked": state.participants(viewing, slot.id),
                "deadline": epoch(viewing.deadline) if viewing.deadline else None,
            }
            for viewing in estate.viewings
            for slot in viewing.slots
            if slot.starts_at > now
        ],
    }


def catalogue(sim: Simulator) -> dict[str, Any]:
    """The listed estates and the contacts of the office, for picker queries."""
    data = sim.state.data
    return {
        "estates": [
            {"id": e.id, "address": e.street_address, "area": e.area, "reference": e.reference_id}
            for e in data.estates_of(OFFICE)
            if e.status in LISTED
        ],
        "contacts": [{"id": c.id, "name": c.full_name} for c in data.contacts_of(OFFICE)],
    }


def activity(sim: Simulator) -> dict[str, int]:
    """How busy the simulator is: for deciding that a run has settled."""
    state = sim.state
    return {
        "requests": len(state.requests),
        "inFlight": sum(1 for r in state.requests if r.status is None),
        "bookings": len(state.bookings),
    }


def bench_app(sim: Simulator) -> Starlette:
    """The simulator's app with the ``/_bench`` calls in front of it."""

    async def targets(request: Request) -> JSONResponse:
        count = int(request.query_params.get("count", "100"))
        return JSONResponse(plan_targets(sim, max(count, 0)))

    async def catalogue_endpoint(request: Request) -> JSONResponse:
        return JSONResponse(catalogue(sim))

    async def activity_endpoint(request: Request) -> JSONResponse:
        return JSONResponse(activity(sim))

    return Starlette(
        routes=[
            Route("/_bench/targets", targets),
            Route("/_bench/catalogue", catalogue_endpoint),
            Route("/_bench/activity", activity_endpoint),
            Mount("", app=sim.app),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Serve a simulator for one benchmark run until terminated."""
    parser = argparse.ArgumentParser(prog="python -m bench.simulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    parser.add_argument("--estates", type=int, default=100, help="estates per office")
    parser.add_argument("--contacts", type=int, default=200, help="contacts per office")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    config = SimulatorConfig(
        seed=args.seed,
        estate_count=args.estates,
        contact_count=args.contacts,
        request_log_size=REQUEST_LOG_SIZE,
        latency=args.latency,
    )
    uvicorn.run(
        bench_app(create_simulator(config)),
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the load generator sends: the bot's own form, filled in, and picker queries.

The forms are the views the bot itself renders (``bot.ui.form.signup_form``) for the estates the
simulator planned, so a submission carries the blocks, metadata and option values a real one
does; the form's default choices stay as they are (both booking checks on, e-mail confirmation).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from bench.fake_slack import CHANNEL, agent_id, bench_workspace
from bot.domain import EstateEntry, SlotChoice
from bot.ui.form import SlotPicker, signup_form
from bot.ui.ids import ActionId, BlockId
from bot.ui.metadata import FormMetadata
from devtools.playground.slack import payloads
from devtools.playground.slack.records import OpenView

OFFICE = "M30011"
JsonDict = dict[str, Any]


def _moment(epoch: int | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC)


def estate_entry(estate: Mapping[str, Any]) -> EstateEntry:
    """The bot's cache entry for an estate the simulator described."""
    return EstateEntry.build(
        estate_id=estate["id"],
        customer_id=OFFICE,
        street_address=estate.get("address"),
        area=estate.get("area"),
        postal_town=estate.get("town"),
        reference_id=estate.get("reference"),
        status=estate.get("status"),
    )


def slot_choices(estate: Mapping[str, Any]) -> tuple[SlotChoice, ...]:
    """The estate's upcoming slots as the form lists them."""
    return tuple(
        SlotChoice(
            viewing_id=s["viewingId"],
            time_slot_id=s["slotId"],
            starts_at=datetime.fromtimestamp(s["startsAt"], UTC),
            ends_at=datetime.fromtimestamp(s["endsAt"], UTC),
            capacity=s.get("capacity"),
            booked=s.get("booked"),
            deadline=_moment(s.get("deadline")),
        )
        for s in sorted(estate["slots"], key=lambda s: int(s["startsAt"]))
    )


def submission_forms(plan: Mapping[str, Any]) -> list[JsonDict]:
    """One filled-in form per planned target, each by its own agent (one open modal each)."""
    now = datetime.now(UTC)
    views: dict[str, JsonDict] = {}
    forms: list[JsonDict] = []
    for n, target in enumerate(plan["targets"]):
        estate = plan["estates"][target["estateId"]]
        if estate["id"] not in views:
            meta = FormMetadata(user_id=agent_id(0), channel_id=CHANNEL, customer_id=OFFICE)
            picker = SlotPicker(state="loaded", slots=slot_choices(estate))
            views[estate["id"]] = signup_form(
                meta, now=now, estate=estate_entry(estate), slots=picker
            )
        view = copy.deepcopy(views[estate["id"]])
        meta = FormMetadata(
            user_id=agent_id(n), channel_id=CHANNEL, customer_id=OFFICE, estate_id=estate["id"]
        )
        view["private_metadata"] = meta.dump()
        slot_value = (
            f"{target['viewingId']}/{target['slotId']}/{target['startsAt']}/{target['endsAt']}"
        )
        forms.append(
            {
                "user": agent_id(n),
                "view": view,
                "slotValue": slot_value,
                "contactId": target["contactId"],
                "contactLabel": target["contactName"],
            }
        )
    return forms


def suggestion_bodies(action_id: ActionId, queries: Sequence[str]) -> list[JsonDict]:
    """``block_suggestion`` payloads for typing each query into a picker of an open form."""
    ws = bench_workspace(1)
    user = ws.users[0]
    meta = FormMetadata(user_id=user.id, channel_id=CHANNEL, customer_id=OFFICE)
    view = OpenView(
        id="V0BENCHFORM",
        user_id=user.id,
        view=signup_form(meta, now=datetime.now(UTC)),
        hash="1.bench",
        values={},
        root_view_id="V0BENCHFORM",
        channel_id=CHANNEL,
    )
    shown = payloads.view_object(ws, view)
    block_id = BlockId.ESTATE if action_id == ActionId.ESTATE else BlockId.CONTACT
    return [
        payloads.interaction(
            ws,
            "block_suggestion",
            user,
            container={"type": "view", "view_id": view.id},
            action_id=action_id.value,
            block_id=block_id.value,
            value=query,
            view=shown,
        )
        for query in queries
    ]


def _prefixes(text: str, shortest: int) -> Iterator[str]:
    for end in range(shortest, len(text) + 1):
        yield text[:end]


def estate_queries(estates: Sequence[Mapping[str, Any]], count: int, seed: int) -> list[str]:
    """What agents type into the estate picker: street prefixes, addresses, objektnummer."""
    rng = random.Random(seed)
    queries: list[str] = []
    while len(queries) < count:
        estate = rng.choice(estates)
        address = str(estate["address"])
        kind = rng.random()
        if kind < 0.1:
            queries.append("")
        elif kind < 0.5:
            queries.append(address[: rng.randint(2, len(address))].lower())
        elif kind < 0.8:
            queries.append(address)
        else:
            reference = str(estate.get("reference") or address)
            queries.append(reference[: rng.randint(4, len(reference))])
    return queries


def contact_queries(contacts: Sequence[Mapping[str, Any]], count: int, seed: int) -> list[str]:
    """Name queries of at least five characters, each different (the bot caches by query)."""
    rng = random.Random(seed)
    names = [str(c["name"]) for c in contacts]
    rng.shuffle(names)
    seen: set[str] = set()
    queries: list[str] = []
    for name in names:
        for query in _prefixes(name, 5):
            if query.strip() and len(query.strip()) >= 5 and query not in seen:
                seen.add(query)
                queries.append(query)
    rng.shuffle(queries)
    if len(queries) < count:
        raise ValueError(f"only {len(queries)} distinct contact queries; ask for fewer")
    return queries[:count]

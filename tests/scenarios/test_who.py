""" "Vem kommer?": who is booked on a slot, by name, for agents the bot serves and nobody else."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.ui.ids import ActionId, BlockId
from devtools.playground.slack.workspace import (
    AGNETA,
    ALLMANT,
    ERIK,
    JOHN,
    LEDNING,
    SALJ_SODER,
    VISNINGAR,
    Workspace,
)
from devtools.simulator import known
from tests.scenarios.conftest import AGENT, CHANNEL, Stack
from tests.scenarios.test_access import GUEST
from tests.scenarios.test_booking import fill_form


@pytest.fixture
def stack_workspace() -> Workspace:
    """Mäklarhuset with a guest in #visningar."""
    members = (*VISNINGAR.members, GUEST.id)
    return Workspace(
        users=(AGNETA, JOHN, ERIK, GUEST),
        channels=(replace(VISNINGAR, members=members), SALJ_SODER, ALLMANT, LEDNING),
    )


def names_on_slot(stack: Stack) -> list[str]:
    state = stack.simulator.state
    viewing = state.data.viewing(known.SODERMALM, known.VIEWING_ID)
    assert viewing is not None
    found = [
        state.contact(known.SODERMALM, r.contact_id) for r in state.booked(viewing, known.SLOT_ID)
    ]
    return [c.full_name for c in found if c is not None]


async def booked_message_ts(stack: Stack) -> str:
    view_id = await fill_form(stack)
    await stack.slack.submit(view_id)
    await stack.settle()
    [message] = stack.channel()
    return message.ts


async def test_the_confirmation_tells_the_agent_who_is_coming(stack: Stack) -> None:
    ts = await booked_message_ts(stack)
    await stack.slack.click(CHANNEL, ts, ActionId.WHO, AGENT)
    await stack.settle()

    [answer] = [m for m in stack.channel(visible_to=AGENT) if m.ephemeral_to == AGENT]
    names = names_on_slot(stack)
    assert "Åsa Öberg" in names
    assert answer.text.startswith("*Anmälda till Götgatan 14, ")
    for name in names:
        assert name in answer.text
    assert "070" not in answer.text
    assert "@" not in answer.text


async def test_a_guest_in_the_channel_is_not_told(stack: Stack) -> None:
    ts = await booked_message_ts(stack)
    before = len(stack.simulator.state.requests)
    await stack.slack.click(CHANNEL, ts, ActionId.WHO, GUEST.id)
    await stack.settle()
    told = [m for m in stack.channel(visible_to=GUEST.id) if m.ephemeral_to == GUEST.id]
    assert all("Åsa Öberg" not in m.text for m in told)
    assert [r for r in stack.vitec_requests()[before:] if r.path.startswith("/Viewing")] == []


async def test_the_slot_picker_names_who_is_booked(stack: Stack) -> None:
    view = await stack.open_form()
    options = await stack.slack.suggest(view.id, ActionId.ESTATE, "götgatan")
    await stack.slack.select(view.id, ActionId.ESTATE, options[0]["value"])
    await stack.settle()
    blocks = {b.get("block_id"): b for b in stack.slack.view(view.id).blocks}
    line = json.dumps(blocks[BlockId.WHO], ensure_ascii=False)
    assert "Anmälda till" in line
    for name in names_on_slot(stack):
        assert name in line

"""Many workspaces (OAuth mode): install, connect Vitec, book apart, uninstall."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from devtools.simulator import known
from tests.scenarios.two_workspaces import (
    ADMIN_A,
    AGENT_A,
    CHANNEL_A,
    TwoWorkspaces,
    two_workspaces,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from pathlib import Path

    from devtools.playground.slack.records import OpenView


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[TwoWorkspaces]:
    async with two_workspaces(tmp_path) as deployment:
        yield deployment


async def test_an_admin_installs_the_app_by_clicking_through_slack(world: TwoWorkspaces) -> None:
    finished = await world.install(world.a)

    assert finished.status_code == 200
    assert str(finished.url).startswith(f"{world.bot_url}/slack/oauth_redirect")
    exchanged = [c for c in world.a.api_calls if c.method == "oauth.v2.access"]
    assert [c.result["ok"] for c in exchanged] == [True]
    installations, _ = world.tenants.workspaces.slack_stores(world.settings.slack_client_id or "")
    bot = await installations.async_find_bot(enterprise_id=None, team_id="T0VISNING")
    assert bot is not None
    assert bot.bot_token == "xoxb-t0visning"
    assert await installations.async_find_bot(enterprise_id=None, team_id="T0VAST") is None


def _texts(view: OpenView | None) -> str:
    assert view is not None
    return json.dumps(view.view["blocks"], ensure_ascii=False)


async def test_before_vitec_is_connected_agents_are_told_to_ask_an_admin(
    world: TwoWorkspaces,
) -> None:
    await world.install(world.a)

    delivery = await world.a.slash_command(AGENT_A, CHANNEL_A)
    await world.a.open_app_home(AGENT_A)
    await world.a.open_app_home(ADMIN_A)
    await world.settle()

    assert "inte kopplad till Vitec" in delivery.body
    assert "connect_vitec" not in _texts(world.a.home_view(AGENT_A))
    assert "inte kopplad till Vitec" in _texts(world.a.home_view(AGENT_A))
    assert "connect_vitec" in _texts(world.a.home_view(ADMIN_A))
    assert not world.simulator.state.requests


async def test_a_wrong_password_is_refused_at_save_and_nothing_is_kept(
    world: TwoWorkspaces,
) -> None:
    await world.install(world.a)

    modal = await world.connect(
        world.a, ADMIN_A, offices=known.SODERMALM, password=known.PASSWORDS[known.GOTEBORG]
    )

    assert modal.errors == {
        "vitec_offices": f"Lösenordet gäller inte kontoret {known.SODERMALM}, "
        "eller så är det stängt."
    }
    assert await world.tenants.workspaces.offices("T0VISNING") == []

    modal = await world.connect(world.a, ADMIN_A, offices=known.SODERMALM, password="fel")
    assert modal.errors == {"vitec_password": "Vitec godtog inte användarnamnet eller lösenordet."}
    assert await world.tenants.workspaces.offices("T0VISNING") == []


async def test_an_admin_connects_an_office_and_the_password_is_never_shown(
    world: TwoWorkspaces,
) -> None:
    await world.install(world.a)
    password = known.PASSWORDS[known.SODERMALM]

    modal = await world.connect(world.a, ADMIN_A, offices="m30011", password=password)

    assert world.a.open_views(ADMIN_A) == [], modal.errors
    [office] = await world.tenants.workspaces.offices("T0VISNING")
    assert (office.customer_id, office.username) == (known.SODERMALM, known.USERNAME)
    home = _texts(world.a.home_view(ADMIN_A))
    assert known.SODERMALM in home
    assert password not in home
    assert all(password not in json.dumps(c.args) for c in world.a.api_calls)


async def test_agents_who_are_not_admins_see_no_connection_settings(world: TwoWorkspaces) -> None:
    await world.install(world.a)
    await world.connect(
        world.a, ADMIN_A, offices=known.SODERMALM, password=known.PASSWORDS[known.SODERMALM]
    )
    await world.a.open_app_home(AGENT_A)
    await world.settle()

    home = _texts(world.a.home_view(AGENT_A))
    assert "connect_vitec" not in home
    assert f"användare {known.USERNAME}" not in home
    assert "Anmäl till visning" in home

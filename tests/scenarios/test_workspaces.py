"""Many workspaces (OAuth mode): install, connect Vitec, book apart, uninstall."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.scenarios.two_workspaces import (
    TwoWorkspaces,
    two_workspaces,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from pathlib import Path


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

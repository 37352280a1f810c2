"""Workspaces: each one's Vitec connection sealed at rest, replaced whole, kept apart by team."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import text

from bot.store.sealing import Sealer
from bot.store.workspaces import MAX_OFFICES, Workspaces

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from tests.bot.store.factories import FakeClock

KEY = Fernet.generate_key().decode()


@pytest.fixture
async def workspaces(database_url: str, clock: FakeClock) -> AsyncIterator[Workspaces]:
    opened = await Workspaces.open(database_url, Sealer(KEY), clock=clock)
    yield opened
    await opened.close()


async def _connect(workspaces: Workspaces, team_id: str, *offices: str, password: str) -> None:
    await workspaces.connect(
        team_id=team_id,
        username="visningsbot",
        password=password,
        offices=offices,
        settings_usergroup=None,
        by="U0ADMIN",
    )


async def test_a_connection_is_kept_per_workspace_with_its_password_sealed(
    workspaces: Workspaces, database_url: str
) -> None:
    await _connect(workspaces, "T0A", "M30011", "M30012", password="sim-M30011")
    await _connect(workspaces, "T0B", "M30012", password="another-password")

    a = await workspaces.connection("T0A")
    b = await workspaces.connection("T0B")

    assert a is not None
    assert b is not None
    assert (a.offices, a.password) == (("M30011", "M30012"), "sim-M30011")
    assert (b.offices, b.password) == (("M30012",), "another-password")
    assert "sim-M30011" not in repr(a)
    assert await workspaces.connection("T0C") is None
    assert sorted(await workspaces.connected_teams()) == ["T0A", "T0B"]
    async with workspaces._engine.connect() as connection:
        stored = await connection.execute(text("SELECT sealed_password FROM vitec_connections"))
        assert all("password" not in row[0] and "sim-" not in row[0] for row in stored)


async def test_saving_again_replaces_the_connection_and_drops_offices_it_no_longer_holds(
    workspaces: Workspaces,
) -> None:
    await _connect(workspaces, "T0A", "M30011", "M30012", password="old")
    await workspaces.set_channel_office("T0A", "C0ONE", "M30012")
    await workspaces.set_channel_office("T0A", "C0TWO", "M30011")

    await _connect(workspaces, "T0A", "M30011", password="new")

    connection = await workspaces.connection("T0A")
    assert connection is not None
    assert (connection.offices, connection.password) == (("M30011",), "new")
    assert await workspaces.channel_office("T0A", "C0ONE") is None
    assert await workspaces.channel_office("T0A", "C0TWO") == "M30011"


async def test_channel_offices_belong_to_their_workspace(workspaces: Workspaces) -> None:
    await workspaces.set_channel_office("T0A", "C0SAME", "M30011")
    await workspaces.set_channel_office("T0B", "C0SAME", "M30012")
    await workspaces.set_channel_office("T0A", "C0SAME", "M30012")

    assert await workspaces.channel_office("T0A", "C0SAME") == "M30012"
    assert await workspaces.channel_office("T0B", "C0SAME") == "M30012"
    assert await workspaces.channel_office("T0C", "C0SAME") is None


async def test_forgetting_a_workspace_deletes_its_connection_and_offices_only(
    workspaces: Workspaces,
) -> None:
    await _connect(workspaces, "T0A", "M30011", password="a")
    await _connect(workspaces, "T0B", "M30012", password="b")
    await workspaces.set_channel_office("T0A", "C0X", "M30011")

    await workspaces.forget("T0A")

    assert await workspaces.connection("T0A") is None
    assert await workspaces.channel_office("T0A", "C0X") is None
    assert await workspaces.connection("T0B") is not None


@pytest.mark.parametrize("count", [0, MAX_OFFICES + 1])
async def test_a_connection_needs_one_to_fifty_offices(workspaces: Workspaces, count: int) -> None:
    with pytest.raises(ValueError, match="offices"):
        await _connect(workspaces, "T0A", *[f"M{n}" for n in range(count)], password="x")
    assert await workspaces.connection("T0A") is None


async def test_resealing_moves_every_password_to_the_first_key(
    database_url: str, clock: FakeClock
) -> None:
    old = await Workspaces.open(database_url, Sealer(KEY), clock=clock)
    await _connect(old, "T0A", "M30011", password="a")
    await old.close()
    new_key = Fernet.generate_key().decode()

    rotating = await Workspaces.open(database_url, Sealer(f"{new_key},{KEY}"), clock=clock)
    assert await rotating.reseal_all() == 1
    await rotating.close()

    only_new = await Workspaces.open(database_url, Sealer(new_key), clock=clock)
    connection = await only_new.connection("T0A")
    await only_new.close()
    assert connection is not None
    assert connection.password == "a"


async def test_slack_installations_and_oauth_states_live_in_the_migrated_database(
    workspaces: Workspaces,
) -> None:
    installations, states = workspaces.slack_stores("1234.5678")
    await installations.async_save(
        Installation(
            app_id="A0APP",
            team_id="T0A",
            user_id="U0ADMIN",
            bot_token="xoxb-a",
            bot_id="B0A",
            bot_user_id="U0BOT",
        )
    )

    found = await installations.async_find_bot(enterprise_id=None, team_id="T0A")
    state = await states.async_issue()

    assert found is not None
    assert found.bot_token == "xoxb-a"
    assert await installations.async_find_bot(enterprise_id=None, team_id="T0B") is None
    assert await states.async_consume(state)
    assert not await states.async_consume(state)

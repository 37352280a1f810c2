"""Workspaces: each one's Vitec connection sealed at rest, replaced whole, kept apart by team."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import text

from bot.store.sealing import Sealer
from bot.store.workspaces import MAX_OFFICES, OfficeConnection, Workspaces

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
        team_id=team_id, username="visningsbot", password=password, offices=offices, by="U0ADMIN"
    )


def _passwords(offices: list[OfficeConnection]) -> dict[str, str]:
    return {office.customer_id: office.password for office in offices}


async def test_each_office_is_kept_per_workspace_with_its_password_sealed(
    workspaces: Workspaces,
) -> None:
    await _connect(workspaces, "T0A", "M30011", password="sim-M30011")
    await _connect(workspaces, "T0A", "M30012", password="sim-M30012")
    await _connect(workspaces, "T0B", "M30012", password="another-password")

    a = await workspaces.offices("T0A")
    b = await workspaces.offices("T0B")

    assert _passwords(a) == {"M30011": "sim-M30011", "M30012": "sim-M30012"}
    assert _passwords(b) == {"M30012": "another-password"}
    assert "sim-M30011" not in repr(a)
    assert await workspaces.offices("T0C") == []
    assert await workspaces.connected_teams() == ["T0A", "T0B"]
    async with workspaces._engine.connect() as connection:
        stored = await connection.execute(text("SELECT sealed_password FROM vitec_connections"))
        assert all("password" not in row[0] and "sim-" not in row[0] for row in stored)


async def test_connecting_an_office_again_replaces_its_password_only(
    workspaces: Workspaces,
) -> None:
    await _connect(workspaces, "T0A", "M30011", "M30012", password="old")

    await _connect(workspaces, "T0A", "M30011", password="new")

    assert _passwords(await workspaces.offices("T0A")) == {"M30011": "new", "M30012": "old"}


async def test_disconnecting_an_office_drops_the_channels_that_defaulted_to_it(
    workspaces: Workspaces,
) -> None:
    await _connect(workspaces, "T0A", "M30011", "M30012", password="x")
    await workspaces.set_channel_office("T0A", "C0ONE", "M30012")
    await workspaces.set_channel_office("T0A", "C0TWO", "M30011")

    await workspaces.disconnect("T0A", "M30012")

    assert _passwords(await workspaces.offices("T0A")) == {"M30011": "x"}
    assert await workspaces.channel_office("T0A", "C0ONE") is None
    assert await workspaces.channel_office("T0A", "C0TWO") == "M30011"


async def test_channel_offices_belong_to_their_workspace(workspaces: Workspaces) -> None:
    await workspaces.set_channel_office("T0A", "C0SAME", "M30011")
    await workspaces.set_channel_office("T0B", "C0SAME", "M30012")
    await workspaces.set_channel_office("T0A", "C0SAME", "M30012")

    assert await workspaces.channel_office("T0A", "C0SAME") == "M30012"
    assert await workspaces.channel_office("T0B", "C0SAME") == "M30012"
    assert await workspaces.channel_office("T0C", "C0SAME") is None
    await workspaces.set_channel_office("T0A", "C0ANOTHER", "M30011")
    assert await workspaces.channel_offices("T0A") == [
        ("C0ANOTHER", "M30011"),
        ("C0SAME", "M30012"),
    ]
    assert await workspaces.channel_offices("T0C") == []


async def test_the_settings_group_belongs_to_its_workspace(workspaces: Workspaces) -> None:
    await workspaces.set_settings_usergroup("T0A", "S0ADMINS")

    assert await workspaces.settings_usergroup("T0A") == "S0ADMINS"
    assert await workspaces.settings_usergroup("T0B") is None
    await workspaces.set_settings_usergroup("T0A", None)
    assert await workspaces.settings_usergroup("T0A") is None


async def test_forgetting_a_workspace_deletes_its_connections_and_settings_only(
    workspaces: Workspaces,
) -> None:
    await _connect(workspaces, "T0A", "M30011", password="a")
    await _connect(workspaces, "T0B", "M30012", password="b")
    await workspaces.set_channel_office("T0A", "C0X", "M30011")
    await workspaces.set_settings_usergroup("T0A", "S0ADMINS")

    await workspaces.forget("T0A")

    assert await workspaces.offices("T0A") == []
    assert await workspaces.channel_office("T0A", "C0X") is None
    assert await workspaces.settings_usergroup("T0A") is None
    assert _passwords(await workspaces.offices("T0B")) == {"M30012": "b"}


@pytest.mark.parametrize("count", [0, MAX_OFFICES + 1])
async def test_a_connection_names_one_to_fifty_offices(workspaces: Workspaces, count: int) -> None:
    with pytest.raises(ValueError, match="offices"):
        await _connect(workspaces, "T0A", *[f"M{n}" for n in range(count)], password="x")
    assert await workspaces.offices("T0A") == []


async def test_a_workspace_holds_at_most_fifty_offices(workspaces: Workspaces) -> None:
    await _connect(workspaces, "T0A", *[f"M{n}" for n in range(MAX_OFFICES)], password="x")

    with pytest.raises(ValueError, match="offices"):
        await _connect(workspaces, "T0A", "M99999", password="x")
    await _connect(workspaces, "T0A", "M0", password="again")
    assert len(await workspaces.offices("T0A")) == MAX_OFFICES


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
    offices = await only_new.offices("T0A")
    await only_new.close()
    assert _passwords(offices) == {"M30011": "a"}


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

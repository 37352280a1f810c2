"""Connecting Vitec offices: admins only, checked with Vitec before saving, channel offices."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from cryptography.fernet import Fernet

from bot.connections import Connections
from bot.settings import load_settings
from bot.tenants import Tenants, open_tenants
from tests.bot.slack_stub import StubSlack
from tests.bot.vitec.support import BASE_URL

TEAM = "T0VISNING"
ADMIN = "U0ADMIN"
AGENT = "U0AGENT"
SOURCES = "/CRM/Lead/{office}/LeadSources"


def person(user_id: str, **flags: Any) -> dict[str, Any]:
    return {"user": {"id": user_id, "team_id": TEAM, "locale": "sv-SE", **flags}}


def slack_for(**people: dict[str, Any]) -> StubSlack:
    by_id = {"U0ADMIN": person(ADMIN, is_admin=True), "U0AGENT": person(AGENT), **people}
    return StubSlack(
        {
            "users.info": lambda args: by_id[args["user"]],
            "views.open": {},
            "views.publish": {},
            "usergroups.list": {"usergroups": [{"id": "S0LEDNING", "handle": "ledning"}]},
            "usergroups.users.list": {"users": [AGENT]},
        }
    )


@pytest.fixture
def vitec() -> respx.MockRouter:
    return respx.MockRouter(base_url=BASE_URL, assert_all_called=False)


@pytest.fixture
async def tenants(tmp_path: Path, vitec: respx.MockRouter) -> AsyncIterator[Tenants]:
    settings = load_settings(
        None,
        slack_client_id="1.2",
        slack_client_secret="client-secret-for-tests",
        slack_signing_secret="signing-secret-for-tests",
        visningsbot_secret_key=Fernet.generate_key().decode(),
        vitec_base_url=BASE_URL,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'ledger.sqlite3'}",
    )
    opened = await open_tenants(settings, vitec_transport=httpx.MockTransport(vitec.async_handler))
    yield opened
    await opened.aclose()


def form(offices: str = "M30011", password: str = "sim-M30011") -> dict[str, Any]:  # noqa: S107
    def field(value: str) -> dict[str, Any]:
        return {"type": "plain_text_input", "value": value}

    return {
        "vitec_username": {"vitec_username_input": field("visningsbot")},
        "vitec_password": {"vitec_password_input": field(password)},
        "vitec_offices": {"vitec_offices_input": field(offices)},
    }


async def submit(
    tenants: Tenants, slack: StubSlack, *, user: str = ADMIN, **fields: str
) -> dict[str, Any] | None:
    connections = Connections(tenants, verify_timeout=0.2)
    return await connections.submit_connect(
        slack, team_id=TEAM, user_id=user, values=form(**fields), language="sv"
    )


async def test_an_admins_account_is_checked_with_vitec_and_saved(
    tenants: Tenants, vitec: respx.MockRouter
) -> None:
    route = vitec.get(SOURCES.format(office="M30011")).respond(json=[])

    answer = await submit(tenants, slack_for())

    assert answer is None
    assert route.called
    assert route.calls[0].request.headers["authorization"].startswith("Basic ")
    [office] = await tenants.workspaces.offices(TEAM)
    assert (office.customer_id, office.password) == ("M30011", "sim-M30011")


@pytest.mark.parametrize(
    ("response", "block", "text"),
    [
        (httpx.Response(401), "vitec_password", "godtog inte användarnamnet"),
        (httpx.Response(403), "vitec_offices", "gäller inte kontoret M30012"),
        (httpx.Response(404), "vitec_offices", "gäller inte kontoret M30012"),
        (
            httpx.Response(
                200, text="<html>Logga in</html>", headers={"Content-Type": "text/html"}
            ),
            "vitec_offices",
            "Vitec svarade oväntat",
        ),
        (httpx.Response(502, text="<html>Bad gateway</html>"), "vitec_offices", "Vitec svarade"),
    ],
)
async def test_an_account_vitec_does_not_accept_is_refused_and_nothing_saved(
    tenants: Tenants, vitec: respx.MockRouter, response: httpx.Response, block: str, text: str
) -> None:
    vitec.get(SOURCES.format(office="M30011")).respond(json=[])
    vitec.get(SOURCES.format(office="M30012")).mock(return_value=response)

    answer = await submit(tenants, slack_for(), offices="M30011,M30012")

    assert answer is not None
    assert answer["response_action"] == "errors"
    assert text in answer["errors"][block]
    assert await tenants.workspaces.offices(TEAM) == []


async def test_vitec_that_does_not_answer_in_time_saves_nothing(
    tenants: Tenants, vitec: respx.MockRouter
) -> None:
    async def hang(request: httpx.Request) -> httpx.Response:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    vitec.get(SOURCES.format(office="M30011")).mock(side_effect=hang)

    answer = await submit(tenants, slack_for())

    assert answer == {
        "response_action": "errors",
        "errors": {"vitec_offices": "Vitec svarade inte i tid. Ingenting sparades; försök igen."},
    }
    assert await tenants.workspaces.offices(TEAM) == []


@pytest.mark.parametrize(
    "who",
    [
        person(AGENT),
        person(AGENT, is_admin=True, is_restricted=True),
        person(AGENT, is_admin=True, deleted=True),
        {"user": {"id": AGENT, "team_id": "T0OTHER", "is_admin": True}},
        {"user": {"id": "U0SOMEONEELSE", "team_id": TEAM, "is_admin": True}},
    ],
)
async def test_only_the_workspaces_admins_may_connect(
    tenants: Tenants, vitec: respx.MockRouter, who: dict[str, Any]
) -> None:
    route = vitec.get(SOURCES.format(office="M30011")).respond(json=[])

    answer = await submit(tenants, slack_for(U0AGENT=who), user=AGENT)

    assert answer is not None
    assert "administratörer" in answer["errors"]["vitec_username"]
    assert not route.called
    assert await tenants.workspaces.offices(TEAM) == []


async def test_members_of_the_group_the_admin_named_may_connect(
    tenants: Tenants, vitec: respx.MockRouter
) -> None:
    vitec.get(SOURCES.format(office="M30011")).respond(json=[])
    await tenants.workspaces.set_settings_usergroup(TEAM, "ledning")

    assert await submit(tenants, slack_for(), user=AGENT) is None


async def test_a_non_admin_pressing_connect_is_shown_why_not(tenants: Tenants) -> None:
    slack = slack_for()

    await Connections(tenants).open_connect(slack, team_id=TEAM, user_id=AGENT, trigger_id="t")

    [(_, args)] = [c for c in slack.calls if c[0] == "views.open"]
    assert "administratörer" in str(args["view"])
    assert "vitec_password" not in str(args["view"])


async def test_a_channels_office_is_shown_and_set_by_admins_only(
    tenants: Tenants, vitec: respx.MockRouter
) -> None:
    vitec.get(SOURCES.format(office="M30011")).respond(json=[])
    vitec.get(SOURCES.format(office="M30012")).respond(json=[])
    await submit(tenants, slack_for(), offices="M30011 M30012")
    connections = Connections(tenants)
    slack = slack_for()

    async def office(argument: str, user: str = ADMIN, channel: str | None = "C0X") -> str:
        return await connections.office_command(
            slack, team_id=TEAM, user_id=user, channel_id=channel, argument=argument
        )

    assert await office("") == (
        "Den här kanalen bokar i kontoret *M30011*. Kopplade kontor: M30011, M30012."
    )
    assert await office("m30012 extra") == "Nu bokar den här kanalen i kontoret *M30012*."
    assert await tenants.choose_office(TEAM, named=None, channel_id="C0X") == "M30012"
    assert "administratörer" in await office("M30011", user=AGENT)
    assert await office("<!channel>") == (
        "”&lt;!CHANNEL&gt;” är inte kopplat här. Kopplade kontor: M30011, M30012."
    )
    oversized = await office("x" * 5000)
    assert len(oversized) < 200
    assert "är inte kopplat här" in oversized
    assert await tenants.choose_office(TEAM, named=None, channel_id="C0X") == "M30012"
    assert await tenants.choose_office(TEAM, named="M39999", channel_id=None) == "M30011"
    assert await tenants.choose_office("T0OTHER", named="M30011", channel_id="C0X") is None

"""The playground with two workspaces (OAuth mode) over real HTTP: the switch, Web API routing
by token, and the install round trip a browser clicks through."""

from __future__ import annotations

import re
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from devtools.playground.parts import Playground
from devtools.playground.run import create_playground_app, create_workspaces_playground_app
from devtools.playground.serving import serve_in_background
from devtools.playground.workspaces import VAST, bot_token_of

AUTHORIZE = "/slack/oauth/v2/authorize"
"""Where the consent page is; its "Tillåt" link is relative to it."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest_asyncio.fixture(loop_scope="session")
async def browser(tmp_path: Path) -> AsyncIterator[tuple[httpx.AsyncClient, Playground]]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    app, playground = create_workspaces_playground_app(
        base, f"sqlite+aiosqlite:///{tmp_path / 'ledger.sqlite3'}"
    )
    server = await serve_in_background(app, port=port)
    try:
        async with httpx.AsyncClient(base_url=base, trust_env=False) as client:
            yield client, playground
    finally:
        await server.stop()


def _link(page: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}" href="([^"]*)"', page)
    assert found is not None, page
    return found.group(1).replace("&amp;", "&")


async def test_the_first_workspace_is_installed_and_the_second_is_not(
    browser: tuple[httpx.AsyncClient, Playground],
) -> None:
    client, _ = browser
    listed = (await client.get("/api/workspaces")).json()
    assert listed["current"] == "T0VISNING"
    assert [(w["id"], w["installed"]) for w in listed["workspaces"]] == [
        ("T0VISNING", True),
        ("T0VAST", False),
    ]


@pytest.mark.parametrize("body", [{"team_id": "T0NOPE"}, {"team_id": "../T0VAST"}, [], "x" * 5000])
async def test_switching_to_an_unknown_workspace_changes_nothing(
    browser: tuple[httpx.AsyncClient, Playground], body: object
) -> None:
    client, playground = browser
    answer = await client.put("/api/workspaces", json=body)
    assert answer.status_code == 400
    assert answer.json() == {"error": "no such workspace"}
    assert playground.workspaces is not None
    assert playground.workspaces.current == "T0VISNING"


async def test_the_page_and_log_follow_the_workspace_switched_to(
    browser: tuple[httpx.AsyncClient, Playground],
) -> None:
    client, playground = browser
    assert (await client.put("/api/workspaces", json={"team_id": "T0VAST"})).status_code == 200
    state = (await client.get("/slack/_client/state")).json()
    assert state["team"]["name"] == "Mäklarhuset Väst"
    assert [u["id"] for u in state["users"]] == ["U0BRITT", "U0GUSTAV"]
    assert (await client.get("/api/log")).json()["version"].startswith("T0VAST.")
    assert playground.shown() is playground.workspaces.slacks["T0VAST"]  # type: ignore[union-attr]


async def test_web_api_calls_reach_the_workspace_their_token_names(
    browser: tuple[httpx.AsyncClient, Playground],
) -> None:
    client, _ = browser
    vast = await client.post(
        "/slack/api/auth.test", headers={"Authorization": f"Bearer {bot_token_of(VAST)}"}
    )
    first = await client.post(
        "/slack/api/auth.test",
        headers={"Authorization": "Bearer xoxb-playground-t0visning"},
    )
    unknown = await client.post("/slack/api/auth.test", headers={"Authorization": "Bearer xoxb-x"})
    assert vast.json()["team_id"] == "T0VAST"
    assert first.json()["team_id"] == "T0VISNING"
    assert unknown.json() == {"ok": False, "error": "invalid_auth"}


async def test_the_install_round_trip_installs_the_app_in_the_second_workspace(
    browser: tuple[httpx.AsyncClient, Playground],
) -> None:
    client, playground = browser
    await client.put("/api/workspaces", json={"team_id": "T0VAST"})
    install = await client.get("/bot/slack/install")
    assert install.status_code == 200
    assert "slack-edge.com" not in install.text
    cookie = install.headers["set-cookie"].split(";", 1)[0]
    consent = await client.get(_link(install.text, "add-to-slack"))
    assert "Mäklarhuset Väst" in consent.text
    assert "Britt Holm" in consent.text
    allowed = await client.get(AUTHORIZE + _link(consent.text, "allow"))
    assert allowed.status_code == 302
    back = await client.get(allowed.headers["location"], headers={"cookie": cookie})

    assert (back.status_code, back.headers["location"]) == (303, "/")
    listed = (await client.get("/api/workspaces")).json()
    assert listed["current"] == "T0VAST"
    assert all(w["installed"] for w in listed["workspaces"])
    assert playground.workspaces is not None
    vast = playground.workspaces.slacks["T0VAST"]
    assert [c.method for c in vast.api_calls if c.method == "oauth.v2.access"] == [
        "oauth.v2.access"
    ]


async def test_a_redirect_without_the_state_cookie_installs_nothing(
    browser: tuple[httpx.AsyncClient, Playground],
) -> None:
    client, _ = browser
    await client.put("/api/workspaces", json={"team_id": "T0VAST"})
    install = await client.get("/bot/slack/install")
    consent = await client.get(_link(install.text, "add-to-slack"))
    allowed = await client.get(AUTHORIZE + _link(consent.text, "allow"))
    client.cookies.clear()
    back = await client.get(allowed.headers["location"])
    assert back.status_code != 303
    listed = (await client.get("/api/workspaces")).json()
    assert [w["installed"] for w in listed["workspaces"]] == [True, False]


async def test_with_one_workspace_the_page_offers_no_switch(tmp_path: Path) -> None:
    base = "http://127.0.0.1:3000"
    app, _ = create_playground_app(base, f"sqlite+aiosqlite:///{tmp_path / 'l.sqlite3'}")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url=base) as client:
        listed = (await client.get("/api/workspaces")).json()
        refused = await client.put("/api/workspaces", json={"team_id": "T0VAST"})
    assert listed == {
        "current": "T0VISNING",
        "workspaces": [{"id": "T0VISNING", "name": "Mäklarhuset", "installed": True}],
        "install_url": None,
    }
    assert refused.status_code == 405

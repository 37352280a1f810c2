"""The playground answers this machine only: a foreign Host or Origin is refused."""

from __future__ import annotations

import httpx
import pytest

from devtools.playground.run import create_playground_app, run_playground
from devtools.simulator.loopback import NotLoopbackError

BASE = "http://127.0.0.1:3000"


@pytest.mark.parametrize(
    ("host", "origin", "status"),
    [
        ("127.0.0.1:3000", None, 200),
        ("127.0.0.1:3000", BASE, 200),
        ("rebound.evil.example:3000", None, 403),
        ("127.0.0.1:3000", "https://evil.example", 403),
    ],
)
async def test_the_page_the_simulator_and_the_fake_slack_check_host_and_origin(
    host: str, origin: str | None, status: int
) -> None:
    app, _ = create_playground_app(BASE, "sqlite+aiosqlite:///:memory:")
    headers = {"Host": host} if origin is None else {"Host": host, "Origin": origin}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url=BASE) as client:
        page = await client.get("/", headers=headers)
        admin = await client.get("/vitec/_simulator/offices", headers=headers)

    assert (page.status_code, admin.status_code) == (status, status)


def test_the_playground_will_not_listen_where_other_machines_reach_it() -> None:
    with pytest.raises(NotLoopbackError):
        run_playground(host="0.0.0.0", open_browser=False)  # noqa: S104 - what is refused

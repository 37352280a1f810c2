"""The simulator serves this machine only: loopback socket, admin clients, Host and Origin."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from bot.__main__ import main
from devtools.simulator import Simulator, serve
from devtools.simulator.loopback import LoopbackOnly, NotLoopbackError, is_loopback_host

ALL_INTERFACES = "0.0.0.0"  # noqa: S104 - the address these tests refuse


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("::1", True),
        ("[::1]", True),
        (ALL_INTERFACES, False),
        ("::", False),
        ("192.168.1.10", False),
        ("10.0.0.1", False),
        ("localhost.evil.example", False),
        ("127.0.0.1.nip.io", False),
        ("", False),
    ],
)
def test_only_this_machines_names_and_addresses_are_loopback(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


async def _hello(request: Request) -> PlainTextResponse:
    return PlainTextResponse("hej")


GUARDED = LoopbackOnly(Starlette(routes=[Route("/", _hello, methods=["GET", "POST"])]))


@pytest.mark.parametrize(
    ("host", "origin", "status"),
    [
        ("127.0.0.1:8080", None, 200),
        ("localhost:8080", "http://localhost:8080", 200),
        ("[::1]:8080", "http://[::1]:8080", 200),
        ("127.0.0.1", "http://127.0.0.1:3000", 200),
        # A name rebound to 127.0.0.1 by its owner's DNS: the browser sends that name as Host.
        ("rebound.evil.example:8080", None, 403),
        ("192.168.1.10:8080", None, 403),
        # A page on another site, in the user's own browser, posting to loopback.
        ("127.0.0.1:8080", "https://evil.example", 403),
        ("127.0.0.1:8080", "null", 403),
        ("127.0.0.1:8080", "file://", 403),
    ],
)
async def test_a_request_naming_another_host_or_origin_is_refused(
    host: str, origin: str | None, status: int
) -> None:
    headers = {"Host": host} if origin is None else {"Host": host, "Origin": origin}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(GUARDED), base_url="http://127.0.0.1"
    ) as client:
        answer = await client.post("/", headers=headers)

    assert answer.status_code == status
    if status == 403:
        assert "does not name this machine" in answer.text


async def test_the_admin_api_refuses_clients_on_other_machines(sim: Simulator) -> None:
    remote = httpx.ASGITransport(sim.app, client=("203.0.113.7", 50123))
    async with httpx.AsyncClient(transport=remote, base_url="http://vitec.test") as client:
        offices = await client.get("/_simulator/offices")
        reset = await client.post("/_simulator/reset")

    assert (offices.status_code, reset.status_code) == (403, 403)
    assert "password" not in offices.text
    assert offices.json() == {"error": "the admin API answers clients on this machine only"}


async def test_the_admin_api_answers_clients_on_this_machine(sim: Simulator) -> None:
    local = httpx.ASGITransport(sim.app, client=("::1", 50123))
    async with httpx.AsyncClient(transport=local, base_url="http://vitec.test") as client:
        offices = await client.get("/_simulator/offices")

    assert offices.status_code == 200
    assert offices.json()[0]["password"]


@pytest.mark.parametrize("host", [ALL_INTERFACES, "::", "192.168.1.10"])
def test_the_simulator_will_not_listen_where_other_machines_reach_it(host: str) -> None:
    with pytest.raises(NotLoopbackError, match="listens on this machine only"):
        serve(host, 8080)


def test_the_simulator_command_explains_a_wide_host(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulator", "--host", ALL_INTERFACES]) == 2
    err = capsys.readouterr().err
    assert "use 127.0.0.1, ::1 or localhost" in err
    assert "Traceback" not in err

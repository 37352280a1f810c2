"""Basic auth per office: 401 for bad credentials, 403 for closed or foreign offices."""

from __future__ import annotations

import base64
from collections.abc import Callable

import httpx
import pytest

from devtools.simulator import Simulator, SimulatorConfig, known

from .conftest import basic

VIEWINGS = f"Viewing/{known.SODERMALM}/{known.ESTATE_ID}"


def _basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer abc",
        "Basic !!!notbase64",
        "Basic " + base64.b64encode(b"no-colon").decode(),
        _basic("visningsbot", "wrong"),
        _basic("someone-else", known.PASSWORDS[known.SODERMALM]),
        _basic("visningsbot", ""),
    ],
)
async def test_bad_credentials_are_401_with_a_challenge(
    anonymous: httpx.AsyncClient, header: str | None
) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = await anonymous.get(VIEWINGS, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    assert response.json() == {"message": "Authorization has been denied for this request."}


async def test_closed_office_answers_403_to_everything(anonymous: httpx.AsyncClient) -> None:
    headers = {"Authorization": basic(known.CLOSED_OFFICE)}
    for path in (
        f"Viewing/{known.CLOSED_OFFICE}/{known.ESTATE_ID}",
        f"CRM/Lead/{known.CLOSED_OFFICE}/LeadSources",
        f"Advertising/Estate/{known.CLOSED_OFFICE}",
        "Contacts/GetContactsWithPhonenumber?phoneNumber=0701234567",
    ):
        response = await anonymous.get(path, headers=headers)
        assert response.status_code == 403, path


async def test_an_office_the_password_does_not_open_is_403(http: httpx.AsyncClient) -> None:
    for office in (known.GOTEBORG, known.CLOSED_OFFICE, "M12345"):
        response = await http.get(f"Viewing/{office}/{known.ESTATE_ID}")
        assert response.status_code == 403, office
    response = await http.get(
        "Contacts/GetContactsWithPhonenumber",
        params={"phoneNumber": "0701234567", "customerId": known.GOTEBORG},
    )
    assert response.status_code == 403
    response = await http.post(
        "Contacts/GetContacts",
        json={"customerId": known.GOTEBORG, "emailAddresses": ["a@example.com"]},
    )
    assert response.status_code == 403


async def test_changing_a_password_at_runtime(sim: Simulator, http: httpx.AsyncClient) -> None:
    sim.state.set_password(known.SODERMALM, "new-secret")
    assert (await http.get(VIEWINGS)).status_code == 401
    response = await http.get(
        VIEWINGS, headers={"Authorization": _basic(known.USERNAME, "new-secret")}
    )
    assert response.status_code == 200
    sim.state.reset()
    assert (await http.get(VIEWINGS)).status_code == 200


async def test_closing_an_office_at_runtime(sim: Simulator, http: httpx.AsyncClient) -> None:
    sim.state.set_closed(known.SODERMALM, True)
    assert (await http.get(VIEWINGS)).status_code == 403
    sim.state.set_closed(known.SODERMALM, False)
    assert (await http.get(VIEWINGS)).status_code == 200


async def test_a_password_shared_by_two_offices_opens_both(
    make_sim: Callable[[SimulatorConfig | None], Simulator],
) -> None:
    passwords = {known.SODERMALM: "shared", known.GOTEBORG: "shared"}
    sim = make_sim(SimulatorConfig(passwords=passwords))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(sim.app),
        base_url="http://vitec.test",
        headers={"Authorization": _basic(known.USERNAME, "shared")},
    ) as client:
        for office in (known.SODERMALM, known.GOTEBORG):
            response = await client.get(f"CRM/Lead/{office}/LeadSources")
            assert response.status_code == 200
        response = await client.get(
            "Contacts/GetContactsWithPhonenumber", params={"phoneNumber": known.ASA_PHONE}
        )
        assert response.json() == [{"customerId": known.SODERMALM, "contactIds": [known.ASA_OBERG]}]


async def test_unknown_paths_are_404_even_without_credentials(
    anonymous: httpx.AsyncClient,
) -> None:
    assert (await anonymous.get("Nothing/Here")).status_code == 404

import httpx
from starlette.applications import Starlette
from starlette.routing import Mount

from devtools.simulator import SimulatorConfig, create_simulator, known


async def test_the_simulator_answers_under_a_prefix_as_in_the_playground() -> None:
    simulator = create_simulator()
    app = Starlette(routes=[Mount("/vitec", app=simulator.app)])
    auth = (known.USERNAME, known.PASSWORDS[known.SODERMALM])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as client:
        answer = await client.get(f"/vitec/Viewing/{known.SODERMALM}/{known.ESTATE_ID}", auth=auth)
    assert answer.status_code == 200
    assert answer.json()[0]["estateId"] == known.ESTATE_ID
    assert simulator.state.requests[0].path == f"/Viewing/{known.SODERMALM}/{known.ESTATE_ID}"


def test_a_large_office_for_load_tests_is_generated() -> None:
    simulator = create_simulator(SimulatorConfig(estate_count=12000, contact_count=50))
    estates = simulator.state.data.estates_of(known.SODERMALM)
    assert len(estates) == 12000
    assert len({e.reference_id for e in estates}) == 12000

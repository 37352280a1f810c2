"""Creating and serving a simulator: clock handling and the uvicorn entry point."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from devtools.simulator import Simulator, SimulatorConfig, create_simulator, known, serve
from devtools.simulator.loopback import LoopbackOnly
from devtools.simulator.state import wall_clock

from .conftest import STOCKHOLM


def test_wall_clock_is_swedish_time_without_offset() -> None:
    assert wall_clock(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == datetime(2026, 7, 1, 12, 0)
    assert wall_clock(datetime(2026, 12, 1, 10, 0, tzinfo=UTC)) == datetime(2026, 12, 1, 11, 0)
    assert wall_clock(datetime(2026, 12, 1, 10, 0)) == datetime(2026, 12, 1, 10, 0)


def test_the_data_day_is_the_swedish_date_of_now() -> None:
    late_utc = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # already 1 December in Stockholm
    sim = create_simulator(now=lambda: late_utc)
    viewing = sim.state.data.viewing(known.SODERMALM, known.VIEWING_ID)
    assert viewing is not None
    assert viewing.starts_at.date() == date(2026, 12, 4)
    assert sim.state.now() == datetime(2026, 12, 1, 0, 30)


def test_default_clock_is_real_stockholm_time() -> None:
    sim = create_simulator()
    before = datetime.now(STOCKHOLM).replace(tzinfo=None)
    viewing = sim.state.data.viewing(known.SODERMALM, known.VIEWING_ID)
    assert viewing is not None
    assert viewing.starts_at > before


def test_invalid_config_is_refused() -> None:
    with pytest.raises(ValueError, match="already_booked"):
        SimulatorConfig(already_booked="maybe")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="negative"):
        SimulatorConfig(estate_count=-1)


def test_serve_runs_uvicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    created: list[Simulator] = []
    runs: list[dict[str, Any]] = []

    def recording_create(config: SimulatorConfig | None = None) -> Simulator:
        created.append(create_simulator(config))
        return created[-1]

    def fake_run(app: object, **kwargs: Any) -> None:
        runs.append({"app": app, **kwargs})

    monkeypatch.setattr("devtools.simulator.app.create_simulator", recording_create)
    monkeypatch.setattr("devtools.simulator.app.uvicorn.run", fake_run)
    serve("127.0.0.1", 8099, SimulatorConfig(seed=3), latency=0.2)
    (sim,) = created
    (run,) = runs
    # Served behind the loopback guard, on loopback.
    assert isinstance(run["app"], LoopbackOnly)
    assert (run["app"].app, run["host"], run["port"]) == (sim.app, "127.0.0.1", 8099)
    assert (sim.config.seed, sim.config.latency) == (3, 0.2)

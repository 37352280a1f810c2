"""A local Vitec Connect with Swedish sample data and fault injection.

``create_simulator()`` gives an ASGI app (``sim.app``) answering Vitec's paths and JSON, and its
mutable ``sim.state`` (bookings, faults, request log, live settings, and the JSON shape variants
of ``devtools.simulator.shape``). ``serve()`` runs one with uvicorn. Well-known sample records
are in ``devtools.simulator.known``; the admin API is described in ``devtools.simulator.admin``.
"""

from devtools.simulator.app import ADMIN_PREFIX, Simulator, create_simulator, serve
from devtools.simulator.config import (
    AlreadyBookedAnswer,
    ErrorBodyShape,
    EstateListAnswer,
    SimulatorConfig,
)
from devtools.simulator.faults import (
    AppliedThenError,
    Faults,
    ForcedStatus,
    Hold,
    Latency,
    NonJson,
    RateLimit,
    ServerErrors,
)
from devtools.simulator.shape import BrokenEstate, Shape
from devtools.simulator.state import BookingRecord, RequestRecord, SimulatorState

__all__ = [
    "ADMIN_PREFIX",
    "AlreadyBookedAnswer",
    "AppliedThenError",
    "BookingRecord",
    "BrokenEstate",
    "ErrorBodyShape",
    "EstateListAnswer",
    "Faults",
    "ForcedStatus",
    "Hold",
    "Latency",
    "NonJson",
    "RateLimit",
    "RequestRecord",
    "ServerErrors",
    "Shape",
    "Simulator",
    "SimulatorConfig",
    "SimulatorState",
    "create_simulator",
    "serve",
]

"""A local Vitec Connect with Swedish sample data and fault injection.

``create_simulator()`` gives an ASGI app (``sim.app``) answering Vitec's paths and JSON, and its
mutable ``sim.state`` (bookings, faults, request log, live settings, and the JSON shape variants
of ``bot.simulator.shape``). ``serve()`` runs one with uvicorn. Well-known sample records are in
``bot.simulator.known``; the admin API is described in ``bot.simulator.admin``.
"""

from bot.simulator.app import ADMIN_PREFIX, Simulator, create_simulator, serve
from bot.simulator.config import (
    AlreadyBookedAnswer,
    ErrorBodyShape,
    EstateListAnswer,
    SimulatorConfig,
)
from bot.simulator.faults import (
    AppliedThenError,
    Faults,
    ForcedStatus,
    Hold,
    Latency,
    NonJson,
    RateLimit,
    ServerErrors,
)
from bot.simulator.shape import BrokenEstate, Shape
from bot.simulator.state import BookingRecord, RequestRecord, SimulatorState

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

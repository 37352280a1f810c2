"""How a simulated Vitec Connect behaves where the real one is unknown or differs per office."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from devtools.simulator import known
from devtools.simulator.shape import Shape

AlreadyBookedAnswer = Literal["error", "ok"]
"""What booking an already-booked contact answers: a 400 with a message, or a silent 204."""

ErrorBodyShape = Literal["aspnet", "problem", "text"]
"""Error body shape: ASP.NET Web API ``modelState``, RFC 9457 problem details, or plain text."""

EstateListAnswer = Literal["on", "forbidden", "missing"]
"""``POST Estate/GetEstateList``: answered, refused with 403 (an office without that function
group), or 404 as if the call did not exist, so clients fall back to the paged list."""


def _default_passwords() -> dict[str, str]:
    return dict(known.PASSWORDS)


@dataclass(frozen=True)
class SimulatorConfig:
    """Settings of one simulated Vitec Connect; change them at runtime via ``SimulatorState``."""

    seed: int = 7
    """Seeds the sample data (together with the date of creation) and the 5xx fault dice."""
    username: str = known.USERNAME
    passwords: dict[str, str] = field(default_factory=_default_passwords)
    """Password per office (customerId); an office without one cannot be reached."""
    closed_offices: frozenset[str] = frozenset({known.CLOSED_OFFICE})
    """Offices that answer 403 to everything, as a closed Vitec customer does."""
    already_booked: AlreadyBookedAnswer = "error"
    error_body: ErrorBodyShape = "aspnet"
    estate_list: EstateListAnswer = "on"
    shape: Shape = field(default_factory=Shape)
    """How answers are worded: Vitec's published shape, or the variants its contract allows."""
    estate_count: int = 40
    """Estates per office, the well-known ones included."""
    contact_count: int = 200
    """Contacts per office, the well-known ones included."""
    request_log_size: int = 500
    """How many requests the log keeps, newest first."""
    latency: float = 0.0
    """Seconds added to every Vitec answer, on top of any latency fault (survives a reset)."""

    def __post_init__(self) -> None:
        if self.estate_count < 0 or self.contact_count < 0 or self.request_log_size < 1:
            raise ValueError("simulator counts must not be negative and the log must hold one")
        if self.latency < 0:
            raise ValueError("latency must not be negative")
        if self.already_booked not in ("error", "ok"):
            raise ValueError(f"already_booked must be 'error' or 'ok', not {self.already_booked!r}")
        if self.error_body not in ("aspnet", "problem", "text"):
            raise ValueError(f"unknown error_body shape {self.error_body!r}")
        if self.estate_list not in ("on", "forbidden", "missing"):
            raise ValueError(
                f"estate_list must be 'on', 'forbidden' or 'missing', not {self.estate_list!r}"
            )

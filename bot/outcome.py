"""How a booking attempt ended: the outcome the booking returns, and the failure codes it keeps.

Where Vitec gave no words of its own, the ledger stores one of the codes; ``bot.ui`` turns it
into a sentence in the reader's language. The values are what rows already hold, so they never
change; codes older rows were written with are read by ``bot.ui.formatting``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from bot.store import Signup, SignupStatus
from bot.vitec.errors import (
    FieldMessage,
    VitecConnectError,
    VitecError,
    VitecNoResponseError,
    VitecResponseError,
    VitecStatusError,
    VitecTimeoutError,
)

Reason = Literal["auth", "forbidden", "unavailable", "not_found", "refused", "unknown"]
"""Why an attempt did not book, as far as the agent's next step goes."""


@dataclass(frozen=True)
class Outcome:
    """How one booking attempt ended: the ledger row, why, and Vitec's reasons for a refusal."""

    signup: Signup
    reason: Reason | None = None
    messages: tuple[FieldMessage, ...] = ()

    @property
    def status(self) -> SignupStatus:
        """The ledger status of the attempt."""
        return SignupStatus(self.signup.status)


class FailureCode(StrEnum):
    """Why an attempt did not book, when Vitec said nothing an agent could read."""

    AUTH = "401"
    """Vitec refused the credentials."""
    FORBIDDEN = "403"
    """Vitec refused access to the office."""
    NOT_FOUND = "404"
    """Vitec no longer knows the viewing, time slot or contact."""
    CONNECT = "ConnectError"
    """The request certainly never reached Vitec."""
    TIMEOUT = "Timeout"
    """No answer in time: the request may have reached Vitec."""
    NO_RESPONSE = "NoResponse"
    """The connection broke before an answer."""
    GARBLED = "ResponseError"
    """Vitec answered, but not with what its description promises."""
    OTHER = "Error"
    """Any other failure of the Vitec client."""
    NOT_IN_VITEC = "not in Vitec"
    """Vitec did not show the booking when it was checked afterwards."""
    LEDGER_LATE = "ledger late"
    """The ledger recorded the attempt only after the agent was told nothing was booked."""
    NO_ROOM = "no room"
    """One of several contacts did not fit on the slot, so Vitec was not asked to book them."""


HTTP_PREFIX = "HTTP "
"""The code of any other HTTP status is this prefix and the status: ``HTTP 503``."""


def failure_code(exc: VitecError) -> str:
    """The code the ledger keeps for a failed Vitec call: no personal data, stable across names."""
    if isinstance(exc, VitecStatusError):
        return f"{HTTP_PREFIX}{exc.status_code}"
    if isinstance(exc, VitecConnectError):
        return FailureCode.CONNECT
    if isinstance(exc, VitecTimeoutError):
        return FailureCode.TIMEOUT
    if isinstance(exc, VitecNoResponseError):
        return FailureCode.NO_RESPONSE
    if isinstance(exc, VitecResponseError):
        return FailureCode.GARBLED
    return FailureCode.OTHER

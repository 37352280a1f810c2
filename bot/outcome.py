"""How a booking attempt failed, as the ledger keeps it: a stable code, never a sentence.

Where Vitec gave no words of its own, the ledger stores one of these codes; ``bot.ui`` turns it
into a sentence in the reader's language. The values are what rows already hold, so they never
change; codes older rows were written with are read by ``bot.ui.formatting``.
"""

from __future__ import annotations

from enum import StrEnum

from bot.vitec.errors import (
    VitecConnectError,
    VitecError,
    VitecNoResponseError,
    VitecResponseError,
    VitecStatusError,
    VitecTimeoutError,
)


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

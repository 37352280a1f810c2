"""HTTP Basic auth as Vitec does it: one user name, one password per office."""

from __future__ import annotations

import base64
import binascii
import hmac
from typing import TYPE_CHECKING

from devtools.simulator.errors import Refusal

if TYPE_CHECKING:
    from devtools.simulator.config import SimulatorConfig

DENIED = "Authorization has been denied for this request."
CHALLENGE = {"WWW-Authenticate": 'Basic realm="Vitec Connect"'}
MASK = "••••"


def _decode(header: str | None) -> tuple[str, str] | None:
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        text = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, colon, password = text.partition(":")
    return (username, password) if colon else None


def unlocked_offices(header: str | None, config: SimulatorConfig) -> frozenset[str]:
    """The offices whose password the header carries; raises a 401 Refusal when there are none."""
    credentials = _decode(header)
    if credentials is None:
        raise Refusal(401, DENIED, headers=CHALLENGE)
    username, password = credentials
    if not hmac.compare_digest(username.encode(), config.username.encode()):
        raise Refusal(401, DENIED, headers=CHALLENGE)
    offices = frozenset(
        office.upper()
        for office, secret in config.passwords.items()
        if hmac.compare_digest(password.encode(), secret.encode())
    )
    if not offices:
        raise Refusal(401, DENIED, headers=CHALLENGE)
    return offices


def masked(header: str | None) -> str | None:
    """The header as the request log shows it: ``Basic visningsbot:••••``."""
    if header is None:
        return None
    credentials = _decode(header)
    if credentials is not None:
        return f"Basic {credentials[0]}:{MASK}"
    scheme = header.strip().partition(" ")[0]
    return f"{scheme[:20]} {MASK}" if scheme else MASK

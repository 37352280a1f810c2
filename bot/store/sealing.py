"""Secrets at rest: Fernet under the keys of VISNINGSBOT_SECRET_KEY, the first one sealing.

Several comma-separated keys allow rotation: put a new key first, keep the old ones after it
until ``visningsbot`` has re-sealed what they sealed (every save re-seals under the first key),
then drop them.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class SealingKeyError(ValueError):
    """VISNINGSBOT_SECRET_KEY holds no usable key; the message says which part is wrong."""


class UnsealError(Exception):
    """A sealed value was not sealed under any of the keys, or was altered."""


class Sealer:
    """Seals and opens short secrets (passwords) with the configured keys."""

    def __init__(self, keys: str) -> None:
        parts = [part.strip() for part in keys.split(",") if part.strip()]
        if not parts:
            raise SealingKeyError("VISNINGSBOT_SECRET_KEY holds no key")
        fernets: list[Fernet] = []
        for position, part in enumerate(parts, start=1):
            try:
                fernets.append(Fernet(part))
            except ValueError:
                # Never the key itself in the message: it ends up in logs and terminals.
                raise SealingKeyError(
                    f"key {position} of VISNINGSBOT_SECRET_KEY is not a Fernet key "
                    "(32 url-safe base64-encoded bytes; make one with `visningsbot new-key`)"
                ) from None
        self._fernet = MultiFernet(fernets)

    @staticmethod
    def new_key() -> str:
        """A fresh random key, in the form VISNINGSBOT_SECRET_KEY takes."""
        return Fernet.generate_key().decode("ascii")

    def seal(self, secret: str) -> str:
        """The secret encrypted and authenticated under the first key."""
        return self._fernet.encrypt(secret.encode("utf-8")).decode("ascii")

    def open(self, sealed: str) -> str:
        """The secret again; UnsealError when no key opens it or it was altered."""
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            raise UnsealError("the sealed value opens under none of the keys") from None

    def reseal(self, sealed: str) -> str:
        """The same secret sealed under the first key (for key rotation)."""
        try:
            return self._fernet.rotate(sealed.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeError):
            raise UnsealError("the sealed value opens under none of the keys") from None

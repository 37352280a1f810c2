"""Sealed secrets: unreadable at rest, opened by any configured key, re-sealed under the first."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from bot.store.sealing import Sealer, SealingKeyError, UnsealError

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


def test_a_sealed_password_does_not_hold_the_password_and_opens_again() -> None:
    sealer = Sealer(NEW)

    sealed = sealer.seal("sim-M30011")

    assert "sim-M30011" not in sealed
    assert sealer.open(sealed) == "sim-M30011"


def test_rotation_opens_under_an_old_key_and_reseals_under_the_first() -> None:
    sealed_by_old = Sealer(OLD).seal("hemligt")
    rotating = Sealer(f"{NEW}, {OLD}")

    assert rotating.open(sealed_by_old) == "hemligt"
    resealed = rotating.reseal(sealed_by_old)
    assert Sealer(NEW).open(resealed) == "hemligt"
    with pytest.raises(UnsealError):
        Sealer(OLD).open(resealed)


def test_a_value_altered_or_sealed_under_another_key_does_not_open() -> None:
    sealed = Sealer(OLD).seal("hemligt")

    with pytest.raises(UnsealError):
        Sealer(NEW).open(sealed)
    with pytest.raises(UnsealError):
        Sealer(OLD).open(sealed[:-4] + "AAAA")
    with pytest.raises(UnsealError):
        Sealer(OLD).open("ö" * 10)


@pytest.mark.parametrize("keys", ["", " , ", "not-a-key", f"{NEW},short", "x" * 10_000])
def test_an_unusable_key_is_refused_without_showing_it(keys: str) -> None:
    with pytest.raises(SealingKeyError) as refused:
        Sealer(keys)

    assert "VISNINGSBOT_SECRET_KEY" in str(refused.value)
    for part in keys.split(","):
        if len(part.strip()) > 3:
            assert part.strip() not in str(refused.value)


def test_new_keys_are_usable_and_different() -> None:
    first, second = Sealer.new_key(), Sealer.new_key()

    assert first != second
    assert Sealer(first).open(Sealer(first).seal("x")) == "x"

"""Finding contacts the way a CRM does: names without regard to case or diacritics, phones
without regard to formatting, e-mail addresses without regard to case."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from devtools.simulator.records import ContactRecord

_NOT_DIGIT = re.compile(r"\D")


def fold(text: str) -> str:
    """Lower-case without diacritics: "Åsa Öberg" → "asa oberg"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_phone(text: str) -> str:
    """Digits only, the Swedish country code (+46, 0046) read as a leading 0."""
    stripped = text.strip()
    digits = _NOT_DIGIT.sub("", stripped)
    if stripped.startswith("+46"):
        return "0" + digits[2:]
    if digits.startswith("0046"):
        return "0" + digits[4:]
    return digits


def _score(contact: ContactRecord, words: list[str], phrase: str, digits: str) -> float:
    first, last = fold(contact.first_name), fold(contact.last_name)
    names = f"{first} {last}".split()
    if phrase == f"{first} {last}":
        return 100.0
    if phrase == f"{last} {first}":
        return 95.0
    if phrase in (first, last):
        return 90.0
    if all(any(name.startswith(word) for name in names) for word in words):
        exact = sum(1 for word in words if word in names)
        return 70.0 + 10.0 * exact / len(words)
    emails = [fold(e) for e in (contact.email, contact.email2) if e]
    if any(phrase in e for e in emails):
        return 50.0
    if len(digits) >= 5 and any(digits in normalise_phone(p) for p in contact.phones):
        return 40.0
    return 0.0


def search(contacts: Iterable[ContactRecord], term: str) -> list[tuple[ContactRecord, float]]:
    """Contacts matching the term, best first (then by last and first name)."""
    phrase = " ".join(fold(term).split())
    words = phrase.split()
    digits = normalise_phone(term) if not any(ch.isalpha() for ch in term) else ""
    scored = [(c, _score(c, words, phrase, digits)) for c in contacts]
    hits = [(c, s) for c, s in scored if s > 0]
    hits.sort(key=lambda hit: (-hit[1], fold(hit[0].last_name), fold(hit[0].first_name), hit[0].id))
    return hits


def by_phone(contacts: Iterable[ContactRecord], number: str) -> list[ContactRecord]:
    """Contacts having this number in any of their phone fields."""
    wanted = normalise_phone(number)
    if not wanted:
        return []
    return [c for c in contacts if any(normalise_phone(p) == wanted for p in c.phones)]


def by_email(contacts: Iterable[ContactRecord], addresses: Iterable[str]) -> list[ContactRecord]:
    """Contacts having one of these e-mail addresses (case-insensitive)."""
    wanted = {a.strip().casefold() for a in addresses if a.strip()}
    return [
        c
        for c in contacts
        if any(e.casefold() in wanted for e in (c.email, c.email2) if e is not None)
    ]

"""What a Slack message says that the form can use: phones, e-mails, personnummer, an estate.

Read from the message's text as Slack sends it (mrkdwn: ``<mailto:a@b.se|a@b.se>``,
``<tel:…|070-…>``), bounded in how much is read and how many clues come out, so a pasted novel
costs no more than a short note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TEXT = 4000
"""Characters of a message read; a booking request fits in far fewer."""
MAX_CONTACT_CLUES = 5
"""Contact look-ups a message may cause: each is a Vitec search within the shortcut's 3 s."""
MAX_ESTATE_CANDIDATES = 20

_LINK = re.compile(r"<(?:mailto:|tel:)?([^|>]*)(?:\|([^>]*))?>")
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}"
)
_PERSONNUMMER = re.compile(r"(?<![\d+-])((?:19|20)?)(\d{6})([-+]?)(\d{4})(?![\d-])")
_PHONE = re.compile(r"(?<![\w+])(?:\+46|0046|0)(?:[\s-]?\(?\d\)?){6,11}(?![\d])")
_REFERENCE = re.compile(r"(?<![\d-])\d{2,6}-\d{2,6}(?![\d-])")
_ADDRESS = re.compile(
    # One to three words, a house number (not a time such as 17.30), perhaps a flat number.
    r"(?<![\w])((?:[A-Za-zÅÄÖåäöÉéÜü][\wÅÄÖåäöÉéÜü.'-]*\s+){1,3}\d{1,4}(?:[A-Za-z](?!\w))?"
    r"(?:,?\s+(?:lgh|lägenhet)\s*\d{3,5})?)(?!\d)(?![.:,]\d)"
)


@dataclass(frozen=True)
class MessageClues:
    """Contact and estate clues found in a message, in the order to try them."""

    contacts: tuple[str, ...] = ()
    """Personnummer, e-mail addresses and phone numbers, each at most once."""
    estates: tuple[str, ...] = ()
    """Objektnummer first, then texts that look like an address (a name and a number)."""


def plain_text(mrkdwn: str) -> str:
    """The message as a person reads it: Slack's links replaced by their labels."""

    def label(match: re.Match[str]) -> str:
        return match.group(2) or match.group(1)

    return _LINK.sub(label, mrkdwn[:MAX_TEXT])


def luhn_valid(digits: str) -> bool:
    """Whether ten digits carry a valid Swedish check digit."""
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def find_clues(mrkdwn: str) -> MessageClues:
    """Everything in the message the form can be filled from."""
    text = plain_text(mrkdwn)
    taken: list[tuple[int, int]] = []
    contacts: list[str] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    def keep(value: str, span: tuple[int, int]) -> None:
        taken.append(span)
        if value not in contacts:
            contacts.append(value)

    for m in _EMAIL.finditer(text):
        keep(m.group(0), m.span())
    for m in _PERSONNUMMER.finditer(text):
        century, birth, sign, tail = m.groups()
        # Without a separator ten digits may as well be a phone number: only the 12-digit form.
        if not free(m.span()) or (not sign and not century) or not luhn_valid(birth + tail):
            continue
        keep(f"{century}{birth}-{tail}" if sign != "+" else f"{birth}+{tail}", m.span())
    for m in _PHONE.finditer(text):
        if free(m.span()):
            keep(" ".join(m.group(0).split()), m.span())
    estates: list[str] = []
    for m in _REFERENCE.finditer(text):
        if free(m.span()):
            taken.append(m.span())
            estates.append(m.group(0))
    for m in _ADDRESS.finditer(text):
        if free(m.span(1)):
            estates.extend(_tails(m.group(1)))
    return MessageClues(
        contacts=tuple(contacts[:MAX_CONTACT_CLUES]),
        estates=tuple(dict.fromkeys(estates))[:MAX_ESTATE_CANDIDATES],
    )


def _tails(found: str) -> list[str]:
    """``visningen på Götgatan 14`` as ``Götgatan 14``, ``på Götgatan 14``, …: the words before
    an address in a sentence are rarely part of it, so the shortest is tried first."""
    words = found.split()
    number = next(i for i, w in enumerate(words) if w[0].isdigit())
    return [" ".join(words[start:]) for start in range(number - 1, -1, -1)]

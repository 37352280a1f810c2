"""Finding the estate an agent means, so that the first option is the one Enter books.

An agent types an address (``Katarina Bangata 26``), part of one (``hornsg 12``), an
objektnummer (``2468-1134``) or an area. Matching every word anywhere and sorting alphabetically
put ``Katarina Bangata 126 lgh 1304`` before ``Katarina Bangata 26`` and let the ``8`` of
``Swedenborgsgatan 8`` match every objektnummer ``2468-…``. Here words match whole tokens from
their start, and the matches are ranked in tiers:

0. the whole address, token for token;
1. the street name and the whole house number (``Katarina Bangata 26`` finds 26, not 126);
2. the words run along the street from one of its name's tokens (``hornsg 1``, ``bangata 26``);
3. the objektnummer, only when the text looks like one (digits and a dash, or the whole number);
4. every word matches some token of the address, area or town (``södermalm götg``).

Within a tier, the estate whose address is matched more closely and is shorter comes first.
The index is built once per estate list: a sorted token list with each token's estates, so a
keystroke looks up the rarest word's estates and checks only those.
"""

from __future__ import annotations

import bisect
import difflib
import heapq
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from bot.domain import EstateEntry, fold

MAX_QUERY = 100
_TOKEN = re.compile(r"\d+|[^\W\d_]+")
"""Digit runs and letter runs: ``12A`` and ``12 a`` both read as ``12`` ``a``."""
_REFERENCE_TYPED = re.compile(r"\d+-\d*")
_AFTER_ALL = "\U0010ffff"
_SUGGEST_CUTOFF = 0.85
"""How alike (difflib ratio) a street name must be to the typed one to be suggested: typos
reach it ("hornsgata", "gotgtan"), other streets that merely share "-gatan" do not."""
_SORT_AT_MOST = 1000
"""Sort this many loose matches outright; walk the precomputed order for more."""
NO_NUMBER = 10**9
"""Sorts estates without a house number after those with one."""


def tokens(text: str) -> tuple[str, ...]:
    """The folded search tokens of a text: ``Åsögatan 12A`` → ``asogatan``, ``12``, ``a``."""
    return tuple(_TOKEN.findall(fold(text[:MAX_QUERY])))


@dataclass(frozen=True)
class _Indexed:
    """An estate as the index sees it."""

    entry: EstateEntry
    address: tuple[str, ...]
    street_len: int
    """How many address tokens come before the house number (all of them when there is none)."""
    number: str | None
    """The house number token, if the address has one."""
    places: tuple[str, ...]
    """Area and postal town tokens."""
    searchable: tuple[str, ...]
    """Address and place tokens: what a typed word may match."""
    reference: str | None
    """The folded objektnummer."""
    order: tuple[str, int, tuple[str, ...], str]
    """Natural order: street (alphabetised the Swedish way), house number as a number, the rest,
    the id."""

    @property
    def street(self) -> tuple[str, ...]:
        """The street name's tokens."""
        return self.address[: self.street_len]

    @property
    def street_starts(self) -> range:
        """Where a run of typed words may begin: any token of the street name (or the first)."""
        return range(max(self.street_len, 1))


_AFTER_Z = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def _swedish_order(text: str) -> str:
    """A sort key that puts å, ä and ö after z, as Swedish lists do."""
    return fold(text.casefold().translate(_AFTER_Z)).strip()


def _indexed(entry: EstateEntry, place_tokens: dict[str, tuple[str, ...]]) -> _Indexed:
    address = tokens(entry.street_address)
    street_len = next((i for i, t in enumerate(address) if t.isdigit()), len(address))
    number = address[street_len] if street_len < len(address) else None
    place = " ".join(p for p in (entry.area, entry.postal_town) if p)
    # An office has few areas and towns; folding each once keeps a big list quick to index.
    places = place_tokens.get(place)
    if places is None:
        places = place_tokens[place] = tokens(place)
    reference = fold(entry.reference_id).strip() if entry.reference_id else None
    return _Indexed(
        entry=entry,
        address=address,
        street_len=street_len,
        number=number,
        places=places,
        searchable=(*address, *places),
        reference=reference or None,
        order=(
            _swedish_order(entry.street_address.split(number, 1)[0] if number else ""),
            int(number) if number else NO_NUMBER,
            address[street_len + 1 :],
            entry.id,
        ),
    )


Rank = tuple[int, int, int, int, int]
"""(tier, house number not typed whole, address tokens left unmatched, address length, place
in the natural order): smaller is better."""


@dataclass(frozen=True)
class CommandMatch:
    """What ``/visning <text>`` found: one estate, several, none (with the nearest), or no list."""

    kind: Literal["found", "ambiguous", "none", "not_loaded"]
    estate: EstateEntry | None = None
    suggestion: EstateEntry | None = None
    """For ``none``: the estate closest to what was typed, if any is close."""


class _Postings:
    """Sorted tokens, each with the estates holding it: the estates a typed prefix reaches."""

    def __init__(self, postings: dict[str, set[int]]) -> None:
        self._tokens = sorted(postings)
        self._ids = [postings[t] for t in self._tokens]
        # Running totals of the posting sizes: how many estates a prefix reaches, in O(1).
        self._reach = [0, *accumulate(len(p) for p in self._ids)]

    def span(self, prefix: str) -> tuple[int, int]:
        """The tokens starting with ``prefix``, as a range of positions."""
        lo = bisect.bisect_left(self._tokens, prefix)
        return lo, bisect.bisect_left(self._tokens, prefix + _AFTER_ALL, lo)

    def reach(self, span: tuple[int, int]) -> int:
        """An upper bound of how many estates a span holds."""
        return self._reach[span[1]] - self._reach[span[0]]

    def estates(self, span: tuple[int, int]) -> set[int]:
        """The estates holding a token of the span."""
        return set().union(*self._ids[span[0] : span[1]])


class EstateIndex:
    """The cached estates, indexed by folded token for ranked search as the agent types."""

    def __init__(self, entries: Iterable[EstateEntry]) -> None:
        places: dict[str, tuple[str, ...]] = {}
        self._estates = [_indexed(e, places) for e in entries]
        self._default = sorted(range(len(self._estates)), key=lambda i: self._estates[i].order)
        self._position = [0] * len(self._estates)
        for position, i in enumerate(self._default):
            self._position[i] = position
        # Estates matched only somewhere rank by address length, then natural order: precomputed.
        self._anywhere_order = sorted(
            range(len(self._estates)),
            key=lambda i: (
                len(self._estates[i].address),
                len(self._estates[i].entry.street_address),
                self._position[i],
            ),
        )
        self._anywhere_position = [0] * len(self._estates)
        for position, i in enumerate(self._anywhere_order):
            self._anywhere_position[i] = position
        self._numbered: dict[str, set[int]] = {}
        anywhere: dict[str, set[int]] = {}
        on_street: dict[str, set[int]] = {}
        for i, estate in enumerate(self._estates):
            for token in estate.searchable:
                anywhere.setdefault(token, set()).add(i)
            if estate.number is not None:
                self._numbered.setdefault(estate.number, set()).add(i)
            for start in estate.street_starts:
                if start < len(estate.address):
                    on_street.setdefault(estate.address[start], set()).add(i)
        self._anywhere = _Postings(anywhere)
        self._on_street = _Postings(on_street)
        # Objektnummer by length, each list sorted: a typed prefix finds the shortest (closest)
        # numbers first without looking at every number it begins.
        self._references: dict[int, list[tuple[str, int]]] = {}
        self._by_digits: dict[str, list[int]] = {}
        for i, estate in enumerate(self._estates):
            if estate.reference:
                self._references.setdefault(len(estate.reference), []).append((estate.reference, i))
                for key in {estate.reference, estate.reference.replace("-", "")}:
                    self._by_digits.setdefault(key, []).append(i)
        for same_length in self._references.values():
            same_length.sort()

    def __len__(self) -> int:
        return len(self._estates)

    def search(self, query: str, limit: int = 100) -> list[EstateEntry]:
        """The estates matching what was typed, best first."""
        return [self._estates[i].entry for _, i in self._ranked(query, limit)]

    def find(self, text: str) -> CommandMatch:
        """The estate ``/visning <text>`` means, if exactly one fits the text as well as it can."""
        by_reference = self._by_digits.get(fold(text).replace(" ", ""), [])
        if len(by_reference) == 1:
            return CommandMatch("found", estate=self._estates[by_reference[0]].entry)
        ranked = self._ranked(text, limit=2)
        if not ranked:
            return CommandMatch("none", suggestion=self.nearest(text))
        best = ranked[0][0]
        runner_up = ranked[1][0] if len(ranked) > 1 else None
        if runner_up is None or (best[0] <= 1 and best[:3] < runner_up[:3]):
            return CommandMatch("found", estate=self._estates[ranked[0][1]].entry)
        return CommandMatch("ambiguous")

    def nearest(self, text: str) -> EstateEntry | None:
        """The estate closest to an unmatched text: the nearest number on the nearest street."""
        words = tokens(text)
        street = tuple(w for w in words if not w.isdigit())
        numbers = [int(w) for w in words if w.isdigit()]
        if not street:
            return None
        on_street = [
            i for i in self._candidates(street) if self._run(self._estates[i], street)[0] > 0
        ]
        if not on_street:
            streets = {" ".join(e.street): e.street for e in self._estates if e.street}
            close = difflib.get_close_matches(
                " ".join(street), streets, n=1, cutoff=_SUGGEST_CUTOFF
            )
            if not close:
                return None
            wanted = streets[close[0]]
            on_street = [i for i, e in enumerate(self._estates) if e.street == wanted]
        target = numbers[0] if numbers else 0
        nearest = min(
            on_street,
            key=lambda i: (abs(self._estates[i].order[1] - target), self._position[i]),
        )
        return self._estates[nearest].entry

    # --- ranking ---------------------------------------------------------------------------------

    def _ranked(self, query: str, limit: int) -> list[tuple[Rank, int]]:
        text = query.strip()[:MAX_QUERY]
        words = tokens(text)
        if not words:
            return [(self._rank_anywhere(i, words), i) for i in self._default[:limit]]
        found = self._candidates(words)
        # Only estates whose street the first word begins can rank above "matches somewhere";
        # the rest need no closer look, which keeps a broad word ("s", "stockholm") quick.
        along = found & self._on_street.estates(self._on_street.span(words[0]))
        ranked = [(self._rank_along(i, words), i) for i in along]
        ranked += self._reference_hits(fold(text).replace(" ", ""), limit)
        ranked += self._best_anywhere(found - along, words, limit)
        best: dict[int, Rank] = {}
        for rank, i in ranked:
            if i not in best or rank < best[i]:
                best[i] = rank
        return heapq.nsmallest(limit, ((rank, i) for i, rank in best.items()))

    def _best_anywhere(
        self, found: set[int], words: Sequence[str], limit: int
    ) -> list[tuple[Rank, int]]:
        """The first ``limit`` of estates matched only somewhere, without ranking them all."""
        wanted = [self._numbered.get(w, set()) for w in words if w.isdigit()]
        numbered = found.intersection(set().union(*wanted))
        rest = found - numbered
        if len(rest) <= _SORT_AT_MOST:
            others = sorted(rest, key=self._anywhere_position.__getitem__)[:limit]
        else:
            # Many matches (a town, one letter): walk the precomputed order until enough are seen.
            others = []
            for i in self._anywhere_order:
                if i in rest:
                    others.append(i)
                    if len(others) == limit:
                        break
        picked = sorted(numbered, key=self._anywhere_position.__getitem__)[:limit]
        return [(self._rank_anywhere(i, words), i) for i in (*picked, *others)]

    def _candidates(self, words: Sequence[str]) -> set[int]:
        """Estates having, for every word, a token that starts with it."""
        spans = [self._anywhere.span(w) for w in words]
        if any(lo == hi for lo, hi in spans):
            return set()
        # Set operations run in C: far quicker than testing each estate's tokens in Python.
        spans.sort(key=self._anywhere.reach)
        found = self._anywhere.estates(spans[0])
        for span in spans[1:]:
            found &= self._anywhere.estates(span)
        return found

    def _rank_anywhere(self, i: int, words: Sequence[str]) -> Rank:
        estate = self._estates[i]
        whole_number = estate.number is not None and estate.number in words
        length = len(estate.entry.street_address)
        return (4, not whole_number, len(estate.address), length, self._position[i])

    @staticmethod
    def _run(estate: _Indexed, words: Sequence[str]) -> tuple[int, int]:
        """The longest run of words along the address from a street token: (length, start)."""
        address = estate.address
        best_run, best_start = 0, 0
        for start in estate.street_starts:
            run = 0
            while (
                run < len(words)
                and start + run < len(address)
                and address[start + run].startswith(words[run])
            ):
                run += 1
            if run > best_run:
                best_run, best_start = run, start
        return best_run, best_start

    def _rank_along(self, i: int, words: tuple[str, ...]) -> Rank:
        estate = self._estates[i]
        address, street_len, number = estate.address, estate.street_len, estate.number
        length = len(estate.entry.street_address)
        if words == address:
            return (0, 0, 0, length, self._position[i])
        run, start = self._run(estate, words)
        rest = (*address[start + run :], *estate.places)
        if run == 0 or not all(any(t.startswith(w) for t in rest) for w in words[run:]):
            return self._rank_anywhere(i, words)
        exact_street = (
            start == 0
            and run > street_len
            and words[:street_len] == address[:street_len]
            and words[street_len] == number
        )
        whole_number = number is not None and number in words
        left = len(address) - start - run
        return (1 if exact_street else 2, not whole_number, left, length, self._position[i])

    def _reference_hits(self, text: str, limit: int) -> list[tuple[Rank, int]]:
        """Estates whose objektnummer the text is, or begins, when the text looks like one."""
        if not text:
            return []
        hits = [((3, 0, 0, 0, self._position[i]), i) for i in self._by_digits.get(text, [])]
        if not _REFERENCE_TYPED.fullmatch(text):
            return hits
        for length in sorted(self._references):
            if len(hits) >= limit:
                break
            if length < len(text):
                continue
            same_length = self._references[length]
            lo = bisect.bisect_left(same_length, (text,))
            hi = bisect.bisect_left(same_length, (text + _AFTER_ALL,), lo)
            hits += [
                ((3, 0, length, lo + n, self._position[i]), i)
                for n, (_, i) in enumerate(same_length[lo : min(hi, lo + limit)])
            ]
        return hits

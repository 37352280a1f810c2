"""The estate picker's ranking: the estate an agent types is the first option, so Enter books it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain import EstateEntry
from bot.estate_search import EstateIndex, tokens


def estate(
    address: str, reference: str | None = None, *, area: str = "Södermalm", n: int = 0
) -> EstateEntry:
    return EstateEntry.build(
        estate_id=f"OBJ{n or abs(hash(address)) % 10**8}_1",
        customer_id="M30011",
        street_address=address,
        area=area,
        postal_town="Stockholm",
        reference_id=reference,
        status="Till salu",
    )


OFFICE = EstateIndex(
    [
        estate("Katarina Bangata 126 lgh 1304", "2468-1301", n=1),
        estate("Katarina Bangata 26", "2468-1302", n=2),
        estate("Swedenborgsgatan 100", "2468-1008", n=3),
        estate("Swedenborgsgatan 49", "2468-8123", n=4),
        estate("Swedenborgsgatan 61 lgh 1101", "2468-1888", n=5),
        estate("Swedenborgsgatan 8", "2468-1203", n=6),
        estate("Hornsgatan 112", "2468-3000", n=7),
        estate("Hornsgatan 12", "2468-3001", n=8),
        estate("Hornsgatan 12 lgh 1001", "2468-3002", n=9),
        estate("Götgatan 14", "2468-1134", n=10),
        estate("Södermannagatan 3", "2468-4000", area="Vasastan", n=11),
        estate("Åsögatan 7A", "2468-4001", n=12),
    ]
)


def addresses(query: str) -> list[str]:
    return [e.street_address for e in OFFICE.search(query)]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("Katarina Bangata 26", "Katarina Bangata 26"),
        ("katarina bangata 26", "Katarina Bangata 26"),
        ("Katarina Bangata 126", "Katarina Bangata 126 lgh 1304"),
        ("Swedenborgsgatan 8", "Swedenborgsgatan 8"),
        ("Hornsgatan 12", "Hornsgatan 12"),
        ("Hornsgatan 112", "Hornsgatan 112"),
        ("hornsgatan 12 lgh 1001", "Hornsgatan 12 lgh 1001"),
        ("bangata 26", "Katarina Bangata 26"),
        ("asogatan 7 a", "Åsögatan 7A"),
        ("ÅSÖGATAN 7a", "Åsögatan 7A"),
    ],
)
def test_the_estate_typed_comes_first(typed: str, first: str) -> None:
    assert addresses(typed)[0] == first


def test_a_house_number_matches_whole_numbers_not_their_tails() -> None:
    assert addresses("Katarina Bangata 26") == ["Katarina Bangata 26"]
    assert "Hornsgatan 112" not in addresses("Hornsgatan 12")


def test_a_number_typed_after_a_street_never_matches_objektnummer() -> None:
    # Every objektnummer starts 2468-…: the 8 of the address must not reach them.
    assert addresses("Swedenborgsgatan 8") == ["Swedenborgsgatan 8"]
    assert addresses("8") == ["Swedenborgsgatan 8"]


def test_the_street_typed_so_far_lists_its_estates_shortest_and_closest_first() -> None:
    assert addresses("hornsg") == ["Hornsgatan 12", "Hornsgatan 112", "Hornsgatan 12 lgh 1001"]
    assert addresses("hornsgatan 1") == [
        "Hornsgatan 12",
        "Hornsgatan 112",
        "Hornsgatan 12 lgh 1001",
    ]
    assert addresses("swedenborgsgatan")[:3] == [
        "Swedenborgsgatan 8",
        "Swedenborgsgatan 49",
        "Swedenborgsgatan 100",
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2468-1134", ["Götgatan 14"]),
        ("24681134", ["Götgatan 14"]),
        ("2468 - 1134", ["Götgatan 14"]),
        ("2468-300", ["Hornsgatan 112", "Hornsgatan 12", "Hornsgatan 12 lgh 1001"]),
        ("2468", []),
        ("1134", []),
    ],
)
def test_objektnummer_match_only_when_the_text_looks_like_one(
    typed: str, expected: list[str]
) -> None:
    assert addresses(typed) == expected


def test_a_street_ranks_before_an_area_of_the_same_name() -> None:
    found = addresses("söderm")
    assert found[0] == "Södermannagatan 3"
    assert "Götgatan 14" in found[1:]


def test_words_may_name_the_area_too() -> None:
    assert addresses("götgatan södermalm") == ["Götgatan 14"]
    assert addresses("södermalm götg") == ["Götgatan 14"]
    assert addresses("vasastan götgatan") == []


def test_an_empty_query_lists_estates_in_street_and_number_order() -> None:
    assert addresses("")[:4] == [
        "Götgatan 14",
        "Hornsgatan 12",
        "Hornsgatan 12 lgh 1001",
        "Hornsgatan 112",
    ]


def test_words_match_from_their_start_only() -> None:
    assert addresses("gatan") == []
    assert addresses("angata") == []


def test_the_limit_caps_the_answer() -> None:
    assert len(OFFICE.search("", limit=3)) == 3
    assert len(OFFICE.search("s", limit=2)) == 2


@pytest.mark.parametrize(
    ("text", "kind", "address"),
    [
        ("Götgatan 14", "found", "Götgatan 14"),
        ("2468-1134", "found", "Götgatan 14"),
        ("Hornsgatan 12", "found", "Hornsgatan 12"),
        ("Katarina Bangata 126", "found", "Katarina Bangata 126 lgh 1304"),
        ("Katarina Bangata 26", "found", "Katarina Bangata 26"),
        ("Hornsgatan", "ambiguous", None),
        ("2468-1", "ambiguous", None),
    ],
)
def test_command_text_picks_one_estate_only_when_it_is_clearly_meant(
    text: str, kind: str, address: str | None
) -> None:
    match = OFFICE.find(text)
    assert match.kind == kind
    assert (match.estate.street_address if match.estate else None) == address


@pytest.mark.parametrize(
    ("text", "suggested"),
    [
        ("Hornsgatan 99", "Hornsgatan 112"),
        ("Hornsgatan 14", "Hornsgatan 12"),
        ("Hornsgata 13", "Hornsgatan 12"),
        ("Götgatan 99", "Götgatan 14"),
        ("Gotgtan 14", "Götgatan 14"),
    ],
)
def test_command_text_without_a_match_suggests_the_nearest_estate(
    text: str, suggested: str
) -> None:
    match = OFFICE.find(text)
    assert match.kind == "none"
    assert match.suggestion is not None
    assert match.suggestion.street_address == suggested


@pytest.mark.parametrize("text", ["Kiruna", "Storgatan 99", "2468-9999", "99"])
def test_nothing_near_suggests_nothing(text: str) -> None:
    match = OFFICE.find(text)
    assert (match.kind, match.suggestion) == ("none", None)


def test_an_empty_index_finds_nothing() -> None:
    empty = EstateIndex([])
    assert empty.search("götgatan") == []
    assert empty.search("") == []
    assert empty.find("Götgatan 14").kind == "none"


# --- every estate is found by its own address --------------------------------------------------

_STREETS = st.sampled_from(
    [
        "Götgatan",
        "Hornsgatan",
        "Katarina Bangata",
        "Sankt Eriksgatan",
        "Övre Husargatan",
        "Allmänna vägen",
        "Åsögatan",
        "Gatan",
        "Göt",
    ]
)
_ADDRESSES = st.builds(
    lambda street, number, letter, flat: f"{street} {number}{letter}{flat}",
    _STREETS | st.text(alphabet="abcåäöé ", min_size=1, max_size=12).filter(str.strip),
    st.integers(min_value=1, max_value=200),
    st.sampled_from(["", "A", "B", " C"]),
    st.sampled_from(["", " lgh 1001", " lgh 1304", " lgh 1"]),
)


@st.composite
def offices(draw: st.DrawFn) -> list[EstateEntry]:
    found = draw(st.lists(_ADDRESSES, min_size=1, max_size=40, unique_by=tokens))
    references = draw(
        st.lists(
            st.integers(min_value=1000, max_value=9999),
            min_size=len(found),
            max_size=len(found),
            unique=True,
        )
    )
    areas = st.sampled_from(["Södermalm", "Vasastan", "Götgatan", "Hornstull", ""])
    return [
        estate(address, f"2468-{ref}", area=draw(areas), n=n + 1)
        for n, (address, ref) in enumerate(zip(found, references, strict=True))
    ]


@given(offices())
def test_typing_an_estates_whole_address_puts_it_first(entries: list[EstateEntry]) -> None:
    index = EstateIndex(entries)
    for entry in entries:
        assert index.search(entry.street_address)[0] == entry
        assert index.search(entry.street_address.upper())[0] == entry
        assert index.find(entry.street_address).estate == entry


@given(offices())
def test_typing_an_estates_objektnummer_puts_it_first(entries: list[EstateEntry]) -> None:
    index = EstateIndex(entries)
    for entry in entries:
        assert entry.reference_id is not None
        assert index.search(entry.reference_id)[0] == entry
        assert index.find(entry.reference_id).estate == entry

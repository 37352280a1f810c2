from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.vitec.paths import InvalidIdError, check_id, id_list_segment, vitec_path
from tests.bot.vitec.support import CONTACT, CUSTOMER, ESTATE, contact_id

if TYPE_CHECKING:
    from collections.abc import Iterator

# A base URL with a path prefix, so a path that climbs out of it would show.
PREFIXED_BASE = "https://connect.vitec.test/api/"


@pytest.fixture(scope="module")
def prefixed_http() -> Iterator[httpx.Client]:
    """Joins paths onto the base URL exactly as the Vitec client's httpx does."""
    with httpx.Client(base_url=PREFIXED_BASE) as http:
        yield http


UNSAFE_IDS = [
    pytest.param("../x", id="parent-traversal"),
    pytest.param("../../x", id="double-traversal"),
    pytest.param("x/y", id="slash"),
    pytest.param("x?a=1", id="query"),
    pytest.param("x#y", id="fragment"),
    pytest.param("%2e%2e", id="encoded-dots"),
    pytest.param("x%2fy", id="encoded-slash"),
    pytest.param(".", id="dot"),
    pytest.param("..", id="dot-dot"),
    pytest.param("", id="empty"),
    pytest.param("A" * 41, id="41-characters"),
    pytest.param("Å", id="non-ascii"),
    pytest.param("OBJ 1", id="inner-space"),
    pytest.param(" OBJ1", id="leading-space"),
    pytest.param("OBJ1\n", id="trailing-newline"),
    pytest.param("OBJ1\t", id="tab"),
    pytest.param("x;y", id="semicolon"),
    pytest.param("x,y", id="comma"),
    pytest.param("x\\y", id="backslash"),
    pytest.param("ＯＢＪ1", id="fullwidth"),
]


@pytest.mark.parametrize("value", UNSAFE_IDS)
def test_check_id_rejects_what_could_change_the_url(value: str) -> None:
    with pytest.raises(InvalidIdError):
        check_id(value, name="estate_id")


@pytest.mark.parametrize("value", UNSAFE_IDS)
def test_vitec_path_rejects_unsafe_ids(value: str) -> None:
    with pytest.raises(InvalidIdError) as caught:
        vitec_path("Viewing/{customer_id}/{estate_id}", customer_id=CUSTOMER, estate_id=value)
    assert caught.value.name == "estate_id"


def test_check_id_rejects_a_non_string() -> None:
    with pytest.raises(InvalidIdError):
        check_id(12345, name="estate_id")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value",
    [CUSTOMER, ESTATE, CONTACT, "CMVILLA55NIGRFBSEDVHLNH", "G2", "a", "A" * 40, "TS-0042_b"],
)
def test_check_id_accepts_vitec_ids_unchanged(value: str) -> None:
    assert check_id(value) == value


def test_invalid_id_error_does_not_repeat_the_value() -> None:
    # A rejected contact id (or a phone number pasted as one) is personal data.
    with pytest.raises(InvalidIdError) as caught:
        check_id(CONTACT + " ", name="contact_id")
    assert CONTACT not in str(caught.value)
    assert CONTACT[:12] not in str(caught.value)
    assert "contact_id" in str(caught.value)


def test_vitec_path_fills_the_template() -> None:
    path = vitec_path(
        "v2/Advertising/Form/{customer_id}/Estate/{estate_id}",
        customer_id=CUSTOMER,
        estate_id=ESTATE,
    )
    assert path == f"v2/Advertising/Form/{CUSTOMER}/Estate/{ESTATE}"


def test_vitec_path_demands_exactly_the_template_fields() -> None:
    with pytest.raises(TypeError):
        vitec_path("Viewing/{customer_id}/{estate_id}", customer_id=CUSTOMER)
    with pytest.raises(TypeError):
        vitec_path("Viewing/{customer_id}", customer_id=CUSTOMER, estate_id=ESTATE)


def test_vitec_path_refuses_a_template_with_query_characters() -> None:
    with pytest.raises(TypeError):
        vitec_path("Viewing/{customer_id}?admin=1", customer_id=CUSTOMER)


@given(value=st.text(max_size=50))
@example(value="..")
@example(value="%2e%2e")
@example(value="OBJ1")
def test_an_id_either_fails_or_stays_one_segment_on_the_same_host(
    prefixed_http: httpx.Client, value: str
) -> None:
    try:
        path = vitec_path(
            "Viewing/{customer_id}/{estate_id}", customer_id=CUSTOMER, estate_id=value
        )
    except InvalidIdError:
        return
    url = prefixed_http.build_request("GET", path).url
    assert url.host == "connect.vitec.test"
    segments = url.raw_path.split(b"/")
    assert segments[:-2] == [b"", b"api", b"Viewing"]
    assert segments[-2] == CUSTOMER.encode()
    assert unquote(segments[-1].decode("ascii")) == value
    assert url.query == b""
    assert url.fragment == ""


def test_id_list_segment_joins_checked_ids_with_commas() -> None:
    assert id_list_segment([CONTACT, "ADR2", "x_y-z"]) == f"{CONTACT},ADR2,x_y-z"


@pytest.mark.parametrize("value", UNSAFE_IDS)
def test_id_list_segment_rejects_any_unsafe_id(value: str) -> None:
    with pytest.raises(InvalidIdError) as caught:
        id_list_segment([CONTACT, value], name="contact_id")
    assert caught.value.name == "contact_id"


def test_id_list_segment_refuses_one_string_and_an_empty_list() -> None:
    with pytest.raises(TypeError):
        id_list_segment(CONTACT)
    with pytest.raises(ValueError, match="empty"):
        id_list_segment([])


@given(values=st.lists(st.text(max_size=45), min_size=1, max_size=25))
@example(values=[contact_id(1), contact_id(2)])
def test_an_id_list_either_fails_or_round_trips_in_one_segment(
    prefixed_http: httpx.Client, values: list[str]
) -> None:
    try:
        segment = id_list_segment(values)
    except InvalidIdError:
        return
    url = prefixed_http.build_request("GET", f"CRM/Contact/{CUSTOMER}/{segment}").url
    assert url.host == "connect.vitec.test"
    *prefix, last = url.raw_path.decode("ascii").split("/")
    assert prefix == ["", "api", "CRM", "Contact", CUSTOMER]
    assert [unquote(part) for part in last.split(",")] == values

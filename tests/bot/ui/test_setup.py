"""The "Koppla Vitec" modal read back: what the admin typed, or the inline errors to show."""

from __future__ import annotations

from typing import Any

import pytest

from bot.ui.setup import (
    MAX_OFFICES,
    ConnectRequest,
    connect_modal,
    read_channel_office,
    read_connect,
)


def values(
    username: str | None = "visningsbot",
    password: str | None = "sim-M30011",  # noqa: S107 - the simulator's
    offices: str | None = "M30011",
    group: str | None = None,
) -> dict[str, Any]:
    def field(value: str | None) -> dict[str, Any]:
        return {"type": "plain_text_input", "value": value}

    return {
        "vitec_username": {"vitec_username_input": field(username)},
        "vitec_password": {"vitec_password_input": field(password)},
        "vitec_offices": {"vitec_offices_input": field(offices)},
        "settings_group": {"settings_group_input": field(group)},
    }


def test_a_filled_in_modal_reads_as_a_request() -> None:
    read = read_connect(values(offices=" m30011, M30012;M30011 ", group="@ledning"), "sv")

    assert read == ConnectRequest(
        username="visningsbot",
        password="sim-M30011",
        offices=("M30011", "M30012"),
        settings_usergroup="ledning",
    )


@pytest.mark.parametrize(
    ("changes", "block", "text"),
    [
        ({"username": None}, "vitec_username", "Fyll i fältet."),
        ({"username": "   "}, "vitec_username", "Fyll i fältet."),
        ({"password": ""}, "vitec_password", "Fyll i fältet."),
        ({"username": "x" * 201}, "vitec_username", "Högst 200 tecken."),
        ({"password": "x" * 201}, "vitec_password", "Högst 200 tecken."),
        ({"offices": "x" * 1001}, "vitec_offices", "Högst 1000 tecken."),
        ({"offices": "../M1"}, "vitec_offices", "”../M1” är inget kundnummer (som M30011)."),
        ({"offices": "M30011 OBJ1_2"}, "vitec_offices", "”OBJ1_2” är inget kundnummer"),
        ({"offices": "M30011,%2e%2e"}, "vitec_offices", "”%2e%2e” är inget kundnummer"),
        ({"offices": "M1?admin=1"}, "vitec_offices", "är inget kundnummer"),
        ({"offices": "M" + "1" * 11}, "vitec_offices", "är inget kundnummer"),
        (
            {"offices": ",".join(f"M{n}" for n in range(MAX_OFFICES + 1))},
            "vitec_offices",
            "Högst 50 kontor.",
        ),
        ({"group": "<!channel>"}, "settings_group", "Ange gruppens handtag"),
        ({"group": "@" + "a" * 81}, "settings_group", "Ange gruppens handtag"),
    ],
)
def test_odd_or_oversized_input_is_refused_in_the_field(
    changes: dict[str, Any], block: str, text: str
) -> None:
    read = read_connect(values(**changes), "sv")

    assert isinstance(read, dict)
    assert block in read
    assert text in read[block]
    assert len(read[block]) <= 2000


def test_an_odd_office_is_shown_cut_short() -> None:
    read = read_connect(values(offices="Ö" * 900), "en")

    assert isinstance(read, dict)
    assert len(read["vitec_offices"]) < 100


def test_a_missing_state_reads_as_empty_fields() -> None:
    read = read_connect({}, "en")

    assert read == {
        "vitec_username": "Fill in this field.",
        "vitec_password": "Fill in this field.",
        "vitec_offices": "Fill in this field.",
    }


def test_the_modal_never_holds_a_password_and_remembers_the_language() -> None:
    view = connect_modal("en", "S0ADMINS")

    password = next(b for b in view["blocks"] if b.get("block_id") == "vitec_password")
    assert "initial_value" not in password["element"]
    assert view["private_metadata"] == "en"
    group = next(b for b in view["blocks"] if b.get("block_id") == "settings_group")
    assert group["element"]["initial_value"] == "S0ADMINS"
    assert connect_modal("sv", "ledning")["blocks"][-1]["element"]["initial_value"] == "@ledning"


def chosen(channel: Any, office: Any) -> dict[str, Any]:
    return {
        "channel_office": {
            "channel_office_channel": {
                "type": "conversations_select",
                "selected_conversation": channel,
            },
            "channel_office_select": {"type": "static_select", "selected_option": office},
        }
    }


@pytest.mark.parametrize(
    ("values", "read"),
    [
        (chosen("C0VISNING", {"value": "M30012"}), ("C0VISNING", "M30012")),
        (chosen("G0PRIVAT", {"value": "M30011"}), ("G0PRIVAT", "M30011")),
        (chosen(None, {"value": "M30012"}), None),
        (chosen("C0VISNING", None), None),
        (chosen("D0DIRECT", {"value": "M30012"}), None),
        (chosen("C0VISNING", {"value": "../M1"}), None),
        (chosen("C" + "X" * 500, {"value": "M30012"}), None),
        (chosen(["C0VISNING"], {"value": "M30012"}), None),
        ({"channel_office": "odd"}, None),
        ({}, None),
    ],
)
def test_app_homes_channel_office_reads_only_a_channel_and_an_office(
    values: dict[str, Any], read: tuple[str, str] | None
) -> None:
    assert read_channel_office(values) == read

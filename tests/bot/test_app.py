"""OAuth mode's composition: the scopes asked for at install, and which office a request names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.app import (
    BOT_SCOPES,
    _authorization_url,
    _channel_of,
    _is_setup,
    _named_office,
    _undone_signup,
)
from bot.ui.metadata import UndoMetadata

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


def test_the_install_asks_for_the_manifests_scopes() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))

    assert list(BOT_SCOPES) == manifest["oauth_config"]["scopes"]["bot"]
    assert manifest["oauth_config"]["redirect_urls"][0].endswith("/slack/oauth_redirect")
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {"app_uninstalled", "tokens_revoked"} <= set(events)


def view_with(metadata: Any) -> dict[str, Any]:
    return {"type": "block_suggestion", "view": {"private_metadata": metadata}}


@pytest.mark.parametrize(
    ("metadata", "office"),
    [
        (json.dumps({"u": "U1", "o": "M30012", "c": "C1"}), "M30012"),
        (json.dumps({"u": "U1"}), None),
        ("{not json", None),
        ("", None),
        (None, None),
        (42, None),
        ("x" * 100_000, None),
    ],
)
def test_a_form_names_its_office_only_in_metadata_that_reads(
    metadata: Any, office: str | None
) -> None:
    assert _named_office(view_with(metadata)) == office


def test_the_channel_comes_from_the_command_the_message_or_the_form() -> None:
    assert _channel_of({"command": "/visning", "channel_id": "C1"}) == "C1"
    assert _channel_of({"type": "block_actions", "channel": {"id": "C2"}}) == "C2"
    assert _channel_of(view_with(json.dumps({"u": "U1", "o": "M1", "c": "C3"}))) == "C3"
    assert _channel_of({"channel": "C4"}) is None
    assert _channel_of({"channel_id": ""}) is None


@pytest.mark.parametrize(
    ("body", "setup"),
    [
        ({"event": {"type": "app_home_opened"}}, True),
        ({"command": "/visning", "text": "kontor M30011"}, True),
        ({"command": "/visning", "text": " Office"}, True),
        ({"command": "/visning", "text": "götgatan"}, False),
        ({"type": "block_actions", "actions": [{"action_id": "connect_vitec"}]}, True),
        (
            {"type": "block_actions", "actions": [{"action_id": "connect_vitec"}, {"x": 1}]},
            False,
        ),
        ({"type": "block_actions", "actions": "connect_vitec"}, False),
        ({"type": "view_submission", "view": {"callback_id": "connect_vitec"}}, True),
        ({"type": "view_submission", "view": {"callback_id": "signup"}}, False),
        ({"type": "block_suggestion"}, False),
    ],
)
def test_only_app_home_and_connecting_work_before_vitec_is_connected(
    body: dict[str, Any], setup: bool
) -> None:
    assert _is_setup(body) is setup


def test_the_authorize_page_sits_beside_the_web_api_it_is_pointed_at() -> None:
    assert _authorization_url(None) is None
    assert _authorization_url("http://127.0.0.1:5/slack/api") == (
        "http://127.0.0.1:5/slack/oauth/v2/authorize"
    )


def undo_button(value: Any) -> dict[str, Any]:
    return {"type": "block_actions", "actions": [{"action_id": "undo_signup", "value": value}]}


@pytest.mark.parametrize(
    ("value", "signup_id"),
    [
        ("17", 17),
        ("0", 0),
        ("-1", None),
        ("../17", None),
        ("17?admin=1", None),
        ("١٧", None),  # Arabic-Indic digits: str.isdigit says yes, an id they are not
        ("9" * 19, None),
        ("", None),
        (None, None),
        (17, None),
    ],
)
def test_an_undo_button_names_its_ledger_row_only_by_plain_digits(
    value: Any, signup_id: int | None
) -> None:
    assert _undone_signup(undo_button(value)) == signup_id


def test_an_undo_confirmation_names_its_row_in_its_metadata_only() -> None:
    meta = UndoMetadata(signup_id=5, response_url=None, channel_id="C1", language="sv").dump()

    def confirmed(callback_id: str, metadata: Any) -> dict[str, Any]:
        view = {"callback_id": callback_id, "private_metadata": metadata}
        return {"type": "view_submission", "view": view}

    assert _undone_signup(confirmed("undo_confirm", meta)) == 5
    assert _undone_signup(confirmed("signup", meta)) is None
    assert _undone_signup(confirmed("undo_confirm", "{not json")) is None
    assert _undone_signup(confirmed("undo_confirm", "x" * 100_000)) is None
    assert _undone_signup({"type": "block_actions", "actions": [{"action_id": "other"}]}) is None

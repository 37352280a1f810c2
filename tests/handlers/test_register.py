"""Every listener is wired to the id Slack sends, and each has its test beside the others."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from slack_bolt.async_app import AsyncApp

from bot.ui.ids import BULK_UNDO_IDS, ActionId, CallbackId
from handlers import (
    actions,
    commands,
    home,
    options,
    register_all,
    setup,
    shortcuts,
    views,
    workflow,
)

HERE = Path(__file__).parent


class RecordingApp:
    """Stands in for Bolt's AsyncApp: records which listener each decorator registers."""

    def __init__(self) -> None:
        self.wired: dict[tuple[str, str], Callable[..., Any]] = {}

    def __getattr__(self, kind: str) -> Callable[[str], Callable[[Callable[..., Any]], Any]]:
        def decorator(key: str) -> Callable[[Callable[..., Any]], Any]:
            def register(listener: Callable[..., Any]) -> Callable[..., Any]:
                assert (kind, key) not in self.wired, f"{kind} {key} registered twice"
                self.wired[kind, key] = listener
                return listener

            return register

        return decorator


def wired() -> dict[tuple[str, str], Callable[..., Any]]:
    app = RecordingApp()
    register_all(cast(AsyncApp, app))
    return app.wired


def test_each_request_slack_sends_reaches_its_listener() -> None:
    assert wired() == {
        ("command", "/visning"): commands.visning,
        ("shortcut", "visning_shortcut"): shortcuts.open_form,
        ("message_shortcut", "visning_message"): shortcuts.open_form_from_message,
        ("options", ActionId.ESTATE): options.estates,
        ("options", ActionId.CONTACT): options.contacts,
        ("options", ActionId.BULK_CONTACTS): options.contacts,
        ("options", ActionId.LEAD_SOURCE): options.lead_sources,
        ("action", ActionId.ESTATE): actions.estate_chosen,
        ("action", ActionId.UNDO): actions.undo,
        ("action", ActionId.BOOK_MORE): actions.book_more,
        ("action", ActionId.OPEN_FORM): actions.open_form,
        ("action", ActionId.NEW_CONTACT): actions.contact_mode_chosen,
        ("action", ActionId.SEARCH_CONTACT): actions.contact_mode_chosen,
        ("action", ActionId.BULK_MODE): actions.contact_mode_chosen,
        ("action", ActionId.SINGLE_MODE): actions.contact_mode_chosen,
        ("action", ActionId.WHO): actions.who_is_coming,
        **{("action", action_id): actions.undo for action_id in BULK_UNDO_IDS},
        ("view", CallbackId.SIGNUP): views.signup_submitted,
        ("view", CallbackId.UNDO_CONFIRM): views.undo_confirmed,
        ("event", "app_home_opened"): home.home_opened,
        ("function", "visning_step"): workflow.visning_step,
        ("action", ActionId.CONNECT_VITEC): setup.connect_clicked,
        ("view", CallbackId.CONNECT_VITEC): setup.connect_submitted,
        ("action", ActionId.CHANNEL_OFFICE_CHANNEL): setup.channel_office_chosen,
        ("action", ActionId.CHANNEL_OFFICE): setup.channel_office_chosen,
    }


def test_every_listener_has_tests_of_its_own() -> None:
    untested = []
    for listener in wired().values():
        surface = listener.__module__.rpartition(".")[2]
        tests = HERE / f"test_{surface}.py"
        imported = {
            alias.name
            for node in ast.walk(ast.parse(tests.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom) and node.module == listener.__module__
            for alias in node.names
        }
        if listener.__name__ not in imported:
            untested.append(f"{listener.__module__}.{listener.__name__}")
    assert untested == []

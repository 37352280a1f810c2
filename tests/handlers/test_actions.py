"""Buttons and selects: each acks at once, then asks the services with what Slack echoed back."""

from __future__ import annotations

from typing import Any

import pytest

from bot.forms.opening import Prefill
from bot.ui.bulk import BulkUndo
from bot.ui.ids import ActionId, BlockId
from bot.ui.metadata import FormMetadata
from handlers.actions import (
    book_more,
    contact_mode_chosen,
    estate_chosen,
    open_form,
    undo,
    who_is_coming,
)
from tests.handlers.conftest import (
    AGENT,
    TEAM,
    Asked,
    Calls,
    FakeService,
    Tasks,
    context_with,
    services,
)


class People:
    async def language(self, user_id: str) -> str:
        return "sv"


class Signups:
    def __init__(self, answer: tuple[dict[str, Any] | None, str | None]) -> None:
        self.answer = answer
        self.asked: list[tuple[int, str, str, str, str | None, str | None]] = []
        self.bulk: list[BulkUndo | None] = []

    async def prompt(
        self,
        signup_id: int,
        user_id: str,
        team_id: str,
        language: str,
        *,
        response_url: str | None,
        channel_id: str | None,
        bulk: BulkUndo | None = None,
    ) -> tuple[dict[str, Any] | None, str | None]:
        self.asked.append((signup_id, user_id, team_id, language, response_url, channel_id))
        self.bulk.append(bulk)
        return self.answer


class Forms:
    def __init__(self) -> None:
        self.dialogs: list[tuple[str, dict[str, Any]]] = []

    async def show_dialog(self, trigger_id: str, view: dict[str, Any]) -> None:
        self.dialogs.append((trigger_id, view))


def body() -> dict[str, Any]:
    return {
        "user": {"id": AGENT},
        "container": {"type": "message"},
        "trigger_id": "123.456.abc",
        "response_url": "https://hooks.slack.test/actions/T0VISNING/1/x",
        "channel": {"id": "C0VISNING"},
    }


async def test_undo_asks_the_clicker_to_confirm_in_a_dialog_of_their_own(calls: Calls) -> None:
    tasks = Tasks(calls)
    dialog = {"type": "modal", "callback_id": "undo_confirm"}
    signups, forms = Signups((dialog, None)), Forms()
    context = context_with(services(tasks=tasks, people=People(), undo=signups, forms=forms))

    await undo(calls.ack, body(), {"value": "42"}, calls.respond, context)
    assert calls.acks == [{}]
    await tasks.run()

    assert signups.asked == [
        (42, AGENT, TEAM, "sv", "https://hooks.slack.test/actions/T0VISNING/1/x", "C0VISNING")
    ]
    assert forms.dialogs == [("123.456.abc", dialog)]
    assert calls.responses == []


async def test_a_refused_undo_is_told_privately_and_the_message_stays(calls: Calls) -> None:
    tasks = Tasks(calls)
    signups, forms = Signups((None, "Bara <@U0ERIK>, som gjorde anmälan, kan ångra den.")), Forms()
    context = context_with(services(tasks=tasks, people=People(), undo=signups, forms=forms))

    await undo(calls.ack, body(), {"value": "42"}, calls.respond, context)
    await tasks.run()

    assert forms.dialogs == []
    assert calls.responses == [
        {
            "text": "Bara <@U0ERIK>, som gjorde anmälan, kan ångra den.",
            "response_type": "ephemeral",
            "replace_original": False,
        }
    ]


async def test_an_undo_value_that_is_no_signup_id_asks_for_nothing(calls: Calls) -> None:
    tasks = Tasks(calls)
    signups = Signups((None, None))
    context = context_with(services(tasks=tasks, people=People(), undo=signups))

    await undo(calls.ack, body(), {"value": "1; DROP TABLE"}, calls.respond, context)
    await tasks.run()

    assert signups.asked == []
    assert calls.responses == []


def form_view(**changes: Any) -> dict[str, Any]:
    meta = FormMetadata(user_id=AGENT, channel_id="C0VISNING", customer_id="M30011", language="en")
    chosen = {"selected_option": {"text": {"type": "plain_text", "text": "…"}, "value": "OBJ1_1"}}
    return {
        "id": "V0FORM",
        "hash": "1712.abc",
        "private_metadata": meta.dump(),
        "state": {"values": {BlockId.ESTATE: {ActionId.ESTATE: chosen}}},
        **changes,
    }


async def test_choosing_an_estate_shows_its_slots_in_the_same_form(
    calls: Calls, asked: Asked
) -> None:
    tasks = Tasks(calls)
    context = context_with(services(tasks=tasks, forms=FakeService(asked)))

    await estate_chosen(calls.ack, {"view": form_view()}, context)
    assert calls.acks == [{}]
    await tasks.run()

    [(name, args, kwargs)] = asked.calls
    assert (name, args) == ("estate_chosen", ())
    assert (kwargs["view_id"], kwargs["view_hash"], kwargs["estate_id"]) == (
        "V0FORM",
        "1712.abc",
        "OBJ1_1",
    )
    assert (kwargs["meta"].user_id, kwargs["meta"].language) == (AGENT, "en")


async def test_an_estate_choice_in_a_form_the_bot_did_not_make_changes_nothing(
    calls: Calls, asked: Asked
) -> None:
    tasks = Tasks(calls)
    context = context_with(services(tasks=tasks, forms=FakeService(asked)))

    await estate_chosen(calls.ack, {"view": form_view(private_metadata="{}")}, context)
    await tasks.run()

    assert calls.acks == [{}]
    assert asked.calls == []


async def test_book_more_opens_the_form_on_the_same_slot(calls: Calls, asked: Asked) -> None:
    tasks = Tasks(calls)
    context = context_with(services(tasks=tasks, forms=FakeService(asked)))

    await book_more(calls.ack, body(), {"value": "OBJ1_1/VIS1/TS1"}, context)
    assert calls.acks == [{}]
    await tasks.run()

    prefill = Prefill(estate_id="OBJ1_1", viewing_id="VIS1", time_slot_id="TS1")
    assert asked.calls == [("open", ("123.456.abc", AGENT, "C0VISNING", None, prefill), {})]


async def test_book_more_with_a_value_it_did_not_make_opens_nothing(
    calls: Calls, asked: Asked
) -> None:
    tasks = Tasks(calls)
    context = context_with(services(tasks=tasks, forms=FakeService(asked)))

    await book_more(calls.ack, body(), {"value": "OBJ1_1/../TS1"}, context)
    await tasks.run()

    assert calls.acks == [{}]
    assert asked.calls == []


async def test_app_homes_button_opens_an_empty_form(calls: Calls, asked: Asked) -> None:
    tasks = Tasks(calls)
    context = context_with(services(tasks=tasks, forms=FakeService(asked)))

    await open_form(calls.ack, {"user": {"id": AGENT}, "trigger_id": "1.2.3"}, context)
    assert calls.acks == [{}]
    await tasks.run()

    assert asked.calls == [("open", ("1.2.3", AGENT, None, None, Prefill()), {})]
    assert calls.spawned == ["home-open"]


@pytest.mark.parametrize(
    ("action_id", "mode"),
    [
        (ActionId.NEW_CONTACT, "new"),
        (ActionId.BULK_MODE, "bulk"),
        (ActionId.SEARCH_CONTACT, None),
        (ActionId.SINGLE_MODE, None),
    ],
)
async def test_a_contact_mode_button_redraws_the_form_with_that_mode(
    calls: Calls, asked: Asked, action_id: ActionId, mode: str | None
) -> None:
    tasks = Tasks(calls)
    context = context_with(services(tasks=tasks, forms=FakeService(asked)))

    await contact_mode_chosen(
        calls.ack, {"view": form_view()}, {"action_id": action_id.value}, context
    )
    assert calls.acks == [{}]
    await tasks.run()

    [(name, _, kwargs)] = asked.calls
    assert name == "estate_chosen"
    assert (kwargs["view_id"], kwargs["estate_id"], kwargs["meta"].mode) == (
        "V0FORM",
        "OBJ1_1",
        mode,
    )


async def test_an_unknown_mode_button_or_a_foreign_form_changes_nothing(
    calls: Calls, asked: Asked
) -> None:
    tasks = Tasks(calls)
    context = context_with(services(tasks=tasks, forms=FakeService(asked)))

    await contact_mode_chosen(calls.ack, {"view": form_view()}, {"action_id": "x"}, context)
    await contact_mode_chosen(
        calls.ack,
        {"view": form_view(private_metadata="{}")},
        {"action_id": ActionId.NEW_CONTACT.value},
        context,
    )
    await tasks.run()
    assert calls.acks == [{}, {}]
    assert asked.calls == []


async def test_an_undo_in_a_bulk_message_names_the_booking_and_its_batch(calls: Calls) -> None:
    tasks = Tasks(calls)
    signups = Signups((None, "nope"))
    context = context_with(services(tasks=tasks, people=People(), undo=signups))

    await undo(calls.ack, body(), {"value": "bulk:12:2:11,12,13"}, calls.respond, context)
    await tasks.run()

    assert [a[0] for a in signups.asked] == [12]
    [bulk] = signups.bulk
    assert bulk is not None
    assert (bulk.signup_ids, bulk.batch.fit, bulk.batch.total) == ((11, 12, 13), 2, 3)


@pytest.mark.parametrize("value", ["bulk:12:2:11,13", "bulk:x:2:12", "bulk:12:-1:12", "bulk:1:"])
async def test_a_bulk_undo_value_that_does_not_add_up_asks_for_nothing(
    calls: Calls, value: str
) -> None:
    tasks = Tasks(calls)
    signups = Signups((None, None))
    context = context_with(services(tasks=tasks, people=People(), undo=signups))
    await undo(calls.ack, body(), {"value": value}, calls.respond, context)
    await tasks.run()
    assert signups.asked == []


async def test_who_is_coming_answers_the_clicker_privately(calls: Calls, asked: Asked) -> None:
    tasks = Tasks(calls)
    who = FakeService(asked, answer="*Anmälda:* Åsa Öberg")
    context = context_with(services(tasks=tasks, people=People(), who=who))

    await who_is_coming(calls.ack, body(), {"value": "OBJ1_1/VIS1/TS1"}, calls.respond, context)
    assert calls.acks == [{}]
    await tasks.run()

    [(name, args, _)] = asked.calls
    assert (name, args[:3]) == ("answer", ("OBJ1_1", "VIS1", "TS1"))
    assert calls.responses == [
        {"text": "*Anmälda:* Åsa Öberg", "response_type": "ephemeral", "replace_original": False}
    ]


@pytest.mark.parametrize("value", [None, "", "OBJ1/../TS1", "a/b"])
async def test_who_is_coming_with_a_value_it_did_not_make_asks_nothing(
    calls: Calls, asked: Asked, value: str | None
) -> None:
    tasks = Tasks(calls)
    context = context_with(services(tasks=tasks, people=People(), who=FakeService(asked)))
    await who_is_coming(calls.ack, body(), {"value": value}, calls.respond, context)
    await tasks.run()
    assert asked.calls == []

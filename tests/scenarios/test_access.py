"""Only the office's own agents reach Vitec, and what the client echoes back is checked.

Guests and Slack Connect users are refused before any Vitec request; a contact's name is shown
as text, never as mentions or links; a tampered form books nothing; undo follows its rules; and
the audit trail records who saw and booked which contact, by id.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.__main__ import audit_table
from bot.store import AuditAction
from bot.ui.form import signup_form, slot_block_id
from bot.ui.ids import ActionId, BlockId
from bot.ui.texts import texts
from devtools.playground.slack.fake import FakeSlack
from devtools.playground.slack.workspace import (
    AGNETA,
    ALLMANT,
    ERIK,
    JOHN,
    LEDNING,
    SALJ_SODER,
    VISNINGAR,
    User,
    Workspace,
)
from devtools.simulator import known
from devtools.simulator.data import SampleData
from devtools.simulator.records import ContactRecord
from tests.scenarios.conftest import AGENT, BOT_TOKEN, CHANNEL, SIGNING_SECRET, Stack
from tests.scenarios.test_booking import fill_form

GUEST = User("U0GUEST", "gunilla.gast", "Gunilla Gäst", is_restricted=True)
PARTNER = User("U0PARTNER", "pia.partner", "Pia Partner", team_id="T0PARTNER")
TEAM = "T0VISNING"

HOSTILE_ID = "ADR0BAD0000000000000000000000000000"
HOSTILE_NAME = "<!channel> <https://evil.example|Bekräfta i BankID>"
HOSTILE_PHONE = "070-999 88 77"

NO_ACCESS_OPTION = "Ingen åtkomst till Vitec via visningsbot"


@pytest.fixture
def stack_workspace() -> Workspace:
    """Mäklarhuset with a guest and a Slack Connect partner in #visningar."""
    members = (*VISNINGAR.members, GUEST.id, PARTNER.id)
    return Workspace(
        users=(AGNETA, JOHN, ERIK, GUEST, PARTNER),
        channels=(replace(VISNINGAR, members=members), SALJ_SODER, ALLMANT, LEDNING),
    )


def vitec_calls_since(stack: Stack, before: int) -> list[str]:
    """Paths Vitec was asked for since `before`, leaving out the estate list's own refresh."""
    return [
        f"{r.method} {r.path}"
        for r in stack.vitec_requests()[before:]
        if not r.path.startswith("/Advertising/Estate/")
    ]


async def form_left_open(stack: Stack, user_id: str) -> str:
    """The form as the bot opens it, for someone who was an agent when it opened."""
    trigger = stack.slack.world.issue_trigger(user_id, CHANNEL)
    meta = stack.services.forms.metadata(user_id, CHANNEL, "sv")
    opened = await stack.services.slack.views_open(
        trigger_id=trigger, view=signup_form(meta, now=datetime.now(UTC))
    )
    return str(opened["view"]["id"])


def force(stack: Stack, view_id: str, block_id: str, action_id: str, value: Any) -> None:
    """Put a value into the view's state as a tampered client (or forged request) would."""
    stack.slack.view(view_id).values.setdefault(block_id, {})[action_id] = value


def selected(value: str, text: str = "…") -> dict[str, Any]:
    return {
        "type": "external_select",
        "selected_option": {"text": {"type": "plain_text", "text": text}, "value": value},
    }


def modal_text(stack: Stack, user_id: str = AGENT) -> str:
    view = stack.modal(user_id)
    assert view is not None
    return json.dumps(view.blocks, ensure_ascii=False)


# --- who may use the bot ------------------------------------------------------------------------


async def test_a_guests_command_is_refused_and_vitec_hears_nothing(stack: Stack) -> None:
    before = len(stack.simulator.state.requests)
    delivery = await stack.slack.slash_command(GUEST.id, CHANNEL)
    await stack.settle()

    assert delivery.outcome == "replied"
    [reply] = [m for m in stack.channel(visible_to=GUEST.id) if m.ephemeral_to == GUEST.id]
    assert reply.text == (
        "visningsbot är till för kontorets egna medarbetare; gäster i Slack kan inte använda "
        "den. Be en kollega anmäla kontakten."
    )
    assert stack.modal(GUEST.id) is None
    assert vitec_calls_since(stack, before) == []


async def test_a_guests_contact_search_and_submission_are_refused_and_vitec_hears_nothing(
    stack: Stack,
) -> None:
    view_id = await form_left_open(stack, GUEST.id)
    before = len(stack.simulator.state.requests)

    for query in (known.ASA_PHONE, "19800101-1234", "Åsa Öberg"):
        options = await stack.slack.suggest(view_id, ActionId.CONTACT, query)
        assert [o["text"]["text"] for o in options] == [NO_ACCESS_OPTION]
    estates = await stack.slack.suggest(view_id, ActionId.ESTATE, "götgatan")
    assert [o["text"]["text"] for o in estates] == [NO_ACCESS_OPTION]

    force(stack, view_id, BlockId.ESTATE, ActionId.ESTATE, selected(known.ESTATE_ID))
    force(stack, view_id, BlockId.CONTACT, ActionId.CONTACT, selected(known.ASA_OBERG))
    delivery = await stack.slack.submit(view_id)
    await stack.settle()

    assert delivery.outcome == "updated"
    assert "gäster i Slack kan inte använda den" in modal_text(stack, GUEST.id)
    assert vitec_calls_since(stack, before) == []
    assert stack.bookings() == []


async def test_a_slack_connect_user_is_refused_and_vitec_hears_nothing(stack: Stack) -> None:
    before = len(stack.simulator.state.requests)
    await stack.slack.slash_command(PARTNER.id, CHANNEL)
    view_id = await form_left_open(stack, PARTNER.id)
    options = await stack.slack.suggest(view_id, ActionId.CONTACT, known.ASA_PHONE)
    await stack.settle()

    [reply] = [m for m in stack.channel(visible_to=PARTNER.id) if m.ephemeral_to == PARTNER.id]
    assert "Användare från andra organisationer kan inte använda den." in reply.text
    assert [o["text"]["text"] for o in options] == [NO_ACCESS_OPTION]
    assert vitec_calls_since(stack, before) == []


async def test_refusals_are_in_the_audit_trail_with_the_reason(stack: Stack) -> None:
    await stack.slack.slash_command(GUEST.id, CHANNEL)
    await stack.slack.slash_command(PARTNER.id, CHANNEL)
    await stack.settle()
    events = await stack.services.ledger.audit.since(datetime(2000, 1, 1, tzinfo=UTC))
    assert [(e.action, e.user_id, e.team_id, e.detail) for e in events] == [
        (AuditAction.REFUSED, GUEST.id, TEAM, "guest"),
        (AuditAction.REFUSED, PARTNER.id, TEAM, "external"),
    ]


# --- names as text ------------------------------------------------------------------------------


def add_hostile_contact(stack: Stack) -> None:
    """A lead typed in by the public on a Vitec form: its name is an attack on the channel."""
    data = stack.simulator.state.data
    hostile = ContactRecord(
        id=HOSTILE_ID,
        customer_id=known.SODERMALM,
        first_name="<!channel>",
        last_name="<https://evil.example|Bekräfta i BankID>",
        changed_at=datetime(2026, 1, 1, tzinfo=UTC),
        cell=HOSTILE_PHONE,
    )
    stack.simulator.state.data = SampleData(
        data.offices,
        data.agents,
        data.estates,
        (*data.contacts, hostile),
        data.lead_sources,
        data.registrations,
    )


async def test_a_hostile_contact_name_shows_as_text_in_the_channel(stack: Stack) -> None:
    add_hostile_contact(stack)
    view_id = await fill_form(stack, contact=HOSTILE_PHONE)
    assert (
        stack.slack.view(view_id).values[BlockId.CONTACT][ActionId.CONTACT]["selected_option"][
            "value"
        ]
        == HOSTILE_ID
    )
    delivery = await stack.slack.submit(view_id)
    await stack.settle()

    assert delivery.outcome == "closed"
    [message] = stack.channel()
    shown = message.text + json.dumps(message.blocks, ensure_ascii=False)
    escaped = "&lt;!channel&gt; &lt;https://evil.example|Bekräfta i BankID&gt;"
    assert message.text.startswith(f"{escaped} är anmäld till visningen av Götgatan 14")
    assert f"*{escaped}* är anmäld" in shown
    assert "<!channel>" not in shown, "no @channel ping"
    assert "<https://evil.example" not in shown, "no disguised link"
    [booking] = stack.bookings()
    assert booking.contact_id == HOSTILE_ID


async def test_the_name_comes_from_vitec_not_from_the_label_the_client_sends_back(
    stack: Stack,
) -> None:
    view_id = await fill_form(stack)
    force(
        stack,
        view_id,
        BlockId.CONTACT,
        ActionId.CONTACT,
        selected(known.ASA_OBERG, "<!here> Klicka <https://evil.example|här>"),
    )
    await stack.slack.submit(view_id)
    await stack.settle()

    [message] = stack.channel()
    shown = message.text + json.dumps(message.blocks, ensure_ascii=False)
    assert message.text.startswith("Åsa Öberg är anmäld till visningen av Götgatan 14")
    assert "here" not in shown
    assert "evil" not in shown


# --- what Slack echoes back ---------------------------------------------------------------------


async def test_a_tampered_office_in_private_metadata_is_refused_and_nothing_is_booked(
    stack: Stack,
) -> None:
    view_id = await fill_form(stack)
    shown = stack.slack.view(view_id)
    metadata = json.loads(shown.view["private_metadata"])
    assert metadata["o"] == known.SODERMALM
    shown.view["private_metadata"] = json.dumps({**metadata, "o": known.GOTEBORG})
    before = len(stack.simulator.state.requests)

    delivery = await stack.slack.submit(view_id)
    await stack.settle()

    assert delivery.outcome == "updated"
    assert "Formuläret gäller ett annat kontor än det visningsbot bokar i. Inget bokades." in (
        modal_text(stack)
    )
    assert vitec_calls_since(stack, before) == []
    assert stack.bookings() == []
    assert await stack.services.ledger.recent(team_id=TEAM, user_id=AGENT) == []
    assert stack.channel() == []


async def test_a_slot_of_another_estate_is_refused_on_the_slot_field(stack: Stack) -> None:
    view_id = await fill_form(stack)
    block = slot_block_id(known.ESTATE_ID)
    force(
        stack,
        view_id,
        block,
        ActionId.SLOT,
        {
            "type": "static_select",
            "selected_option": {
                "text": {"type": "plain_text", "text": "lör 13:00"},
                "value": f"{known.FULL_VIEWING_ID}/{known.FULL_SLOT_ID}",
            },
        },
    )
    delivery = await stack.slack.submit(view_id)
    await stack.settle()

    assert delivery.outcome == "errors"
    assert stack.slack.view(view_id).errors == {
        block: "Tiden hör inte till objektets visningar. Välj en tid i listan."
    }
    assert stack.vitec_requests("POST", "/Viewing") == []
    assert stack.bookings() == []


async def test_a_lead_source_off_the_list_is_refused_on_its_field(stack: Stack) -> None:
    view_id = await fill_form(stack)
    force(stack, view_id, BlockId.LEAD_SOURCE, ActionId.LEAD_SOURCE, selected("LK30011Z99"))
    delivery = await stack.slack.submit(view_id)
    await stack.settle()

    assert delivery.outcome == "errors"
    assert stack.slack.view(view_id).errors == {BlockId.LEAD_SOURCE: "Välj en leadkälla i listan."}
    assert stack.vitec_requests("POST", "/Viewing") == []


# --- undo ---------------------------------------------------------------------------------------


async def confirm_undo(stack: Stack, user_id: str) -> None:
    """Confirm in the dialog the undo button opened for ``user_id``."""
    dialog = stack.modal(user_id)
    assert dialog is not None, "the undo button opened no dialog"
    await stack.slack.submit(dialog.id)
    await stack.settle()


async def book(stack: Stack, estate: str = "götgatan") -> None:
    view_id = await fill_form(stack, estate=estate)
    await stack.slack.submit(view_id)
    await stack.settle()


async def test_a_manager_may_undo_another_agents_booking(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def is_manager(user_id: str) -> bool:
        return user_id == ERIK.id

    monkeypatch.setattr(stack.services.access, "is_manager", is_manager)
    await book(stack)
    [message] = stack.channel()
    await stack.slack.click(CHANNEL, message.ts, ActionId.UNDO, ERIK.id)
    await stack.settle()
    await confirm_undo(stack, ERIK.id)

    assert len(stack.vitec_requests("DELETE")) == 1
    assert f"ångrades av <@{ERIK.id}>" in stack.channel()[0].text


async def test_only_a_booked_row_can_be_undone_and_vitec_is_not_asked_otherwise(
    stack: Stack,
) -> None:
    await book(stack, estate="hornsgatan 102")  # its only slot is full: refused
    [row] = await stack.services.ledger.recent(team_id=TEAM, user_id=AGENT)
    assert row.status == "refused"

    message, problem = await stack.services.undo.undo(row.id, AGENT, TEAM, "sv")
    assert message is None
    assert problem == "Bara en genomförd anmälan kan ångras; den här är avvisad."
    message, problem = await stack.services.undo.undo(row.id, AGENT, "T0PARTNER", "sv")
    assert problem == texts("sv").undo_unknown
    assert stack.vitec_requests("DELETE") == []


# --- the audit trail ----------------------------------------------------------------------------


async def test_the_audit_trail_records_searches_bookings_and_undos_by_id_only(
    stack: Stack,
) -> None:
    started = datetime.now(UTC)
    await book(stack)
    [message] = stack.channel()
    await stack.slack.click(CHANNEL, message.ts, ActionId.UNDO, AGENT)
    await stack.settle()
    await confirm_undo(stack, AGENT)

    events = await stack.services.ledger.audit.since(started)
    [row] = await stack.services.ledger.recent(team_id=TEAM, user_id=AGENT)
    assert [
        (e.action, e.user_id, e.detail, e.result_count, e.contact_ids, e.signup_id) for e in events
    ] == [
        (AuditAction.SEARCH, AGENT, "name", 1, (known.ASA_OBERG,), None),
        (AuditAction.BOOK, AGENT, "booked", None, (known.ASA_OBERG,), row.id),
        (AuditAction.UNDO, AGENT, None, None, (known.ASA_OBERG,), row.id),
    ]
    printed = "\n".join(audit_table(events))
    assert known.ASA_OBERG in printed
    for personal in ("Åsa", "Öberg", "070", "example.com"):
        assert personal not in printed


async def test_a_request_signed_for_another_workspace_is_refused_at_authorization(
    stack: Stack,
) -> None:
    # Another workspace's Slack, delivering to the same bot (as a copied app or a leaked URL
    # would): its requests name a team the bot is not installed in.
    elsewhere = FakeSlack(
        bot_url=stack.slack.bot_url,
        signing_secret=SIGNING_SECRET,
        bot_token=BOT_TOKEN,
        workspace=Workspace(team_id="T0ELSEWHERE"),
    )
    server = await elsewhere.serve()
    try:
        before = len(stack.simulator.state.requests)
        delivery = await elsewhere.slash_command(AGENT, CHANNEL)
        await stack.settle()
        [reply] = elsewhere.messages(CHANNEL, visible_to=AGENT)
    finally:
        await server.stop()

    assert delivery.status == 200
    assert reply.text == (
        "visningsbot är inte installerad i den här arbetsytan.\n"
        "visningsbot is not installed in this workspace."
    )
    assert stack.modal() is None
    assert vitec_calls_since(stack, before) == []

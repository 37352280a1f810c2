"""Many workspaces (OAuth mode): install, connect Vitec, book apart, uninstall."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier

from bot.ui.ids import ActionId
from bot.ui.texts import texts
from devtools.simulator import known
from devtools.simulator.records import EstateStatus
from tests.scenarios.two_workspaces import (
    ADMIN_A,
    ADMIN_B,
    AGENT_A,
    AGENT_B,
    CHANNEL_A,
    CHANNEL_B,
    SIGNING_SECRET,
    TwoWorkspaces,
    two_workspaces,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from pathlib import Path

    from devtools.playground.slack.fake import FakeSlack
    from devtools.playground.slack.records import OpenView


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[TwoWorkspaces]:
    async with two_workspaces(tmp_path) as deployment:
        yield deployment


async def test_an_admin_installs_the_app_by_clicking_through_slack(world: TwoWorkspaces) -> None:
    finished = await world.install(world.a)

    assert finished.status_code == 200
    assert str(finished.url).startswith(f"{world.bot_url}/slack/oauth_redirect")
    exchanged = [c for c in world.a.api_calls if c.method == "oauth.v2.access"]
    assert [c.result["ok"] for c in exchanged] == [True]
    installations, _ = world.tenants.workspaces.slack_stores(world.settings.slack_client_id or "")
    bot = await installations.async_find_bot(enterprise_id=None, team_id="T0VISNING")
    assert bot is not None
    assert bot.bot_token == "xoxb-t0visning"
    assert await installations.async_find_bot(enterprise_id=None, team_id="T0VAST") is None


def _texts(view: OpenView | None) -> str:
    assert view is not None
    return json.dumps(view.view["blocks"], ensure_ascii=False)


async def test_before_vitec_is_connected_agents_are_told_to_ask_an_admin(
    world: TwoWorkspaces,
) -> None:
    await world.install(world.a)

    delivery = await world.a.slash_command(AGENT_A, CHANNEL_A)
    await world.a.open_app_home(AGENT_A)
    await world.a.open_app_home(ADMIN_A)
    await world.settle()

    assert "inte kopplad till Vitec" in delivery.body
    assert "connect_vitec" not in _texts(world.a.home_view(AGENT_A))
    assert "inte kopplad till Vitec" in _texts(world.a.home_view(AGENT_A))
    assert "connect_vitec" in _texts(world.a.home_view(ADMIN_A))
    assert not world.simulator.state.requests


async def test_a_wrong_password_is_refused_at_save_and_nothing_is_kept(
    world: TwoWorkspaces,
) -> None:
    await world.install(world.a)

    modal = await world.connect(
        world.a, ADMIN_A, offices=known.SODERMALM, password=known.PASSWORDS[known.GOTEBORG]
    )

    assert modal.errors == {
        "vitec_offices": f"Lösenordet gäller inte kontoret {known.SODERMALM}, "
        "eller så är det stängt."
    }
    assert await world.tenants.workspaces.offices("T0VISNING") == []

    modal = await world.connect(world.a, ADMIN_A, offices=known.SODERMALM, password="fel")
    assert modal.errors == {"vitec_password": "Vitec godtog inte användarnamnet eller lösenordet."}
    assert await world.tenants.workspaces.offices("T0VISNING") == []


async def test_an_admin_connects_an_office_and_the_password_is_never_shown(
    world: TwoWorkspaces,
) -> None:
    await world.install(world.a)
    password = known.PASSWORDS[known.SODERMALM]

    modal = await world.connect(world.a, ADMIN_A, offices="m30011", password=password)

    assert world.a.open_views(ADMIN_A) == [], modal.errors
    [office] = await world.tenants.workspaces.offices("T0VISNING")
    assert (office.customer_id, office.username) == (known.SODERMALM, known.USERNAME)
    home = _texts(world.a.home_view(ADMIN_A))
    assert known.SODERMALM in home
    assert password not in home
    assert all(password not in json.dumps(c.args) for c in world.a.api_calls)


async def test_agents_who_are_not_admins_see_no_connection_settings(world: TwoWorkspaces) -> None:
    await world.install(world.a)
    await world.connect(
        world.a, ADMIN_A, offices=known.SODERMALM, password=known.PASSWORDS[known.SODERMALM]
    )
    await world.a.open_app_home(AGENT_A)
    await world.settle()

    home = _texts(world.a.home_view(AGENT_A))
    assert "connect_vitec" not in home
    assert f"användare {known.USERNAME}" not in home
    assert "Anmäl till visning" in home


def _bookable_estate(world: TwoWorkspaces, office: str) -> tuple[str, str, str]:
    """An estate of the office for sale, whose one upcoming viewing has room: its reference,
    id and viewing id."""
    now = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1)
    for estate in world.simulator.state.data.estates_of(office):
        upcoming = [v for v in estate.viewings if v.starts_at > now]
        if (
            estate.status is EstateStatus.FOR_SALE
            and len(upcoming) == 1
            and len(upcoming[0].slots) == 1
            and upcoming[0].capacity is None
            and (upcoming[0].deadline is None or upcoming[0].deadline > now)
        ):
            return estate.reference_id, estate.id, upcoming[0].id
    raise AssertionError(f"no bookable estate in {office}")


async def _book(
    slack: FakeSlack, world: TwoWorkspaces, *, user: str, channel: str, estate: str, contact: str
) -> str:
    """/visning, pick the estate and the contact by typing, submit; the delivery's outcome."""
    await slack.slash_command(user, channel)
    await world.settle()
    view = slack.open_views(user)[-1]
    estates = await slack.suggest(view.id, ActionId.ESTATE, estate)
    assert estates, f"no estate offered for {estate!r}"
    await slack.select(view.id, ActionId.ESTATE, estates[0]["value"])
    await world.settle()
    contacts = await slack.suggest(view.id, ActionId.CONTACT, contact)
    assert contacts, f"no contact offered for {contact!r}"
    slack.set_value(view.id, ActionId.CONTACT, contacts[0]["value"])
    delivery = await slack.submit(view.id)
    await world.settle()
    return delivery.outcome


async def _connected(world: TwoWorkspaces) -> None:
    """Both workspaces installed, A connected to Södermalm and B to Göteborg."""
    await world.install(world.a)
    await world.install(world.b)
    for slack, admin, office in (
        (world.a, ADMIN_A, known.SODERMALM),
        (world.b, ADMIN_B, known.GOTEBORG),
    ):
        await world.connect(slack, admin, offices=office, password=known.PASSWORDS[office])
        assert slack.open_views(admin) == []


async def test_two_workspaces_book_in_parallel_each_into_its_own_office(
    world: TwoWorkspaces,
) -> None:
    await _connected(world)
    reference, estate_id, viewing_id = _bookable_estate(world, known.GOTEBORG)
    contact = world.simulator.state.data.contacts_of(known.GOTEBORG)[0]

    outcomes = await asyncio.gather(
        _book(
            world.a, world, user=AGENT_A, channel=CHANNEL_A, estate="götgatan", contact="Åsa Öberg"
        ),
        _book(
            world.b,
            world,
            user=AGENT_B,
            channel=CHANNEL_B,
            estate=reference,
            contact=contact.full_name,
        ),
    )

    assert list(outcomes) == ["closed", "closed"]
    async with httpx.AsyncClient(trust_env=False) as client:
        health = (await client.get(f"{world.bot_url}/healthz")).json()
    assert (health["status"], health["offices"], health["estates_loaded"]) == ("ok", 2, 2)
    made = sorted(
        (b.customer_id, b.viewing_id, b.contact_id)
        for b in world.simulator.state.bookings
        if b.body is not None
    )
    assert made == sorted(
        [
            (known.SODERMALM, known.VIEWING_ID, known.ASA_OBERG),
            (known.GOTEBORG, viewing_id, contact.id),
        ]
    )
    assert estate_id
    a_said = json.dumps([m.blocks for m in world.a.messages(CHANNEL_A)], ensure_ascii=False)
    b_said = json.dumps([m.blocks for m in world.b.messages(CHANNEL_B)], ensure_ascii=False)
    assert "Götgatan 14" in a_said
    assert "Götgatan 14" not in b_said
    assert contact.last_name in b_said
    assert contact.last_name not in a_said


async def test_uninstalling_deletes_the_workspaces_tokens_and_vitec_passwords_only(
    world: TwoWorkspaces,
) -> None:
    await _connected(world)
    installations, _ = world.tenants.workspaces.slack_stores(world.settings.slack_client_id or "")

    delivery = await world.a.uninstall()
    await world.settle()

    assert delivery.status == 200
    assert await installations.async_find_bot(enterprise_id=None, team_id="T0VISNING") is None
    assert (
        await installations.async_find_installation(enterprise_id=None, team_id="T0VISNING") is None
    )
    assert await world.tenants.workspaces.offices("T0VISNING") == []
    assert ("T0VISNING", known.SODERMALM) not in world.tenants.bundles
    assert await installations.async_find_bot(enterprise_id=None, team_id="T0VAST") is not None
    assert [o.customer_id for o in await world.tenants.workspaces.offices("T0VAST")] == [
        known.GOTEBORG
    ]
    before = len(world.simulator.state.requests)
    await world.a.slash_command(AGENT_A, CHANNEL_A)
    told = json.dumps([m.text for m in world.a.messages(CHANNEL_A, visible_to=AGENT_A)])
    assert "inte installerad" in told
    assert world.a.open_views(AGENT_A) == []
    assert len(world.simulator.state.requests) == before


async def test_a_request_naming_a_workspace_that_has_not_installed_is_refused(
    world: TwoWorkspaces,
) -> None:
    await world.install(world.a)

    await world.b.slash_command(AGENT_B, CHANNEL_B)

    told = json.dumps([m.text for m in world.b.messages(CHANNEL_B, visible_to=AGENT_B)])
    assert "inte installerad" in told
    assert world.b.open_views(AGENT_B) == []
    assert not world.b.api_calls
    assert not world.simulator.state.requests


async def test_a_workspace_never_sees_another_ones_estates_or_history(
    world: TwoWorkspaces,
) -> None:
    await _connected(world)
    booked = await _book(
        world.a, world, user=AGENT_A, channel=CHANNEL_A, estate="götgatan", contact="Åsa Öberg"
    )
    assert booked == "closed"

    await world.b.slash_command(AGENT_B, CHANNEL_B)
    await world.settle()
    view = world.b.open_views(AGENT_B)[-1]
    offered = await world.b.suggest(view.id, ActionId.ESTATE, "Götgatan 14")
    contacts = await world.b.suggest(view.id, ActionId.CONTACT, "Åsa Öberg")
    history = await world.b.slash_command(AGENT_B, CHANNEL_B, text="historik")
    await world.settle()

    assert all(o.get("value") != known.ESTATE_ID for o in offered)
    assert all(o.get("value") != known.ASA_OBERG for o in contacts)
    said = json.dumps([m.blocks for m in world.b.messages(CHANNEL_B, visible_to=AGENT_B)])
    assert "Götgatan" not in said + history.body
    assert any(known.GOTEBORG in r.path for r in world.simulator.state.requests)


async def test_a_form_naming_another_workspaces_office_books_nothing_there(
    world: TwoWorkspaces,
) -> None:
    await _connected(world)
    await world.b.slash_command(AGENT_B, CHANNEL_B)
    await world.settle()
    view = world.b.open_views(AGENT_B)[-1]
    before = len(world.simulator.state.requests)
    # A forged form: B's own, its metadata rewritten to name A's office.
    meta = json.loads(view.view["private_metadata"])
    meta["o"] = known.SODERMALM
    view.view["private_metadata"] = json.dumps(meta)
    offered = await world.b.suggest(view.id, ActionId.ESTATE, "götgatan")

    assert all(o.get("value") != known.ESTATE_ID for o in offered)
    since = list(world.simulator.state.requests)[: len(world.simulator.state.requests) - before]
    assert not [r for r in since if known.SODERMALM in r.path]


async def test_an_admin_sets_a_channels_office_in_app_home_and_its_forms_open_there(
    world: TwoWorkspaces,
) -> None:
    await world.install(world.a)
    for office in (known.SODERMALM, known.GOTEBORG):
        await world.connect(world.a, ADMIN_A, offices=office, password=known.PASSWORDS[office])
    home = world.a.home_view(ADMIN_A)
    assert home is not None

    await world.a.select(home.id, "channel_office_channel", CHANNEL_A)
    await world.a.select(home.id, "channel_office_select", known.GOTEBORG)
    await world.settle()

    assert f"<#{CHANNEL_A}> bokar i {known.GOTEBORG}" in _texts(world.a.home_view(ADMIN_A))
    reference, _, _ = _bookable_estate(world, known.GOTEBORG)
    await world.a.slash_command(AGENT_A, CHANNEL_A)
    await world.settle()
    view = world.a.open_views(AGENT_A)[-1]
    assert json.loads(view.view["private_metadata"])["o"] == known.GOTEBORG
    assert await world.a.suggest(view.id, ActionId.ESTATE, reference)


async def test_the_estate_picker_spans_the_workspaces_offices_and_books_in_the_estates(
    world: TwoWorkspaces,
) -> None:
    await world.install(world.a)
    for office in (known.SODERMALM, known.GOTEBORG):
        await world.connect(world.a, ADMIN_A, offices=office, password=known.PASSWORDS[office])
    reference, estate_id, viewing_id = _bookable_estate(world, known.GOTEBORG)
    contact = world.simulator.state.data.contacts_of(known.GOTEBORG)[0]
    await world.a.slash_command(AGENT_A, CHANNEL_A)
    await world.settle()
    view = world.a.open_views(AGENT_A)[-1]
    assert json.loads(view.view["private_metadata"])["o"] == known.SODERMALM

    offered = await world.a.suggest(view.id, ActionId.ESTATE, reference)
    assert [o["value"] for o in offered] == [estate_id]
    # A house number both offices' addresses hold: one group of estates per office.
    await world.a.suggest(view.id, ActionId.ESTATE, "1")
    groups = json.loads(world.a.deliveries[-1].body)["option_groups"]
    assert [g["label"]["text"] for g in groups] == [known.SODERMALM, known.GOTEBORG]

    await world.a.select(view.id, ActionId.ESTATE, estate_id)
    await world.settle()
    form = world.a.view(view.id)
    assert json.loads(form.view["private_metadata"])["o"] == known.GOTEBORG
    contacts = await world.a.suggest(view.id, ActionId.CONTACT, contact.full_name)
    world.a.set_value(view.id, ActionId.CONTACT, contacts[0]["value"])
    delivery = await world.a.submit(view.id)
    await world.settle()

    assert delivery.outcome == "closed"
    made = [
        (b.customer_id, b.viewing_id, b.contact_id)
        for b in world.simulator.state.bookings
        if b.body is not None
    ]
    assert made == [(known.GOTEBORG, viewing_id, contact.id)]


async def test_a_revoked_bot_token_deletes_the_workspaces_tokens_and_vitec_passwords(
    world: TwoWorkspaces,
) -> None:
    await _connected(world)
    installations, _ = world.tenants.workspaces.slack_stores(world.settings.slack_client_id or "")

    delivery = await world.b.revoke_bot_token()
    await world.settle()

    assert delivery.status == 200
    assert await installations.async_find_bot(enterprise_id=None, team_id="T0VAST") is None
    assert await world.tenants.workspaces.offices("T0VAST") == []
    assert await installations.async_find_bot(enterprise_id=None, team_id="T0VISNING") is not None
    assert [o.customer_id for o in await world.tenants.workspaces.offices("T0VISNING")] == [
        known.SODERMALM
    ]


async def test_a_signed_request_naming_workspace_b_for_a_person_of_a_is_refused(
    world: TwoWorkspaces,
) -> None:
    await _connected(world)
    before = len(world.simulator.state.requests)
    # Every workspace's requests carry the app's one signing secret: what the request says of
    # its workspace is checked against Slack's word on the person, with that workspace's token.
    body = urlencode(
        {
            "token": "fakeVerificationToken0",
            "team_id": "T0VAST",
            "team_domain": "maklarhuset-vast",
            "channel_id": CHANNEL_B,
            "channel_name": "visningar-väst",
            "user_id": ADMIN_A,
            "user_name": "agneta.berg",
            "command": "/visning",
            "text": "götgatan",
            "api_app_id": "A0VISNING",
            "response_url": f"{world.b.public_url}/response/forged",
            "trigger_id": "1.2.forged",
        }
    )
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=timestamp, body=body)
    async with httpx.AsyncClient(trust_env=False) as client:
        answer = await client.post(
            f"{world.bot_url}/slack/events",
            content=body,
            headers={
                "content-type": "application/x-www-form-urlencoded",
                "x-slack-request-timestamp": timestamp,
                "x-slack-signature": signature or "",
            },
        )
    await world.settle()

    assert answer.status_code == 200
    # B's Slack does not know A's admin: nobody it can vouch for, so nothing is fetched.
    assert answer.json() == {"response_type": "ephemeral", "text": texts("sv").access_unverified}
    assert world.b.open_views(ADMIN_A) == []
    assert world.a.open_views(ADMIN_A) == []
    assert len(world.simulator.state.requests) == before


async def test_an_undo_in_a_channel_of_another_office_removes_the_booking_in_its_office(
    world: TwoWorkspaces,
) -> None:
    await world.install(world.a)
    for office in (known.SODERMALM, known.GOTEBORG):
        await world.connect(world.a, ADMIN_A, offices=office, password=known.PASSWORDS[office])
    # The channel books in Södermalm (the first office); the estate picked is Göteborg's.
    reference, estate_id, viewing_id = _bookable_estate(world, known.GOTEBORG)
    contact = world.simulator.state.data.contacts_of(known.GOTEBORG)[0]
    await world.a.slash_command(AGENT_A, CHANNEL_A)
    await world.settle()
    view = world.a.open_views(AGENT_A)[-1]
    await world.a.suggest(view.id, ActionId.ESTATE, reference)
    await world.a.select(view.id, ActionId.ESTATE, estate_id)
    await world.settle()
    contacts = await world.a.suggest(view.id, ActionId.CONTACT, contact.full_name)
    world.a.set_value(view.id, ActionId.CONTACT, contacts[0]["value"])
    await world.a.submit(view.id)
    await world.settle()
    [confirmation] = [m for m in world.a.messages(CHANNEL_A) if contact.full_name in m.text]

    await world.a.click(CHANNEL_A, confirmation.ts, ActionId.UNDO, AGENT_A)
    await world.settle()
    dialog = world.a.open_views(AGENT_A)[-1]
    await world.a.submit(dialog.id)
    await world.settle()

    removed = [r for r in world.simulator.state.requests if r.method == "DELETE"]
    assert [(known.GOTEBORG in r.path, (r.status or 500) < 300) for r in removed] == [(True, True)]
    assert world.simulator.state.participant(known.GOTEBORG, viewing_id, contact.id) is None
    assert "ångrades" in world.a.messages(CHANNEL_A)[-1].text

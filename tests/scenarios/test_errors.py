"""Every way a booking can fail ends where the agent can act on it, and books nothing twice."""

from __future__ import annotations

import json
import re

import pytest

from bot.ui.form import slot_block_id
from bot.ui.ids import ActionId, BlockId, CallbackId
from devtools.simulator import AppliedThenError, Faults, ForcedStatus, NonJson, known
from tests.scenarios.conftest import Stack
from tests.scenarios.test_booking import fill_form

JOHN = "U0JOHN"


def modal_text(stack: Stack) -> str:
    view = stack.modal()
    assert view is not None
    return json.dumps(view.view["blocks"], ensure_ascii=False)


async def test_a_full_slot_is_flagged_on_the_slot_in_vitecs_words(stack: Stack) -> None:
    view_id = await fill_form(stack, estate="hornsgatan 102")
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "errors"
    [(block, message)] = stack.slack.view(view_id).errors.items()
    assert block == slot_block_id(known.FULL_ESTATE_ID)
    assert message == (
        "Vitec svarar: ”Visningstiden är fullbokad.” Tiden är fullbokad. Välj en annan tid, "
        "eller boka ändå genom att bocka ur ”Kontrollera antal platser” och anmäla igen."
    )
    assert stack.bookings() == []


async def test_english_agents_see_vitecs_swedish_framed_in_english(stack: Stack) -> None:
    view = await stack.open_form(user_id=JOHN)
    options = await stack.slack.suggest(view.id, ActionId.ESTATE, "hornsgatan 102")
    await stack.slack.select(view.id, ActionId.ESTATE, options[0]["value"])
    await stack.settle()
    contacts = await stack.slack.suggest(view.id, ActionId.CONTACT, "Åsa Öberg")
    stack.slack.set_value(view.id, ActionId.CONTACT, contacts[0]["value"])
    await stack.slack.submit(view.id)
    [message] = stack.slack.view(view.id).errors.values()
    assert message == (
        "Vitec says (in Swedish): “Visningstiden är fullbokad.” This time is fully booked. "
        "Choose another time, or book anyway by unticking “Check the places left” and "
        "booking again."
    )


async def test_a_passed_deadline_is_flagged_on_the_slot(stack: Stack) -> None:
    view_id = await fill_form(stack, estate="folkungagatan 57")
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "errors"
    assert list(stack.slack.view(view_id).errors) == [slot_block_id(known.LATE_ESTATE_ID)]
    assert stack.bookings() == []


async def test_turning_the_deadline_check_off_books_a_late_slot(stack: Stack) -> None:
    view_id = await fill_form(stack, estate="folkungagatan 57")
    stack.slack.set_value(view_id, ActionId.CHECKS, ["capacity"])
    delivery = await stack.slack.submit(view_id)
    await stack.settle()
    assert delivery.outcome == "closed"
    [booking] = stack.bookings()
    assert booking.body["options"] == {
        "isDeadlineValidationEnabled": False,
        "enableBookingLimitValidation": True,
    }


async def test_only_informational_lead_sources_are_offered_by_default(stack: Stack) -> None:
    view_id = await fill_form(stack)
    sources = await stack.slack.suggest(view_id, ActionId.LEAD_SOURCE, "")
    assert [s["text"]["text"] for s in sources] == [
        "Kontorets standardkälla",
        "Visning på plats",
        "Annons i lokaltidning",
        "Spekulantregister",
    ]
    assert known.WORKFLOW_LEAD_SOURCE_ID not in [s["value"] for s in sources]


async def test_a_lead_source_vitec_refuses_is_flagged_and_no_longer_offered(stack: Stack) -> None:
    view_id = await fill_form(stack)
    # Its type says "information only", yet this office gave it a workflow: Vitec refuses it.
    [refused] = (await stack.slack.suggest(view_id, ActionId.LEAD_SOURCE, "spekulant"))[1:]
    stack.slack.set_value(view_id, ActionId.LEAD_SOURCE, refused["value"])
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "errors"
    assert stack.slack.view(view_id).errors == {
        BlockId.LEAD_SOURCE: (
            "Vitec svarar: ”Leadkällan har ett arbetsflöde och kan inte användas.” "
            "Välj en annan leadkälla, eller kontorets standardkälla."
        )
    }
    assert stack.bookings() == []
    again = await stack.slack.suggest(view_id, ActionId.LEAD_SOURCE, "")
    assert refused["value"] not in [s["value"] for s in again]


async def test_a_usable_lead_source_is_sent(stack: Stack) -> None:
    view_id = await fill_form(stack)
    [source] = (await stack.slack.suggest(view_id, ActionId.LEAD_SOURCE, "visning"))[1:]
    stack.slack.set_value(view_id, ActionId.LEAD_SOURCE, source["value"])
    await stack.slack.submit(view_id)
    await stack.settle()
    assert stack.bookings()[0].body["leadSourceId"] == source["value"]


async def test_a_wrong_vitec_password_is_explained_in_the_modal(stack: Stack) -> None:
    view_id = await fill_form(stack)
    stack.simulator.state.set_password(known.SODERMALM, "rotated-elsewhere")
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "updated"
    assert stack.modal().view["callback_id"] == CallbackId.SIGNUP_RESULT  # type: ignore[union-attr]
    shown = modal_text(stack)
    assert (
        "visningsbot kommer inte in i Vitec — be den som administrerar boten kontrollera "
        "inloggningen. Ingen anmälan gjordes." in shown
    )
    assert "VITEC_" not in shown
    assert "401" not in shown
    assert stack.bookings() == []
    assert stack.channel() == []


async def test_a_closed_office_is_explained_in_the_modal(stack: Stack) -> None:
    view_id = await fill_form(stack)
    stack.simulator.state.set_closed(known.SODERMALM, True)
    await stack.slack.submit(view_id)
    assert "Vitec nekar visningsbot åtkomst till kontoret M30011." in modal_text(stack)
    assert stack.bookings() == []


@pytest.mark.parametrize(
    "fault",
    [
        Faults(forced_status=ForcedStatus(status=503, count=10, method="POST")),
        Faults(non_json=NonJson(method="POST")),
    ],
    ids=["503", "html"],
)
async def test_vitec_misbehaving_says_nothing_was_booked_and_keeps_the_form(
    stack: Stack, fault: Faults
) -> None:
    view_id = await fill_form(stack)
    stack.simulator.state.faults = fault
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "errors"
    [message] = stack.slack.view(view_id).errors.values()
    assert message.startswith("Vitec svarar inte som det ska just nu (")
    assert "Ingen anmälan gjordes – anmäl igen om en stund." in message
    assert not re.search(r":[a-z_]+:|HTTP", message)
    assert stack.bookings() == []


async def test_when_vitec_cannot_say_whether_the_contact_is_booked_nothing_is_booked(
    stack: Stack,
) -> None:
    view_id = await fill_form(stack)
    stack.simulator.state.faults = Faults(
        forced_status=ForcedStatus(status=503, count=10, path_prefix="ViewingParticipant")
    )
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "errors"
    [message] = stack.slack.view(view_id).errors.values()
    assert "Ingen anmälan gjordes" in message
    assert stack.vitec_requests("POST", "/Viewing") == [], "no booking Vitec could not vouch for"


async def test_a_viewing_vitec_no_longer_knows_is_flagged_on_the_slot(stack: Stack) -> None:
    view_id = await fill_form(stack)
    stack.simulator.state.faults = Faults(forced_status=ForcedStatus(status=404, method="POST"))
    delivery = await stack.slack.submit(view_id)
    assert delivery.outcome == "errors"
    assert stack.slack.view(view_id).errors == {
        slot_block_id(known.ESTATE_ID): (
            "Vitec hittar inte längre visningen, tiden eller kontakten, så inget bokades. "
            "Välj objektet igen – visningen kan ha ändrats."
        )
    }


async def test_a_booking_applied_behind_a_500_is_reported_as_booked_once(stack: Stack) -> None:
    view_id = await fill_form(stack)
    stack.simulator.state.faults = Faults(applied_then_error=AppliedThenError(method="POST"))
    delivery = await stack.slack.submit(view_id)
    await stack.settle()
    assert delivery.outcome == "closed"
    assert len(stack.bookings()) == 1
    assert len(stack.vitec_requests("POST", "/Viewing")) == 1
    assert stack.channel()[0].text.startswith("Åsa Öberg är anmäld")


async def test_a_gateway_timeout_that_was_not_applied_is_booked_exactly_once(stack: Stack) -> None:
    view_id = await fill_form(stack)
    stack.simulator.state.faults = Faults(
        forced_status=ForcedStatus(status=504, count=1, method="POST")
    )
    delivery = await stack.slack.submit(view_id)
    await stack.settle()
    assert delivery.outcome == "closed"
    assert len(stack.bookings()) == 1
    assert len(stack.vitec_requests("POST", "/Viewing")) == 2


@pytest.mark.parametrize(
    ("signature", "skew"), [("v0=" + "0" * 64, 0.0), (None, -600.0)], ids=["forged", "stale"]
)
async def test_forged_and_stale_requests_are_refused_before_vitec_hears_of_them(
    stack: Stack, signature: str | None, skew: float
) -> None:
    view_id = await fill_form(stack)
    before = len(stack.simulator.state.requests)
    stack.slack.forge_next_signature(signature=signature, skew=skew)
    delivery = await stack.slack.submit(view_id)
    await stack.settle()
    assert delivery.status == 401
    assert len(stack.simulator.state.requests) == before
    assert stack.bookings() == []

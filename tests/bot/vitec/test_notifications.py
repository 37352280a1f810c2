"""Reading Vitec's notifications tolerantly: query and body, numbers as text, odd shapes refused."""

from __future__ import annotations

import pytest

from bot.vitec.notifications import read_notification

BOOKING = {
    "name": "ViewingParticipant",
    "type": "EstateContact",
    "event": "Update",
    "customerId": "M30011",
    "id": "VID1",
    "subtype": "ViewingParticipant",
    "relId1": "OBJ1",
    "relType1": "Estate",
    "relId2": "ADR1",
    "relId3": "VIS1",
    "tenantId": 7,
    "chainId": None,
}


def test_a_booking_reads_as_a_viewing_participant_with_its_ids() -> None:
    notification = read_notification({}, BOOKING)
    assert notification is not None
    assert notification.is_viewing_participant
    assert not notification.is_removal
    assert (notification.rel_id1, notification.rel_id2, notification.rel_id3) == (
        "OBJ1",
        "ADR1",
        "VIS1",
    )


def test_the_query_stands_in_for_a_missing_body_and_the_body_wins() -> None:
    query = {k: str(v) for k, v in BOOKING.items() if v is not None}
    from_query = read_notification(query, None)
    assert from_query is not None
    assert from_query.customer_id == "M30011"
    both = read_notification({**query, "id": "VIDQUERY"}, {"id": 42, "type": "EstateContact"})
    assert both is not None
    assert both.id == "42"


def test_a_merge_names_the_contact_kept_and_those_merged_into_it() -> None:
    merge = read_notification(
        {},
        {
            "type": "Merge",
            "event": "Merge",
            "data": {"destinationId": "ADRK", "sourceIds": ["A", 3]},
        },
    )
    assert merge is not None
    assert merge.is_merge
    assert merge.merged_contacts() == ("ADRK", ("A",))
    no_sources = read_notification({}, {"type": "Merge", "data": {"destinationId": "ADRK"}})
    assert no_sources is not None
    assert no_sources.merged_contacts() is None


@pytest.mark.parametrize(
    "body",
    [["a"], "text", 12, {"id": "x" * 500, "type": "Estate"}, {"name": "nothing else"}, {}],
)
def test_what_is_no_notification_is_refused(body: object) -> None:
    assert read_notification({}, body) is None

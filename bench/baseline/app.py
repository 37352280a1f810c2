"""The straightforward Bolt app a tutorial leads to, booking the same form the same way.

It is written the way Bolt's getting-started guides write an app, on purpose: the sync ``App``
with its defaults, one listener that makes the Vitec call (a blocking ``httpx.post``) and only
then calls ``ack()``, a ``chat.postMessage`` afterwards, and ``app.start()`` (Bolt's development
server, ``http.server``) to serve it. Only what the benchmark needs is added: the Web API base URL
points at the fake Slack, and the Vitec address and credentials come from the environment.

Run: ``python -m bench.baseline.app`` with SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL,
VITEC_BASE_URL, VITEC_USERNAME, VITEC_PASSWORD, VITEC_CUSTOMER_ID and PORT set.
"""

from __future__ import annotations

import os
from typing import Any

import httpx
from slack_bolt import Ack, App
from slack_sdk import WebClient

VITEC_URL = os.environ["VITEC_BASE_URL"]
VITEC_AUTH = (os.environ["VITEC_USERNAME"], os.environ["VITEC_PASSWORD"])
OFFICE = os.environ["VITEC_CUSTOMER_ID"]

app = App(
    signing_secret=os.environ["SLACK_SIGNING_SECRET"],
    client=WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]),
)


def selected(values: dict[str, Any], action_id: str) -> Any:
    """The chosen value of the input with this action_id, wherever its block is."""
    for block in values.values():
        if action_id in block:
            state = block[action_id]
            for key in ("selected_option", "selected_options", "selected_conversation", "value"):
                if key in state:
                    return state[key]
    return None


@app.view("signup")
def book_viewing(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
    """Book the contact in Vitec, then close the modal and tell the channel."""
    values = view["state"]["values"]
    viewing_id, slot_id = selected(values, "slot_select")["value"].split("/")[:2]
    contact_id = selected(values, "contact_select")["value"]
    notify = {o["value"] for o in selected(values, "notify_checks") or []}
    checks = {o["value"] for o in selected(values, "booking_checks") or []}
    attended = {o["value"] for o in selected(values, "attendance_check") or []}
    # The reminder choice is "none" or "<sms|mail>:<minutes>".
    channel, _, minutes = selected(values, "reminder_select")["value"].partition(":")
    booking = {
        "reminderTime": int(minutes) if minutes else None,
        "smsReminder": channel == "sms",
        "mailConfirmation": "mail_confirmation" in notify,
        "smsConfirmation": "sms_confirmation" in notify,
        "participated": "participated" in attended,
        "options": {
            "isDeadlineValidationEnabled": "deadline" in checks,
            "enableBookingLimitValidation": "capacity" in checks,
        },
    }
    # httpx's default timeout is 5 s, exactly the slowest Vitec measured; 10 s lets it answer.
    response = httpx.post(
        f"{VITEC_URL}/Viewing/{OFFICE}/{viewing_id}/{slot_id}/Participant/{contact_id}",
        json=booking,
        auth=VITEC_AUTH,
        timeout=10.0,
    )
    if response.status_code != 204:
        ack(response_action="errors", errors={"contact": f"Vitec: {response.text[:200]}"})
        return
    ack()
    user = body["user"]["id"]
    channel = selected(values, "channel_select")
    client.chat_postMessage(
        channel=channel, text=f"<@{user}> anmälde {contact_id} till visning {viewing_id}."
    )


if __name__ == "__main__":
    app.start(port=int(os.environ.get("PORT", "3000")))

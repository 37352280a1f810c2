"""A stand-in for Slack: Web API, response URLs and signed requests to the bot.

Wiring, as the scenario tests and the playground do it::

    fake = FakeSlack(bot_url="", signing_secret=secret, bot_token=token)
    slack_server = await fake.serve()                  # sets fake.public_url
    client = AsyncWebClient(token=token, base_url=f"{fake.public_url}/api/")  # trailing slash
    bot_server = await serve_in_background(bot_app)    # bot_app built with that client
    fake.bot_url = f"{bot_server.url}/slack/events"
    await fake.slash_command("U0AGNETA", "C0VISNING", text="Storgatan 1")
"""

from devtools.playground.slack.fake import FakeSlack
from devtools.playground.slack.records import (
    TROUBLE_CONNECTING,
    ApiCall,
    Delivery,
    Message,
    OpenView,
    TimelineEntry,
)
from devtools.playground.slack.state import ClientActionError, UserInput
from devtools.playground.slack.workspace import Channel, Shortcut, User, Workspace

__all__ = [
    "TROUBLE_CONNECTING",
    "ApiCall",
    "Channel",
    "ClientActionError",
    "Delivery",
    "FakeSlack",
    "Message",
    "OpenView",
    "Shortcut",
    "TimelineEntry",
    "User",
    "UserInput",
    "Workspace",
]

"""How uvicorn serves the bot: slow and idle clients do not hold it forever."""

from __future__ import annotations

from bot.server import server_options
from bot.settings import Settings, load_settings


def settings() -> Settings:
    return load_settings(
        None,
        slack_bot_token="xoxb-1-2-3",
        slack_signing_secret="abcdef0123456789",
        vitec_username="visningsbot",
        vitec_password="pw-for-tests",
        vitec_customer_id="M30011",
        port=8443,
        host="127.0.0.2",
    )


def test_idle_connections_and_the_number_of_connections_are_bounded() -> None:
    options = server_options(settings())

    assert options["timeout_keep_alive"] == 5
    assert options["limit_concurrency"] == 1000
    assert (options["host"], options["port"]) == ("127.0.0.2", 8443)
    # Access logs would print every request line; the bot logs what it did instead.
    assert options["access_log"] is False

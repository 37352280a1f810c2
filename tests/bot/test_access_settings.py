"""ALLOWED_USERGROUPS, ALLOWED_CHANNELS and MANAGER_USERGROUPS: read leniently, checked strictly."""

import pytest

from bot.settings import AccessSettings, ConfigurationError, load_settings

REQUIRED = {
    "slack_bot_token": "xoxb-123-456-abc",
    "slack_signing_secret": "8f742231b10e8888abcd99yyyzzz85a5",
    "vitec_username": "visningsbot",
    "vitec_password": "s3cret-M30011",
    "vitec_customer_id": "M30011",
}


def test_unset_means_every_full_member_in_every_channel_and_no_managers() -> None:
    assert load_settings(None, **REQUIRED).access == AccessSettings(
        frozenset(), frozenset(), frozenset()
    )


def test_lists_are_comma_separated_and_handles_may_start_with_an_at() -> None:
    settings = load_settings(
        None,
        **REQUIRED,
        allowed_usergroups=" @maklare, S0ADMIN ,,",
        allowed_channels="C0VISNING,G0PRIVAT",
        manager_usergroups="@chefer",
    )
    assert settings.access == AccessSettings(
        usergroups=frozenset({"maklare", "S0ADMIN"}),
        channels=frozenset({"C0VISNING", "G0PRIVAT"}),
        managers=frozenset({"chefer"}),
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("allowed_channels", "#visningar"),
        ("allowed_channels", "visningar"),
        ("allowed_usergroups", "Mäklare!"),
        ("manager_usergroups", "chefer; admin"),
    ],
)
def test_values_that_cannot_name_a_channel_or_group_stop_the_bot(name: str, value: str) -> None:
    with pytest.raises(ConfigurationError, match=name.upper()):
        load_settings(None, **REQUIRED, **{name: value})

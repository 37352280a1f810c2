"""``visningsbot check``: does the Slack token work, and does Vitec accept the credentials?"""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.errors import SlackApiError

from bot.probe import run_deep_check
from bot.services import slack_client
from bot.settings import Settings
from bot.slack_failures import slack_error
from bot.vitec.client import VitecClient, create_http_client
from bot.vitec.errors import (
    VitecAuthError,
    VitecConnectError,
    VitecError,
    VitecForbiddenError,
    VitecTimeoutError,
)

VITEC_ADVICE = {
    VitecAuthError: "Vitec refused the user name or password (401): check VITEC_USERNAME and "
    "VITEC_PASSWORD (Vitec issues one password per office and function group).",
    VitecForbiddenError: "Vitec denied access to office {office} (403): the office may be closed, "
    "or the credentials do not cover it — check VITEC_CUSTOMER_ID.",
    VitecConnectError: "Could not connect to {url}: check VITEC_BASE_URL and the network.",
    VitecTimeoutError: "{url} did not answer in time: Vitec may be down; try again later.",
}


async def check_slack(settings: Settings) -> tuple[bool, str]:
    """auth.test with the bot token."""
    client = slack_client(settings, token=settings.single_workspace.bot_token.get_secret_value())
    try:
        answer = await client.auth_test()
    except SlackApiError as exc:
        error = slack_error(exc)
        return (
            False,
            f"Slack refused SLACK_BOT_TOKEN ({error}): copy the Bot User OAuth Token again.",
        )
    except Exception as exc:  # noqa: BLE001 - any failure here is reported, not raised
        return (
            False,
            f"Could not reach Slack ({type(exc).__name__}): check SLACK_API_URL and the network.",
        )
    return True, f"Slack: connected as @{answer.get('user')} in team {answer.get('team')}."


async def check_vitec(settings: Settings) -> tuple[bool, str]:
    """One cheap read (the office's lead sources) with the configured credentials."""
    one = settings.single_workspace
    http = create_http_client(
        settings.vitec_base_url,
        one.vitec_username,
        one.vitec_password.get_secret_value(),
    )
    vitec = VitecClient(http)
    office = one.vitec_customer_id
    try:
        sources = await vitec.lead_sources(office)
    except VitecError as exc:
        advice = next(
            (text for kind, text in VITEC_ADVICE.items() if isinstance(exc, kind)),
            "Vitec answered unexpectedly: {error}.",
        )
        return False, advice.format(office=office, url=settings.vitec_base_url, error=exc)
    finally:
        await vitec.aclose()
    return True, f"Vitec: office {office} answers; {len(sources)} lead source(s) visible."


async def run_checks(settings: Settings, deep: DeepCheck | None = None) -> int:
    """Run the checks, print a line each, and return the exit status.

    With ``deep``, every read the bot makes is tried once as well (``check --deep``).
    """
    if settings.oauth:
        # No token or office of its own: each workspace's admin connects Vitec in App Home,
        # where the connection is tried before it is saved.
        print(
            "ok    OAuth mode: workspaces install at /slack/install; each one's Vitec offices "
            "are checked when its admin connects them."
        )
        return 0
    results = [await check_slack(settings), await check_vitec(settings)]
    for ok, line in results:
        print(("ok    " if ok else "FAIL  ") + line)
    works = all(ok for ok, _ in results)
    if deep is not None:
        deep_ok, lines = await run_deep_check(
            settings, contact_term=deep.contact_term, email=deep.email, phone=deep.phone
        )
        print()
        print("\n".join(lines))
        works = works and deep_ok
    return 0 if works else 1


@dataclass(frozen=True)
class DeepCheck:
    """What ``check --deep`` looks up besides the office's estates and lead sources."""

    contact_term: str | None = None
    email: str | None = None
    phone: str | None = None

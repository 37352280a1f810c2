"""The composition root: Bolt wired to the services, listeners registered, one error handler."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, cast

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient

from bot.authorization import single_workspace
from bot.connections import Connections
from bot.gate import access_gate_for
from bot.logs import bolt_logger
from bot.services import CountingWebClient, Services, slack_retry_handlers
from bot.settings import Settings
from bot.tenants import Tenants
from bot.ui.ids import ActionId, CallbackId
from bot.ui.metadata import FormMetadata, UndoMetadata
from bot.ui.options import hint_payload
from bot.ui.texts import texts
from handlers import register_all
from handlers.commands import OFFICE_WORDS
from handlers.context import CONNECTIONS_KEY, SERVICES_KEY, SIBLINGS_KEY

log = logging.getLogger(__name__)

BOT_SCOPES = ("commands", "chat:write", "im:write", "users:read", "usergroups:read")
"""The bot scopes of manifest.yml, asked for at install (a test keeps the two the same)."""

MAX_ESTATE_ID = 100
"""Longer than any Vitec estate id; a longer value is not looked up."""
MAX_ID = 18
"""Digits of a ledger row id an undo may name (a 64-bit integer has at most 19)."""

LIFECYCLE_EVENTS = frozenset({"app_uninstalled", "tokens_revoked"})
_SETUP_ACTIONS = frozenset(
    {ActionId.CONNECT_VITEC, ActionId.CHANNEL_OFFICE_CHANNEL, ActionId.CHANNEL_OFFICE}
)

_WORKSPACE_REFUSAL = f"{texts('sv').access_workspace}\n{texts('en').access_workspace}"
"""Requests from a workspace the app is not installed in: the user's language is unknown."""


def build_app(services: Services) -> AsyncApp:
    """A Bolt AsyncApp for one workspace, calling into ``services``; no globals."""
    slack = services.slack
    app = AsyncApp(
        # The token comes from `authorize`; a client without one keeps Bolt from asking twice.
        client=CountingWebClient(
            base_url=slack.base_url,
            timeout=slack.timeout,
            retry_handlers=slack.retry_handlers,
            session=slack.session,
        ),
        # Bolt answers None (another workspace) with its refusal, though it types no Optional.
        authorize=cast("Callable[..., Awaitable[AuthorizeResult]]", single_workspace(slack)),
        signing_secret=services.settings.slack_signing_secret.get_secret_value(),
        # Listeners answer Slack themselves and hand longer work to services.tasks, which the
        # process tracks and drains at shutdown; Bolt's own fire-and-forget tasks are not used.
        process_before_response=True,
        raise_error_for_unhandled_request=False,
        logger=bolt_logger(),
        # Requests from another workspace or organisation than the installation's: the user's
        # language is unknown there, so both.
        user_facing_authorize_error_message=_WORKSPACE_REFUSAL,
    )

    @app.middleware
    async def attach_services(context: AsyncBoltContext, next: Any) -> Any:  # noqa: A002
        context[SERVICES_KEY] = services
        return await next()

    _wire(app)
    return app


def build_oauth_app(tenants: Tenants, connections: Connections) -> AsyncApp:
    """A Bolt AsyncApp for every workspace that installs it (Slack's OAuth v2 flow).

    Each request is served by the bundle of its workspace's office; a workspace that has not
    connected Vitec yet reaches only App Home's "Koppla Vitec" and `/visning kontor`.
    """
    process = tenants.process
    settings = process.settings
    if settings.slack_client_id is None or settings.slack_client_secret is None:
        raise ValueError("OAuth mode needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET")
    installations, states = tenants.workspaces.slack_stores(settings.slack_client_id)
    base_url = settings.slack_api_url + "/" if settings.slack_api_url else AsyncWebClient.BASE_URL
    app = AsyncApp(
        client=AsyncWebClient(
            base_url=base_url,
            timeout=10,
            retry_handlers=slack_retry_handlers(),
            session=process.slack_session,
        ),
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        installation_store=installations,
        oauth_settings=AsyncOAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret.get_secret_value(),
            scopes=list(BOT_SCOPES),
            redirect_uri=settings.slack_redirect_uri,
            installation_store=installations,
            state_store=states,
            authorization_url=_authorization_url(settings.slack_api_url),
        ),
        process_before_response=True,
        raise_error_for_unhandled_request=False,
        logger=bolt_logger(),
        user_facing_authorize_error_message=_WORKSPACE_REFUSAL,
    )

    @app.event("app_uninstalled")
    async def uninstalled(context: AsyncBoltContext) -> None:
        team_id = context.team_id
        if team_id:
            await installations.async_delete_all(
                enterprise_id=context.enterprise_id, team_id=team_id
            )
            await tenants.forget(team_id)

    @app.event("tokens_revoked")
    async def revoked(event: dict[str, Any], context: AsyncBoltContext) -> None:
        team_id = context.team_id
        tokens = event.get("tokens") if isinstance(event.get("tokens"), Mapping) else {}
        if team_id and isinstance(tokens, Mapping) and tokens.get("bot"):
            # Without the bot's token nothing of the workspace works: its Vitec passwords go too.
            await _forget_bot(installations, context.enterprise_id, team_id)
            await tenants.forget(team_id)

    @app.middleware
    async def attach_tenant(
        body: dict[str, Any],
        context: AsyncBoltContext,
        next: Any,  # noqa: A002 - Bolt passes arguments by these names
    ) -> BoltResponse | None:
        if _event_type(body) in LIFECYCLE_EVENTS:
            await next()
            return None
        team_id, token = context.team_id, context.bot_token
        if not team_id or not token:
            log.warning("refused a request that names no installed workspace")
            return BoltResponse(status=200, body="")
        context[CONNECTIONS_KEY] = connections
        named = _named_office(body)
        undone = _undone_signup(body)
        if undone is not None:
            # An undo works in the booking's office, whichever channel it is pressed in.
            named = await tenants.office_of_signup(team_id, undone) or named
        chosen_estate = _chosen_estate(body)
        if chosen_estate is not None:
            # The picker lists every office's estates: the chosen one's office answers.
            named = await tenants.office_of_estate(team_id, chosen_estate, token=token) or named
        office = await tenants.choose_office(team_id, named=named, channel_id=_channel_of(body))
        services = (
            await tenants.bundle(team_id, office, token=token) if office is not None else None
        )
        if services is not None:
            context[SERVICES_KEY] = services
            if _is_estate_search(body):
                siblings = await tenants.bundles_of(team_id, token=token)
                context[SIBLINGS_KEY] = [s for s in siblings if s is not services]
        elif not _is_setup(body):
            return _not_connected(body, settings.visningsbot_language)
        await next()
        return None

    _wire(app)
    return app


def token_rotator(settings: Settings, app: AsyncApp) -> AsyncTokenRotator | None:
    """What renews rotating bot tokens between requests (OAuth mode; Bolt's Web API client)."""
    if settings.slack_client_id is None or settings.slack_client_secret is None:
        return None
    return AsyncTokenRotator(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        client=app.client,
    )


def _wire(app: AsyncApp) -> None:
    # Before any listener: a refused request never reaches one, and so never reaches Vitec.
    app.middleware(access_gate_for(lambda context: context.get(SERVICES_KEY)))

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        # The body holds what agents typed; log only what kind of request failed.
        kind = body.get("type") or body.get("command") or "request"
        log.error("listener failed on %s: %s", kind, type(error).__name__, exc_info=error)

    register_all(app)


async def _forget_bot(
    installations: AsyncInstallationStore, enterprise_id: str | None, team_id: str
) -> None:
    await installations.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)
    await installations.async_delete_installation(enterprise_id=enterprise_id, team_id=team_id)


def _authorization_url(slack_api_url: str | None) -> str | None:
    """Slack's authorize page beside SLACK_API_URL's Web API (the fake Slack serves both)."""
    if not slack_api_url:
        return None
    return slack_api_url.removesuffix("/api") + "/oauth/v2/authorize"


def _event_type(body: Mapping[str, Any]) -> str | None:
    event = body.get("event")
    kind = event.get("type") if isinstance(event, Mapping) else None
    return kind if isinstance(kind, str) else None


def _named_office(body: Mapping[str, Any]) -> str | None:
    """The office a form names in its metadata (views and their pickers and buttons)."""
    view = body.get("view")
    if not isinstance(view, Mapping):
        return None
    metadata = view.get("private_metadata")
    meta = FormMetadata.load(metadata if isinstance(metadata, str) else None)
    return meta.customer_id if meta is not None else None


def _chosen_estate(body: Mapping[str, Any]) -> str | None:
    """The estate an agent just picked in the form (its block action), if any."""
    actions = body.get("actions")
    if body.get("type") != "block_actions" or not isinstance(actions, list):
        return None
    for action in actions:
        if isinstance(action, Mapping) and action.get("action_id") == ActionId.ESTATE:
            chosen = action.get("selected_option")
            value = chosen.get("value") if isinstance(chosen, Mapping) else None
            if isinstance(value, str) and 0 < len(value) <= MAX_ESTATE_ID:
                return value
    return None


def _undone_signup(body: Mapping[str, Any]) -> int | None:
    """The ledger row an undo names: its button's value, or its confirmation's metadata."""
    actions = body.get("actions")
    if body.get("type") == "block_actions" and isinstance(actions, list):
        for action in actions:
            if isinstance(action, Mapping) and action.get("action_id") == ActionId.UNDO:
                return _signup_id(action.get("value"))
        return None
    view = body.get("view")
    if body.get("type") == "view_submission" and isinstance(view, Mapping):
        if view.get("callback_id") != CallbackId.UNDO_CONFIRM:
            return None
        metadata = view.get("private_metadata")
        meta = UndoMetadata.load(metadata if isinstance(metadata, str) else None)
        return meta.signup_id if meta is not None else None
    return None


def _signup_id(value: object) -> int | None:
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= MAX_ID:
        return int(value)
    return None


def _is_estate_search(body: Mapping[str, Any]) -> bool:
    return body.get("type") == "block_suggestion" and body.get("action_id") == ActionId.ESTATE


def _channel_of(body: Mapping[str, Any]) -> str | None:
    channel: Any = body.get("channel_id")
    if channel is None and isinstance(body.get("channel"), Mapping):
        channel = body["channel"].get("id")
    if channel is None and isinstance(body.get("view"), Mapping):
        meta = FormMetadata.load(body["view"].get("private_metadata"))
        channel = meta.channel_id if meta is not None else None
    return channel if isinstance(channel, str) and channel else None


def _is_setup(body: Mapping[str, Any]) -> bool:
    """Requests a workspace without a Vitec connection may make: App Home and connecting."""
    if _event_type(body) == "app_home_opened":
        return True
    command_text = body.get("text")
    if body.get("command") and isinstance(command_text, str):
        first = command_text.strip().partition(" ")[0].lower()
        return first in OFFICE_WORDS
    actions = body.get("actions")
    if body.get("type") == "block_actions" and isinstance(actions, list):
        return all(isinstance(a, Mapping) and a.get("action_id") in _SETUP_ACTIONS for a in actions)
    view = body.get("view")
    if body.get("type") == "view_submission" and isinstance(view, Mapping):
        return view.get("callback_id") == CallbackId.CONNECT_VITEC
    return False


def _not_connected(body: Mapping[str, Any], language: str) -> BoltResponse:
    """The answer to a workspace whose admin has not connected Vitec yet."""
    text = texts(language).setup_not_connected
    if body.get("command"):
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
    if body.get("type") == "block_suggestion":
        return BoltResponse(status=200, body=hint_payload(texts(language).access_option))
    return BoltResponse(status=200, body="")

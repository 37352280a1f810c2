"""The composition root: Bolt wired to the services, listeners registered, one error handler."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.authorization import AuthorizeResult

from bot.authorization import single_workspace
from bot.gate import access_gate
from bot.logs import bolt_logger
from bot.services import CountingWebClient, Services
from bot.ui.texts import texts
from handlers import register_all
from handlers.context import SERVICES_KEY

log = logging.getLogger(__name__)


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
        user_facing_authorize_error_message=(
            f"{texts('sv').access_workspace}\n{texts('en').access_workspace}"
        ),
    )

    @app.middleware
    async def attach_services(context: AsyncBoltContext, next: Any) -> Any:  # noqa: A002
        context[SERVICES_KEY] = services
        return await next()

    # Before any listener: a refused request never reaches one, and so never reaches Vitec.
    app.middleware(access_gate(services))

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        # The body holds what agents typed; log only what kind of request failed.
        kind = body.get("type") or body.get("command") or "request"
        log.error("listener failed on %s: %s", kind, type(error).__name__, exc_info=error)

    register_all(app)
    return app

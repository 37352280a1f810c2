"""The access policy in front of every listener: refused requests never reach one, nor Vitec.

A Bolt middleware: it runs after the signature check and authorization, before any listener,
for the command, shortcuts, options loads, actions, view submissions and App Home alike. A
refusal is answered the way the surface shows it: an ephemeral reply, a picker hint, a modal.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from slack_bolt.async_app import AsyncBoltContext
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError

from bot.access import Installation, Refusal, Requester, Verdict
from bot.services import Services
from bot.store import AuditAction, NewAuditEvent
from bot.ui.formatting import truncate
from bot.ui.messages import refusal_home, refusal_modal
from bot.ui.options import hint_payload
from bot.ui.texts import Catalogue, texts

log = logging.getLogger(__name__)

OPTION_TEXT_LIMIT = 75

Next = Callable[[], Awaitable[None]]


def requester_of(body: Mapping[str, Any], context: AsyncBoltContext) -> Requester | None:
    """Who sent the request and from where, as the request states it; None when it names nobody."""
    if not context.user_id:
        return None
    user = body.get("user")
    user_team = user.get("team_id") if isinstance(user, Mapping) else None
    channel_id: Any = None
    if "command" in body:
        channel_id = body.get("channel_id")
    elif body.get("type") == "block_actions":
        # Set for buttons in messages; a modal's actions have no channel of their own.
        channel = body.get("channel")
        channel_id = channel.get("id") if isinstance(channel, Mapping) else None
    return Requester(
        user_id=context.user_id,
        team_id=context.team_id,
        enterprise_id=context.enterprise_id,
        user_team_id=user_team if isinstance(user_team, str) and user_team else None,
        channel_id=channel_id if isinstance(channel_id, str) and channel_id else None,
    )


def installation_of(context: AsyncBoltContext) -> Installation | None:
    """The workspace the bot is installed in, as ``auth.test`` told authorization."""
    result = context.authorize_result
    if result is None or not result.team_id:
        return None
    return Installation(team_id=result.team_id, enterprise_id=result.enterprise_id)


def refusal_text(refusal: Refusal, t: Catalogue, channels: frozenset[str]) -> str:
    """The sentence a refused user reads (mrkdwn)."""
    match refusal:
        case "workspace":
            return t.access_workspace
        case "external":
            return t.access_external
        case "unverified":
            return t.access_unverified
        case "deactivated":
            return t.access_deactivated
        case "bot":
            return t.access_bot
        case "guest":
            return t.access_guest
        case "channel":
            return t.access_channel.format(channels=", ".join(f"<#{c}>" for c in sorted(channels)))
        case "group":
            return t.access_group


Middleware = Callable[[dict[str, Any], AsyncBoltContext, Next], Awaitable[BoltResponse | None]]


def access_gate(services: Services) -> Middleware:
    """The Bolt middleware that applies ``services.access`` to every request."""
    return access_gate_for(lambda _: services)


def access_gate_for(resolve: Callable[[AsyncBoltContext], Services | None]) -> Middleware:
    """The access gate with the services of each request's workspace and office (OAuth mode).

    A request with no services (a workspace connecting Vitec, which checks its admins itself)
    goes on unchecked.
    """

    async def enforce_access(
        body: dict[str, Any],
        context: AsyncBoltContext,
        next: Next,  # noqa: A002 - Bolt passes arguments by these names
    ) -> BoltResponse | None:
        services = resolve(context)
        if services is None:
            await next()
            return None
        requester = requester_of(body, context)
        installation = installation_of(context)
        if requester is None and installation is not None and _kind(body) == "function_executed":
            # A workflow step names no person: the workflow's builder chose to run it, in this
            # workspace (authorization checked that), and the step books as the workflow.
            await next()
            return None
        if requester is None or installation is None:
            log.warning("refused a %s that names no user or workspace", _kind(body))
            return BoltResponse(status=200, body="")
        verdict = await services.access.check(requester, installation)
        if verdict.refusal is None:
            await next()
            return None
        return _refuse(body, requester, verdict.refusal, verdict, services)

    return enforce_access


def _refuse(
    body: dict[str, Any],
    requester: Requester,
    refusal: Refusal,
    verdict: Verdict,
    services: Services,
) -> BoltResponse:
    kind = _kind(body)
    # User ids stay out of the log; the audit trail says who.
    log.info("access refused (%s) for a %s", refusal, kind)
    services.tasks.spawn(_audit(services, requester, refusal), name="audit-refused")
    language = verdict.user.language if verdict.user else services.people.default
    t = texts(language)
    text = refusal_text(refusal, t, services.access.channels)
    if "command" in body:
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
    if kind == "block_suggestion":
        return BoltResponse(
            status=200, body=hint_payload(truncate(t.access_option, OPTION_TEXT_LIMIT))
        )
    if kind == "view_submission":
        return BoltResponse(
            status=200,
            body={"response_action": "update", "view": refusal_modal(text, language)},
        )
    services.tasks.spawn(_tell(body, requester, text, language, services), name="refusal")
    return BoltResponse(status=200, body="")


async def _tell(
    body: Mapping[str, Any], requester: Requester, text: str, language: str, services: Services
) -> None:
    """Show a refusal that the HTTP answer cannot carry (actions, shortcuts, App Home)."""
    container = _mapping(body.get("container"))
    event = _mapping(body.get("event"))
    response_url = body.get("response_url")
    try:
        if isinstance(response_url, str) and response_url:
            await services.reporter.respond(
                response_url,
                {"response_type": "ephemeral", "replace_original": False, "text": text},
            )
        elif container.get("type") == "view" and container.get("view_id"):
            await services.slack.views_update(
                view_id=container["view_id"], view=refusal_modal(text, language)
            )
        elif body.get("trigger_id"):
            await services.slack.views_open(
                trigger_id=body["trigger_id"], view=refusal_modal(text, language)
            )
        elif event.get("type") == "app_home_opened" and event.get("tab") == "home":
            await services.slack.views_publish(
                user_id=requester.user_id, view=refusal_home(text, language)
            )
    except SlackApiError as exc:
        log.warning("refusal could not be shown: %s", exc.response.get("error"))


async def _audit(services: Services, requester: Requester, refusal: Refusal) -> None:
    event = NewAuditEvent(
        team_id=requester.user_team_id or requester.team_id or "",
        user_id=requester.user_id,
        action=AuditAction.REFUSED,
        detail=refusal,
        # In OAuth mode the office the request was for, so each office's trail is its own.
        customer_id=services.office[1] if services.office is not None else None,
    )
    try:
        await services.ledger.audit.record(event)
    except Exception as exc:  # noqa: BLE001 - a refusal stands whether or not it is recorded
        log.error("audit record of a refusal could not be written: %s", type(exc).__name__)


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _kind(body: Mapping[str, Any]) -> str:
    if "command" in body:
        return "command"
    event = body.get("event")
    if isinstance(event, Mapping) and event.get("type"):
        return str(event["type"])
    return str(body.get("type") or "request")

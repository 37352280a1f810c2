"""Slack's OAuth v2 install flow, as the fake Slack plays it: the consent page and the exchange.

``/oauth/v2/authorize`` stands for the person pressing "Allow": it sends the browser back to
the app's redirect URL with a one-time code, and ``oauth.v2.access`` trades that code (with
the app's client id and secret) for the workspace's bot token, as Slack answers it.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from devtools.playground.slack.records import JsonDict
from devtools.playground.slack.world import SlackError, World

MAX_CODES = 100


@dataclass(frozen=True)
class OAuthApp:
    """The app's credentials and redirect URL as the fake Slack knows them."""

    client_id: str
    client_secret: str
    redirect_url: str = ""
    """The redirect URL of the app's settings; a request naming another one is refused."""


@dataclass
class OAuthFlow:
    """Codes issued at consent and traded once for the workspace's token."""

    world: World
    app: OAuthApp
    bot_token: str
    installer: str
    """The person who presses "Allow" (a workspace admin)."""
    codes: dict[str, str] = field(default_factory=dict)
    """Issued code → the redirect URL it was issued for."""
    revoked: bool = False
    """Set when the app is uninstalled: the token stops working."""

    async def authorize(self, request: Request) -> Response:
        """The consent page's "Allow": back to the app with a code and the state it sent."""
        query = request.query_params
        if query.get("client_id") != self.app.client_id:
            return PlainTextResponse("invalid_client_id", status_code=400)
        redirect = query.get("redirect_uri") or self.app.redirect_url
        if not redirect or (self.app.redirect_url and redirect != self.app.redirect_url):
            return PlainTextResponse("bad_redirect_uri", status_code=400)
        code = f"{self.world.workspace.team_id}.{secrets.token_hex(8)}"
        if len(self.codes) >= MAX_CODES:
            self.codes.pop(next(iter(self.codes)))
        self.codes[code] = redirect
        self.world.log(
            "api", f"oauth/v2/authorize allowed by {self.installer}", ok=True, status=302
        )
        target = f"{redirect}?{urlencode({'code': code, 'state': query.get('state', '')})}"
        return RedirectResponse(target, status_code=302)

    def access(self, args: JsonDict, authorization: str) -> JsonDict:
        """oauth.v2.access: the code for the bot token (client credentials as Basic auth or
        form fields, as Slack accepts both)."""
        client_id, client_secret = _basic(authorization) or (
            str(args.get("client_id") or ""),
            str(args.get("client_secret") or ""),
        )
        if client_id != self.app.client_id:
            raise SlackError("invalid_client_id")
        if not secrets.compare_digest(client_secret, self.app.client_secret):
            raise SlackError("bad_client_secret")
        code = str(args.get("code") or "")
        redirect = self.codes.pop(code, None)
        if redirect is None:
            raise SlackError("invalid_code")
        if args.get("redirect_uri") and args["redirect_uri"] != redirect:
            raise SlackError("bad_redirect_uri")
        self.revoked = False
        ws = self.world.workspace
        return {
            "access_token": self.bot_token,
            "token_type": "bot",
            "scope": "commands,chat:write,im:write,users:read,usergroups:read",
            "bot_user_id": ws.bot_user.id,
            "app_id": ws.app_id,
            "team": {"id": ws.team_id, "name": ws.team_name},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": self.installer},
        }


def _basic(authorization: str) -> tuple[str, str] | None:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, colon, secret = decoded.partition(":")
    return (client_id, secret) if colon else None

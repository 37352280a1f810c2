"""The seed of the fake workspace: team, people, channels and the app itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class User:
    """A person (or the bot) in the workspace."""

    id: str
    name: str
    """The handle Slack sends as `user_name` / `user.username`."""
    real_name: str
    locale: str = "sv-SE"
    tz: str = "Europe/Stockholm"
    is_bot: bool = False
    is_restricted: bool = False
    """A multi-channel guest."""
    is_ultra_restricted: bool = False
    """A single-channel guest."""
    deleted: bool = False
    """A deactivated account."""
    team_id: str | None = None
    """The person's own workspace when it is not this one (a Slack Connect user)."""
    is_admin: bool = False
    """A workspace admin: may install apps and change their settings."""
    is_owner: bool = False


@dataclass(frozen=True)
class Channel:
    """A conversation; `members` are people, `bot_is_member` is the app's own membership."""

    id: str
    name: str
    members: tuple[str, ...]
    is_private: bool = False
    bot_is_member: bool = True
    is_im: bool = False


@dataclass(frozen=True)
class Shortcut:
    """One of the app's shortcuts, as its manifest declares it (`features.shortcuts`)."""

    callback_id: str
    name: str
    type: Literal["global", "message"]
    description: str = ""


BOOKING_SHORTCUT = Shortcut(
    "visning_shortcut",
    "Anmäl till visning",
    "global",
    "Öppna formuläret för att anmäla en kontakt till en visning",
)
MESSAGE_SHORTCUT = Shortcut(
    "visning_message",
    "Anmäl till visning",
    "message",
    "Anmäl kontakten i meddelandet; resultatet postas i tråden",
)
"""The shortcuts of visningsbot's manifest.yml; a test keeps the two the same."""


AGNETA = User("U0AGNETA", "agneta.berg", "Agneta Berg", locale="sv-SE", is_admin=True)
JOHN = User("U0JOHN", "john.smith", "John Smith", locale="en-US")
ERIK = User("U0ERIK", "erik.lund", "Erik Lund", locale="sv-SE")
BOT = User("U0BOT", "visningsbot", "Visningsbot", locale="sv-SE", is_bot=True)

_PEOPLE = (AGNETA.id, JOHN.id, ERIK.id)

VISNINGAR = Channel("C0VISNING", "visningar", _PEOPLE)
SALJ_SODER = Channel("C0SALJ", "sälj-söder", (AGNETA.id, ERIK.id))
ALLMANT = Channel("C0ALLMAN", "allmänt", _PEOPLE, bot_is_member=False)
LEDNING = Channel("G0PRIVAT", "ledning", (AGNETA.id, JOHN.id), is_private=True, bot_is_member=False)


@dataclass(frozen=True)
class Workspace:
    """Everything that exists before the first request: the default is Mäklarhuset."""

    team_id: str = "T0VISNING"
    team_name: str = "Mäklarhuset"
    domain: str = "maklarhuset"
    app_id: str = "A0VISNING"
    bot_id: str = "B0VISNING"
    bot_user: User = BOT
    users: tuple[User, ...] = (AGNETA, JOHN, ERIK)
    channels: tuple[Channel, ...] = (VISNINGAR, SALJ_SODER, ALLMANT, LEDNING)
    shortcuts: tuple[Shortcut, ...] = (BOOKING_SHORTCUT, MESSAGE_SHORTCUT)
    """The app's global and message shortcuts: what the shortcut menus offer."""
    chat_write_public: bool = False
    """Whether the app holds `chat:write.public` (post in public channels it has not joined)."""
    verification_token: str = "fakeVerificationToken0"  # noqa: S105 - public, not a credential
    """The deprecated `token` field Slack still puts in every request."""

    def user(self, user_id: str) -> User | None:
        """The user with this id, the bot included."""
        if user_id == self.bot_user.id:
            return self.bot_user
        return next((u for u in self.users if u.id == user_id), None)

    def shortcut(self, callback_id: str, kind: Literal["global", "message"]) -> Shortcut | None:
        """The app's shortcut of this kind with this callback_id."""
        return next(
            (s for s in self.shortcuts if s.callback_id == callback_id and s.type == kind), None
        )

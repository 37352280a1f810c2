"""The form's private_metadata: where the form came from, never personal data."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.language import Language

MAX_METADATA = 3000

ContactMode = Literal["new", "bulk"]


class FormMetadata(BaseModel):
    """What the bot must remember between the form's requests (Slack echoes it back verbatim)."""

    model_config = ConfigDict(frozen=True, extra="ignore", validate_by_name=True)

    channel_id: str | None = Field(default=None, alias="c")
    user_id: str = Field(alias="u")
    customer_id: str = Field(alias="o")
    language: Language = Field(default="sv", alias="l")
    estate_id: str | None = Field(default=None, alias="e")
    """The estate whose slots the form shows (set when the slot select is added)."""
    thread_ts: str | None = Field(default=None, alias="t", pattern=r"^\d{1,12}\.\d{1,8}$")
    """The message whose thread the result is posted in (the message shortcut's form)."""
    reply_url: str | None = Field(default=None, alias="r", max_length=500)
    """The message shortcut's response_url: reaches the channel where the bot is no member."""
    mode: ContactMode | None = Field(default=None, alias="m")
    """How the form names contacts: None one found in Vitec, "new" typed in, "bulk" several."""

    def dump(self) -> str:
        """Serialise compactly; the result always fits Slack's 3000 characters."""
        text = self.model_dump_json(by_alias=True, exclude_none=True)
        if len(text) >= MAX_METADATA:
            raise ValueError("form metadata too large")
        return text

    @classmethod
    def load(cls, raw: str | None) -> FormMetadata | None:
        """Parse metadata echoed by Slack; None when it is missing or not ours."""
        if not raw:
            return None
        try:
            return cls.model_validate_json(raw)
        except ValidationError:
            return None


class UndoMetadata(BaseModel):
    """The undo confirmation's private_metadata: which booking, and where its message is."""

    model_config = ConfigDict(frozen=True, extra="ignore", validate_by_name=True)

    signup_id: int = Field(alias="s")
    response_url: str | None = Field(default=None, alias="r")
    """The confirmation message's response_url, so the message can be replaced once undone."""
    channel_id: str | None = Field(default=None, alias="c")
    language: Language = Field(default="sv", alias="l")
    batch: tuple[int, ...] | None = Field(default=None, alias="b", max_length=10)
    """For a contact of "Anmäl flera": every booking of its message, to rewrite that message."""
    fit: int | None = Field(default=None, alias="f")
    """For "Anmäl flera": how many fit when the slot was checked."""

    def dump(self) -> str:
        """Serialise compactly; the result always fits Slack's 3000 characters."""
        text = self.model_dump_json(by_alias=True, exclude_none=True)
        if len(text) >= MAX_METADATA:
            raise ValueError("undo metadata too large")
        return text

    @classmethod
    def load(cls, raw: str | None) -> UndoMetadata | None:
        """Parse metadata echoed by Slack; None when it is missing or not ours."""
        if not raw:
            return None
        try:
            return cls.model_validate_json(raw)
        except ValidationError:
            return None

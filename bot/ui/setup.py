"""Block Kit of a workspace's Vitec connection: App Home's section, the modal, reading it back."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    DividerBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.ui.formatting import escape_mrkdwn, format_moment, truncate
from bot.ui.ids import ActionId, BlockId, CallbackId
from bot.ui.texts import Catalogue, texts

MAX_USERNAME = 200
MAX_PASSWORD = 200
MAX_OFFICES_TEXT = 1000
MAX_OFFICES = 50
_CUSTOMER_ID = re.compile(r"[A-Za-z]{1,4}[0-9]{1,10}")
_SEPARATORS = re.compile(r"[\s,;]+")
MAX_GROUP = 80
_GROUP = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}|S[A-Z0-9]{2,20}")
"""A user group's handle (without @) or id, as ALLOWED_USERGROUPS takes them."""
_GROUP_ID = re.compile(r"S[A-Z0-9]{2,20}")
_CHANNEL = re.compile(r"[CG][A-Z0-9]{2,20}")
_SECTION_LIMIT = 3000


@dataclass(frozen=True)
class ConnectedOffice:
    """An office as App Home lists it: never its password."""

    customer_id: str
    username: str
    saved_at: datetime


@dataclass(frozen=True)
class ConnectRequest:
    """What the admin typed into "Koppla Vitec", read and checked for form."""

    username: str
    password: str
    offices: tuple[str, ...]
    settings_usergroup: str | None


def setup_blocks(
    offices: Sequence[ConnectedOffice],
    usergroup: str | None,
    language: str,
    channels: Sequence[tuple[str, str]] = (),
) -> list[dict[str, Any]]:
    """App Home's section for those who may change the connection: offices, the button, and
    (with offices) each channel's office and the selects to set one."""
    t = texts(language)
    if offices:
        lines = [t.setup_offices] + [
            t.setup_office_line.format(
                office=escape_mrkdwn(office.customer_id),
                username=escape_mrkdwn(office.username),
                when=format_moment(office.saved_at, t),
            )
            for office in offices
        ]
        listing = "\n".join(lines)
    else:
        listing = t.setup_no_offices
    group = ""
    if usergroup:
        group = f" <!subteam^{usergroup}>" if _GROUP_ID.fullmatch(usergroup) else f" @{usergroup}"
    blocks: list[Block] = [
        DividerBlock(),
        SectionBlock(text=MarkdownTextObject(text=t.setup_title)),
        SectionBlock(text=MarkdownTextObject(text=truncate(listing, _SECTION_LIMIT))),
        ContextBlock(elements=[MarkdownTextObject(text=t.setup_who.format(group=group))]),
        ActionsBlock(
            block_id=BlockId.SETUP_ACTIONS,
            elements=[
                ButtonElement(
                    text=PlainTextObject(text=t.setup_connect_button),
                    action_id=ActionId.CONNECT_VITEC,
                    style="primary",
                )
            ],
        ),
    ]
    if offices:
        blocks += _channel_blocks(offices, channels, t)
    return [block.to_dict() for block in blocks]


def _channel_blocks(
    offices: Sequence[ConnectedOffice], channels: Sequence[tuple[str, str]], t: Catalogue
) -> list[Block]:
    lines = [t.setup_channels.format(office=offices[0].customer_id)] + [
        t.setup_channel_line.format(channel=channel, office=office) for channel, office in channels
    ]
    return [
        SectionBlock(text=MarkdownTextObject(text=truncate("\n".join(lines), _SECTION_LIMIT))),
        ActionsBlock(
            block_id=BlockId.CHANNEL_OFFICE,
            elements=[
                ConversationSelectElement(
                    action_id=ActionId.CHANNEL_OFFICE_CHANNEL,
                    placeholder=PlainTextObject(text=t.setup_channel_pick),
                    filter=ConversationFilter(include=["public", "private"]),
                ),
                StaticSelectElement(
                    action_id=ActionId.CHANNEL_OFFICE,
                    placeholder=PlainTextObject(text=t.setup_office_pick),
                    options=[
                        Option(text=office.customer_id, value=office.customer_id)
                        for office in offices[:100]
                    ],
                ),
            ],
        ),
    ]


def read_channel_office(values: Mapping[str, Any]) -> tuple[str, str] | None:
    """The channel and office chosen in App Home, once both are; None before, or when odd."""
    chosen = values.get(BlockId.CHANNEL_OFFICE)
    if not isinstance(chosen, Mapping):
        return None
    channel = chosen.get(ActionId.CHANNEL_OFFICE_CHANNEL, {})
    office = chosen.get(ActionId.CHANNEL_OFFICE, {})
    channel_id = channel.get("selected_conversation") if isinstance(channel, Mapping) else None
    option = office.get("selected_option") if isinstance(office, Mapping) else None
    customer_id = option.get("value") if isinstance(option, Mapping) else None
    if not isinstance(channel_id, str) or not _CHANNEL.fullmatch(channel_id):
        return None
    if not isinstance(customer_id, str) or not _CUSTOMER_ID.fullmatch(customer_id):
        return None
    return channel_id, customer_id


def not_connected_home(language: str) -> dict[str, Any]:
    """App Home of a workspace whose admin has not connected Vitec, for everyone else."""
    t = texts(language)
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=t.setup_not_connected)),
    ]
    result: dict[str, Any] = View(type="home", blocks=blocks).to_dict()
    return result


def connect_modal(language: str, usergroup: str | None) -> dict[str, Any]:
    """The "Koppla Vitec" modal: user name, password, offices, the group that may change it."""
    t = texts(language)
    group_input = PlainTextInputElement(
        action_id=ActionId.SETTINGS_GROUP,
        max_length=MAX_GROUP,
        initial_value=f"@{usergroup}"
        if usergroup and not _GROUP_ID.fullmatch(usergroup)
        else usergroup,
    )
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=t.setup_modal_intro)),
        InputBlock(
            block_id=BlockId.VITEC_USERNAME,
            label=PlainTextObject(text=t.setup_username_label),
            element=PlainTextInputElement(
                action_id=ActionId.VITEC_USERNAME, max_length=MAX_USERNAME
            ),
        ),
        InputBlock(
            block_id=BlockId.VITEC_PASSWORD,
            label=PlainTextObject(text=t.setup_password_label),
            hint=PlainTextObject(text=t.setup_password_hint),
            element=PlainTextInputElement(
                action_id=ActionId.VITEC_PASSWORD, max_length=MAX_PASSWORD
            ),
        ),
        InputBlock(
            block_id=BlockId.VITEC_OFFICES,
            label=PlainTextObject(text=t.setup_offices_label),
            hint=PlainTextObject(text=t.setup_offices_hint),
            element=PlainTextInputElement(
                action_id=ActionId.VITEC_OFFICES, max_length=MAX_OFFICES_TEXT
            ),
        ),
        InputBlock(
            block_id=BlockId.SETTINGS_GROUP,
            label=PlainTextObject(text=t.setup_group_label),
            hint=PlainTextObject(text=t.setup_group_hint),
            element=group_input,
            optional=True,
        ),
    ]
    view = View(
        type="modal",
        callback_id=CallbackId.CONNECT_VITEC,
        title=PlainTextObject(text=t.setup_modal_title),
        submit=PlainTextObject(text=t.setup_modal_submit),
        close=PlainTextObject(text=t.form_close),
        blocks=blocks,
        private_metadata=language,
    )
    result: dict[str, Any] = view.to_dict()
    return result


def read_connect(values: Mapping[str, Any], language: str) -> ConnectRequest | dict[str, str]:
    """The modal's values, or the inline errors (block id to sentence) to answer with."""
    t = texts(language)
    errors: dict[str, str] = {}
    username = _text(values, BlockId.VITEC_USERNAME, ActionId.VITEC_USERNAME).strip()
    password = _text(values, BlockId.VITEC_PASSWORD, ActionId.VITEC_PASSWORD)
    offices_text = _text(values, BlockId.VITEC_OFFICES, ActionId.VITEC_OFFICES)
    for block, value, limit in (
        (BlockId.VITEC_USERNAME, username, MAX_USERNAME),
        (BlockId.VITEC_PASSWORD, password, MAX_PASSWORD),
        (BlockId.VITEC_OFFICES, offices_text, MAX_OFFICES_TEXT),
    ):
        if not value.strip():
            errors[block] = t.setup_error_required
        elif len(value) > limit:
            errors[block] = t.setup_error_too_long.format(limit=limit)
    offices: list[str] = []
    if BlockId.VITEC_OFFICES not in errors:
        for item in _SEPARATORS.split(offices_text.strip()):
            if not _CUSTOMER_ID.fullmatch(item):
                errors[BlockId.VITEC_OFFICES] = t.setup_error_office_id.format(
                    office=truncate(item, 30)
                )
                break
            if item.upper() not in offices:
                offices.append(item.upper())
        else:
            if len(offices) > MAX_OFFICES:
                errors[BlockId.VITEC_OFFICES] = t.setup_error_too_many_offices.format(
                    limit=MAX_OFFICES
                )
    if errors:
        return errors
    group_text = _text(values, BlockId.SETTINGS_GROUP, ActionId.SETTINGS_GROUP).strip()
    group = group_text.removeprefix("@") or None
    if group is not None and not _GROUP.fullmatch(group):
        return {BlockId.SETTINGS_GROUP: t.setup_error_group}
    return ConnectRequest(
        username=username, password=password, offices=tuple(offices), settings_usergroup=group
    )


def _text(values: Mapping[str, Any], block: str, action: str) -> str:
    field = values.get(block, {}).get(action, {})
    value = field.get("value") if isinstance(field, Mapping) else None
    return value if isinstance(value, str) else ""

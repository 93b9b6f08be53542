"""Website inboxes: the live-chat widget's channel, created and configured by administrators."""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.audit import record_audit
from chatlake.actions.checks import check_text, check_url
from chatlake.actions.working_hours import apply_inbox_settings
from chatlake.auth.actor import Actor
from chatlake.crypto import new_token
from chatlake.errors import InvalidField, Unauthorized
from chatlake.events import types
from chatlake.events.outbox import record_event
from chatlake.models import ChannelWebWidget, Inbox
from chatlake.models.inbox import CHANNEL_WEB_WIDGET
from chatlake.models.web_widget import DEFAULT_WIDGET_COLOR, REPLY_TIMES
from chatlake.presenters.inboxes import inbox_json

COLOR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
PRE_CHAT_FIELDS = ("fullName", "emailAddress", "phoneNumber")
DEFAULT_PRE_CHAT_OPTIONS = {
    "pre_chat_message": "Share your queries or comments here.",
    "pre_chat_fields": [
        {"name": "emailAddress", "label": "Email Id", "type": "email", "required": True, "enabled": True},
        {"name": "fullName", "label": "Full name", "type": "text", "required": False, "enabled": True},
    ],
}
# Inbox-level settings a website inbox takes at creation too (Chatwoot's form sends them with the channel).
CREATE_FLAGS = ("greeting_enabled", "enable_email_collect", "csat_survey_enabled", "working_hours_enabled")
CREATE_TEXTS = ("greeting_message", "out_of_office_message", "timezone")


def _bool(value, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidField(f"{field} must be true or false", [field])
    return value


def check_color(value, field: str = "channel.widget_color") -> str:
    if not isinstance(value, str) or not COLOR_RE.match(value):
        raise InvalidField("Widget color must be a hex color like #1f93ff", [field])
    return value.lower()


def check_pre_chat_options(value) -> dict:
    field = "channel.pre_chat_form_options"
    if not isinstance(value, dict):
        raise InvalidField("pre_chat_form_options must be an object", [field])
    message = value.get("pre_chat_message")
    if message is not None and not isinstance(message, str):
        raise InvalidField("pre_chat_message must be text", [field])
    fields = value.get("pre_chat_fields", DEFAULT_PRE_CHAT_OPTIONS["pre_chat_fields"])
    if not isinstance(fields, list):
        raise InvalidField("pre_chat_fields must be a list", [field])
    checked = []
    for item in fields:
        if not isinstance(item, dict) or item.get("name") not in PRE_CHAT_FIELDS:
            raise InvalidField(f"pre_chat_fields names one of {', '.join(PRE_CHAT_FIELDS)}", [field])
        label = item.get("label") if isinstance(item.get("label"), str) else item["name"]
        checked.append(
            {
                "name": item["name"],
                "label": label[:255],
                "type": {"emailAddress": "email", "phoneNumber": "text"}.get(item["name"], "text"),
                "required": bool(item.get("required", False)),
                "enabled": bool(item.get("enabled", True)),
            }
        )
    return {"pre_chat_message": (check_text(message, "pre_chat_message", 1000) or ""), "pre_chat_fields": checked}


def apply_widget_fields(widget: ChannelWebWidget, channel: dict) -> None:
    """Every website setting the caller sent, checked before it is set."""
    if "website_url" in channel:
        widget.website_url = check_url(channel["website_url"], "website_url")
    if "widget_color" in channel:
        widget.widget_color = check_color(channel["widget_color"])
    if "welcome_title" in channel:
        widget.welcome_title = check_text(channel["welcome_title"], "welcome_title")
    if "welcome_tagline" in channel:
        widget.welcome_tagline = check_text(channel["welcome_tagline"], "welcome_tagline", max_length=1000)
    if "reply_time" in channel:
        if channel["reply_time"] not in REPLY_TIMES:
            raise InvalidField(f"reply_time must be one of {', '.join(REPLY_TIMES)}", ["channel.reply_time"])
        widget.reply_time = REPLY_TIMES[channel["reply_time"]]
    if "pre_chat_form_enabled" in channel:
        widget.pre_chat_form_enabled = _bool(channel["pre_chat_form_enabled"], "channel.pre_chat_form_enabled")
    if "pre_chat_form_options" in channel:
        widget.pre_chat_form_options = check_pre_chat_options(channel["pre_chat_form_options"])
    if "hmac_mandatory" in channel:
        widget.hmac_mandatory = _bool(channel["hmac_mandatory"], "channel.hmac_mandatory")


async def do_create_web_widget_inbox(
    session: AsyncSession, actor: Actor, *, name, channel: dict
) -> tuple[Inbox, ChannelWebWidget]:
    if not actor.is_administrator:
        raise Unauthorized("You are not authorized to do this action")
    name = check_text(name, "name", required=True)
    if not check_url(channel.get("website_url"), "website_url"):
        raise InvalidField("Website url can't be blank", ["website_url"])
    widget = ChannelWebWidget(
        account_id=actor.account_id,
        website_token=new_token(18),
        hmac_token=new_token(18),
        hmac_mandatory=False,
        widget_color=DEFAULT_WIDGET_COLOR,
        reply_time=REPLY_TIMES["in_a_few_minutes"],
        pre_chat_form_enabled=False,
        pre_chat_form_options=dict(DEFAULT_PRE_CHAT_OPTIONS),
    )
    apply_widget_fields(widget, channel)
    inbox = Inbox(account_id=actor.account_id, name=name, channel_type=CHANNEL_WEB_WIDGET, auto_assignment_config={})
    for flag in (*CREATE_FLAGS, "enable_auto_assignment", "lock_to_single_conversation"):
        if flag in channel:
            setattr(inbox, flag, _bool(channel[flag], flag))
    for text_field in CREATE_TEXTS:
        if text_field in channel:
            setattr(inbox, text_field, check_text(channel[text_field], text_field, max_length=10_000))
    # Working hours and the time zone live on the inbox, as for every channel (actions/working_hours.py).
    apply_inbox_settings(inbox, {key: channel[key] for key in ("working_hours", "timezone") if key in channel})
    session.add(widget)
    await session.flush()
    inbox.channel_id = widget.id
    session.add(inbox)
    await session.flush()
    await record_event(
        session,
        types.InboxCreated.model_validate(inbox_json(inbox, None, widget=widget)),
        account_id=actor.account_id,
        inbox_id=inbox.id,
    )
    await record_audit(
        session, actor, "create", inbox, {"name": inbox.name, "channel_type": inbox.channel_type, **_audited(widget)}
    )
    return inbox, widget


def _audited(widget: ChannelWebWidget) -> dict:
    """What the audit log keeps of a website channel: its settings, never its HMAC token."""
    return {"website_url": widget.website_url, "hmac_mandatory": widget.hmac_mandatory}

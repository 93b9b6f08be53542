from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.audit import changes_between, record_audit
from chatlake.actions.checks import check_text, check_url
from chatlake.actions.web_widget_inboxes import apply_widget_fields, do_create_web_widget_inbox
from chatlake.actions.working_hours import apply_inbox_settings
from chatlake.auth.actor import Actor
from chatlake.crypto import new_token
from chatlake.errors import InvalidField, Unauthorized
from chatlake.events import types
from chatlake.events.outbox import record_event
from chatlake.models import ChannelApi, Inbox
from chatlake.models.inbox import CHANNEL_API
from chatlake.presenters.inboxes import inbox_json
from chatlake.queries.web_widgets import widget_of

SUPPORTED_CHANNELS = ("api", "web_widget")


async def do_create_inbox(
    session: AsyncSession, actor: Actor, *, name: str | None, channel: dict | None
) -> tuple[Inbox, ChannelApi | None]:
    """An API inbox, or a website inbox (answered with no API channel: see queries.web_widgets)."""
    if not actor.is_administrator:
        raise Unauthorized("You are not authorized to do this action")
    name = check_text(name, "name", required=True)
    channel = channel or {}
    if not isinstance(channel, dict):
        raise InvalidField("channel must be an object", ["channel"])
    channel_type = channel.get("type")
    if channel_type not in SUPPORTED_CHANNELS:
        raise InvalidField(f"channel.type must be one of {', '.join(SUPPORTED_CHANNELS)}", ["channel.type"])
    if channel_type == "web_widget":
        inbox, _widget = await do_create_web_widget_inbox(session, actor, name=name, channel=channel)
        return inbox, None
    hmac_mandatory = channel.get("hmac_mandatory", False)
    if not isinstance(hmac_mandatory, bool):
        raise InvalidField("channel.hmac_mandatory must be true or false", ["channel.hmac_mandatory"])
    api_channel = ChannelApi(
        account_id=actor.account_id,
        webhook_url=check_url(channel.get("webhook_url"), "webhook_url"),
        identifier=new_token(18),
        hmac_token=new_token(18),
        hmac_mandatory=hmac_mandatory,
        secret=new_token(24),
        additional_attributes={},
    )
    session.add(api_channel)
    await session.flush()
    inbox = Inbox(
        account_id=actor.account_id,
        name=name,
        channel_type=CHANNEL_API,
        channel_id=api_channel.id,
        auto_assignment_config={},
    )
    for flag in ("enable_auto_assignment", "greeting_enabled", "lock_to_single_conversation"):
        if isinstance(channel.get(flag), bool):
            setattr(inbox, flag, channel[flag])
    session.add(inbox)
    await session.flush()
    await record_event(
        session,
        types.InboxCreated.model_validate(inbox_json(inbox, api_channel)),
        account_id=actor.account_id,
        inbox_id=inbox.id,
    )
    await record_audit(session, actor, "create", inbox, _audited(inbox, api_channel))
    return inbox, api_channel


def _audited(inbox: Inbox, channel: ChannelApi | None) -> dict:
    """What the audit log keeps of an inbox: settings, never its secrets."""
    audited = {"name": inbox.name, "channel_type": inbox.channel_type}
    audited.update({flag: getattr(inbox, flag) for flag in INBOX_FLAGS})
    if channel is not None:
        audited.update(webhook_url=channel.webhook_url, hmac_mandatory=channel.hmac_mandatory)
    return audited


INBOX_FLAGS = (
    "enable_auto_assignment",
    "greeting_enabled",
    "working_hours_enabled",
    "enable_email_collect",
    "csat_survey_enabled",
    "allow_messages_after_resolved",
    "lock_to_single_conversation",
)
INBOX_TEXTS = ("greeting_message", "out_of_office_message", "timezone")


async def do_update_inbox(
    session: AsyncSession, actor: Actor, inbox: Inbox, channel: ChannelApi | None, fields: dict
) -> Inbox:
    if not actor.is_administrator:
        raise Unauthorized("You are not authorized to do this action")
    widget = await widget_of(session, inbox)
    before = inbox_json(inbox, channel, widget=widget)
    audited_before = _audited(inbox, channel)
    if "name" in fields:
        inbox.name = check_text(fields["name"], "name", required=True)
    for flag in INBOX_FLAGS:
        if flag in fields:
            if not isinstance(fields[flag], bool):
                raise InvalidField(f"{flag} must be true or false", [flag])
            setattr(inbox, flag, fields[flag])
    for text_field in INBOX_TEXTS:
        if text_field in fields:
            setattr(inbox, text_field, check_text(fields[text_field], text_field, max_length=10_000))
    apply_inbox_settings(inbox, fields)
    channel_fields = fields.get("channel") or {}
    if not isinstance(channel_fields, dict):
        raise InvalidField("channel must be an object", ["channel"])
    if channel is not None:
        if "webhook_url" in channel_fields:
            url = check_url(channel_fields["webhook_url"], "webhook_url")
            if url != channel.webhook_url:
                # A new address is a fresh start for an endpoint that had been disabled (410 Gone).
                channel.webhook_disabled_at = None
            channel.webhook_url = url
        if "hmac_mandatory" in channel_fields:
            if not isinstance(channel_fields["hmac_mandatory"], bool):
                raise InvalidField("channel.hmac_mandatory must be true or false", ["channel.hmac_mandatory"])
            channel.hmac_mandatory = channel_fields["hmac_mandatory"]
    if widget is not None:
        apply_widget_fields(widget, channel_fields)
    await session.flush()
    after = inbox_json(inbox, channel, widget=widget)
    changed = [
        {key: {"previous_value": before[key], "current_value": after[key]}}
        for key in after
        if before.get(key) != after[key]
    ]
    if changed:
        await record_event(
            session,
            types.InboxUpdated.model_validate({**after, "changed_attributes": changed}),
            account_id=actor.account_id,
            inbox_id=inbox.id,
        )
    audited = changes_between(audited_before, _audited(inbox, channel))
    if audited:
        await record_audit(session, actor, "update", inbox, audited)
    return inbox

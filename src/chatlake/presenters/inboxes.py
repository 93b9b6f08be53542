from __future__ import annotations

from chatlake.models import ChannelApi, ChannelWebWidget, Inbox
from chatlake.presenters.web_widgets import web_widget_fields
from chatlake.working_week import DEFAULT_WEEK


def inbox_json(
    inbox: Inbox, channel: ChannelApi | None, *, with_secrets: bool = False, widget: ChannelWebWidget | None = None
) -> dict:
    body = {
        "id": inbox.id,
        "avatar_url": inbox.avatar_url or "",
        "channel_id": inbox.channel_id,
        "name": inbox.name,
        "channel_type": inbox.channel_type,
        "greeting_enabled": inbox.greeting_enabled,
        "greeting_message": inbox.greeting_message,
        "working_hours_enabled": inbox.working_hours_enabled,
        "enable_email_collect": inbox.enable_email_collect,
        "csat_survey_enabled": inbox.csat_survey_enabled,
        "enable_auto_assignment": inbox.enable_auto_assignment,
        "auto_assignment_config": inbox.auto_assignment_config or {},
        "out_of_office_message": inbox.out_of_office_message,
        "working_hours": list(inbox.working_hours or DEFAULT_WEEK),
        "timezone": inbox.timezone,
        "callback_webhook_url": None,
        "allow_messages_after_resolved": inbox.allow_messages_after_resolved,
        "lock_to_single_conversation": inbox.lock_to_single_conversation,
        "sender_name_type": "friendly",
        "business_name": None,
        # Fields of other channel types, present (null) so clients that read them do not break.
        "widget_color": None,
        "website_url": None,
        "website_token": None,
        "web_widget_script": None,
        "welcome_title": None,
        "welcome_tagline": None,
        "reply_time": None,
        "phone_number": None,
        "provider": None,
    }
    if channel is not None:
        body.update(
            webhook_url=channel.webhook_url,
            inbox_identifier=channel.identifier,
            hmac_mandatory=channel.hmac_mandatory,
            additional_attributes=channel.additional_attributes or {},
        )
        if with_secrets:
            body.update(hmac_token=channel.hmac_token, secret=channel.secret)
    if widget is not None:
        body.update(web_widget_fields(widget, with_secrets=with_secrets))
    return body


def inbox_brief(inbox: Inbox) -> dict:
    return {"id": inbox.id, "name": inbox.name}

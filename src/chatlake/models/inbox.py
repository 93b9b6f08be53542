from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, EncryptedString, JSONType, Timestamps, UTCDateTime

CHANNEL_API = "Channel::Api"
CHANNEL_WEB_WIDGET = "Channel::WebWidget"


class ChannelApi(Timestamps, Base):
    __tablename__ = "channel_api"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    webhook_url: Mapped[str | None] = mapped_column(String(2048))
    # Public id of the inbox in client-API URLs: not a secret, so stored plain and unique.
    identifier: Mapped[str] = mapped_column(String(64), unique=True)
    hmac_token: Mapped[str] = mapped_column(EncryptedString)
    hmac_mandatory: Mapped[bool] = mapped_column(default=False)
    secret: Mapped[str] = mapped_column(EncryptedString)
    additional_attributes: Mapped[dict] = mapped_column(JSONType, default=dict)
    # Set when the receiver answered 410 Gone: deliveries stop until the URL is changed.
    webhook_disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Inbox(Timestamps, Base):
    __tablename__ = "inboxes"
    __table_args__ = (Index(None, "account_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    channel_type: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[int] = mapped_column()
    avatar_url: Mapped[str | None] = mapped_column(String(2048))
    enable_auto_assignment: Mapped[bool] = mapped_column(default=True)
    greeting_enabled: Mapped[bool] = mapped_column(default=False)
    greeting_message: Mapped[str | None] = mapped_column(Text)
    working_hours_enabled: Mapped[bool] = mapped_column(default=False)
    out_of_office_message: Mapped[str | None] = mapped_column(Text)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    enable_email_collect: Mapped[bool] = mapped_column(default=True)
    csat_survey_enabled: Mapped[bool] = mapped_column(default=False)
    allow_messages_after_resolved: Mapped[bool] = mapped_column(default=True)
    lock_to_single_conversation: Mapped[bool] = mapped_column(default=False)
    auto_assignment_config: Mapped[dict] = mapped_column(JSONType, default=dict)
    # Chatwoot's seven working_hours rows, kept on the inbox row: the message path has it loaded already.
    # None: never set (the presenter shows Chatwoot's default week).
    working_hours: Mapped[list | None] = mapped_column(JSONType)


class InboxMember(Timestamps, Base):
    __tablename__ = "inbox_members"
    __table_args__ = (UniqueConstraint("account_id", "inbox_id", "user_id"), Index(None, "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    inbox_id: Mapped[int] = mapped_column(ForeignKey("inboxes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # When auto-assignment last gave this member a conversation of the inbox: the least recent goes next.
    last_assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

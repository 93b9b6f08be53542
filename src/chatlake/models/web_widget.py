"""The website channel: a live-chat widget embedded on the business's site."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, EncryptedString, JSONType, Timestamps

REPLY_TIMES = {"in_a_few_minutes": 0, "in_a_few_hours": 1, "in_a_day": 2}
REPLY_TIME_NAMES = {v: k for k, v in REPLY_TIMES.items()}
DEFAULT_WIDGET_COLOR = "#1f93ff"


class ChannelWebWidget(Timestamps, Base):
    __tablename__ = "channel_web_widgets"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    website_url: Mapped[str | None] = mapped_column(String(2048))
    # Public: it is in the embed snippet of every page of the site, and names the inbox in widget URLs.
    website_token: Mapped[str] = mapped_column(String(64), unique=True)
    hmac_token: Mapped[str] = mapped_column(EncryptedString)
    hmac_mandatory: Mapped[bool] = mapped_column(default=False)
    widget_color: Mapped[str] = mapped_column(String(16), default=DEFAULT_WIDGET_COLOR)
    welcome_title: Mapped[str | None] = mapped_column(String(255))
    welcome_tagline: Mapped[str | None] = mapped_column(Text)
    reply_time: Mapped[int] = mapped_column(Integer, default=0)
    pre_chat_form_enabled: Mapped[bool] = mapped_column(default=False)
    # {"pre_chat_message": str, "pre_chat_fields": [{"name": "emailAddress"|"fullName", "required": bool, ...}]}
    pre_chat_form_options: Mapped[dict] = mapped_column(JSONType, default=dict)

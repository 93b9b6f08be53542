"""Agent bots: webhook bots that answer conversations of the inboxes they are connected to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, EncryptedString, JSONType, Timestamps, UTCDateTime

BOT_TYPES = {"webhook": 0}
BOT_TYPE_NAMES = {v: k for k, v in BOT_TYPES.items()}
BOT_INBOX_STATUSES = {"active": 0, "inactive": 1}


class AgentBot(Timestamps, Base):
    """`account_id` NULL is a system bot (offered to every account, managed by the installation)."""

    __tablename__ = "agent_bots"
    __table_args__ = (Index(None, "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    outgoing_url: Mapped[str | None] = mapped_column(String(2048))
    avatar_url: Mapped[str | None] = mapped_column(String(2048))
    bot_type: Mapped[int] = mapped_column(Integer, default=0)
    bot_config: Mapped[dict] = mapped_column(JSONType, default=dict)
    # Signs the events sent to outgoing_url, as webhook secrets do.
    secret: Mapped[str] = mapped_column(EncryptedString)
    # Set when outgoing_url answered 410 Gone: deliveries stop until the URL is changed.
    outgoing_disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AgentBotInbox(Timestamps, Base):
    """An inbox's bot (at most one per inbox, as in Chatwoot)."""

    __tablename__ = "agent_bot_inboxes"
    __table_args__ = (UniqueConstraint("account_id", "inbox_id"), Index(None, "agent_bot_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    inbox_id: Mapped[int] = mapped_column(ForeignKey("inboxes.id", ondelete="CASCADE"))
    agent_bot_id: Mapped[int] = mapped_column(ForeignKey("agent_bots.id", ondelete="CASCADE"))
    status: Mapped[int] = mapped_column(Integer, default=0)

"""In-app notifications of one user in one account (Chatwoot's notifications table)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, JSONType, Timestamps, UTCDateTime, utcnow

# Chatwoot's integers (the SLA kinds are enterprise-only and not produced here).
NOTIFICATION_TYPES = {
    "conversation_creation": 1,
    "conversation_assignment": 2,
    "assigned_conversation_new_message": 3,
    "conversation_mention": 4,
    "participating_conversation_new_message": 5,
}
NOTIFICATION_TYPE_NAMES = {v: k for k, v in NOTIFICATION_TYPES.items()}


class Notification(Timestamps, Base):
    __tablename__ = "notifications"
    __table_args__ = (Index(None, "account_id", "user_id", "last_activity_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    notification_type: Mapped[int] = mapped_column(Integer)
    # Always a conversation; a deleted conversation takes its notifications with it.
    primary_actor_type: Mapped[str] = mapped_column(String(32), default="Conversation")
    primary_actor_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    # Who or what caused it: the assigning User, or the new or mentioning Message.
    secondary_actor_type: Mapped[str | None] = mapped_column(String(32))
    secondary_actor_id: Mapped[int | None] = mapped_column(Integer)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    meta: Mapped[dict] = mapped_column(JSONType, default=dict)

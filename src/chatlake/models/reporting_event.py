from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, Timestamps, UTCDateTime

# What the actions record (Chatwoot's names). Bots do not exist yet, so neither do their events.
FIRST_RESPONSE = "first_response"
REPLY_TIME = "reply_time"
CONVERSATION_RESOLVED = "conversation_resolved"
CONVERSATION_OPENED = "conversation_opened"
REPORTING_EVENT_NAMES = (FIRST_RESPONSE, REPLY_TIME, CONVERSATION_RESOLVED, CONVERSATION_OPENED)


class ReportingEvent(Timestamps, Base):
    """One measured moment of a conversation (a first response, a resolution...), written with the change.

    `value` is in seconds; `created_at` is when it happened, and is what reports bucket by.
    """

    __tablename__ = "reporting_events"
    __table_args__ = (
        Index(None, "account_id", "name", "created_at"),
        Index(None, "account_id", "created_at"),
        Index(None, "account_id", "conversation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    # Inboxes have no working-hours calendar yet, so this equals `value` (see docs/api.md, Reports).
    value_in_business_hours: Mapped[float] = mapped_column(Float)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    inbox_id: Mapped[int | None] = mapped_column(ForeignKey("inboxes.id", ondelete="CASCADE"))
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    event_start_time: Mapped[datetime] = mapped_column(UTCDateTime)
    event_end_time: Mapped[datetime] = mapped_column(UTCDateTime)

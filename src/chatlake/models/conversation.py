from __future__ import annotations

import uuid as uuid_lib
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, JSONType, Timestamps, UTCDateTime, utcnow

STATUSES = {"open": 0, "resolved": 1, "pending": 2, "snoozed": 3}
STATUS_NAMES = {v: k for k, v in STATUSES.items()}
PRIORITIES = {"low": 0, "medium": 1, "high": 2, "urgent": 3}
PRIORITY_NAMES = {v: k for k, v in PRIORITIES.items()}


class Conversation(Timestamps, Base):
    __tablename__ = "conversations"
    __table_args__ = (
        UniqueConstraint("account_id", "display_id"),
        Index(None, "account_id", "status", "last_activity_at"),
        Index(None, "account_id", "inbox_id", "last_activity_at"),
        Index(None, "account_id", "assignee_id"),
        Index(None, "account_id", "contact_id"),
        # Reports count conversations started in a range.
        Index(None, "account_id", "created_at"),
        # The worker reopens snoozed conversations whose time has come, across accounts.
        Index(None, "status", "snoozed_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    display_id: Mapped[int] = mapped_column(Integer)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid_lib.uuid4()))
    inbox_id: Mapped[int] = mapped_column(ForeignKey("inboxes.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    contact_inbox_id: Mapped[int] = mapped_column(ForeignKey("contact_inboxes.id", ondelete="CASCADE"))
    status: Mapped[int] = mapped_column(Integer, default=0)
    priority: Mapped[int | None] = mapped_column(Integer)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    identifier: Mapped[str | None] = mapped_column(String(255))
    additional_attributes: Mapped[dict] = mapped_column(JSONType, default=dict)
    custom_attributes: Mapped[dict] = mapped_column(JSONType, default=dict)
    cached_label_list: Mapped[str] = mapped_column(Text, default="")
    muted: Mapped[bool] = mapped_column(default=False)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_reply_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agent_last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assignee_last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contact_last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, JSONType, Timestamps, UTCDateTime

CONTACT_TYPES = {"visitor": 0, "lead": 1, "customer": 2}


class Contact(Timestamps, Base):
    __tablename__ = "contacts"
    __table_args__ = (
        UniqueConstraint("account_id", "email"),
        UniqueConstraint("account_id", "identifier"),
        UniqueConstraint("account_id", "phone_number"),
        Index(None, "account_id", "last_activity_at"),
        Index(None, "account_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255), default="")
    email: Mapped[str | None] = mapped_column(String(255))
    phone_number: Mapped[str | None] = mapped_column(String(32))
    identifier: Mapped[str | None] = mapped_column(String(255))
    avatar_url: Mapped[str | None] = mapped_column(String(2048))
    additional_attributes: Mapped[dict] = mapped_column(JSONType, default=dict)
    custom_attributes: Mapped[dict] = mapped_column(JSONType, default=dict)
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contact_type: Mapped[int] = mapped_column(Integer, default=0)
    blocked: Mapped[bool] = mapped_column(default=False)
    # ",a,b," (as conversations.cached_label_list), so one LIKE finds a whole label.
    cached_label_list: Mapped[str] = mapped_column(Text, default="", server_default="")


class ContactInbox(Timestamps, Base):
    """A contact's session on one inbox, named by source_id."""

    __tablename__ = "contact_inboxes"
    __table_args__ = (
        UniqueConstraint("account_id", "inbox_id", "source_id"),
        Index(None, "account_id", "contact_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    inbox_id: Mapped[int] = mapped_column(ForeignKey("inboxes.id", ondelete="CASCADE"))
    source_id: Mapped[str] = mapped_column(String(255))
    hmac_verified: Mapped[bool] = mapped_column(default=False)
    pubsub_token: Mapped[str] = mapped_column(String(64), unique=True)

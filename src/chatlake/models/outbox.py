"""Domain events and their webhook deliveries, both written in the transaction of the change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, EncryptedString, JSONType, UTCDateTime, utcnow


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("account_id", "cursor"), Index(None, "account_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    # Per-account position in the event stream: real-time clients resume from it.
    cursor: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(64))
    inbox_id: Mapped[int | None] = mapped_column(Integer)
    conversation_id: Mapped[int | None] = mapped_column(Integer)
    # The webhook body, rendered when the event happened so it shows the state of that moment.
    payload: Mapped[dict] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


DELIVERY_PENDING = "pending"
DELIVERY_DELIVERED = "delivered"
DELIVERY_FAILED = "failed"
DELIVERY_DISCARDED = "discarded"  # the endpoint was disabled (e.g. it answered 410 Gone)
_PENDING = text("status = 'pending'")


class WebhookDelivery(Base):
    """One event to one endpoint; the worker sends it at least once, in order per ordering_key."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index(None, "status", "next_attempt_at"),
        Index(None, "ordering_key", "id"),
        Index(None, "account_id", "target_kind", "target_id", "id"),
        # Only the queue, not the history: what the worker's claims read (migration 0017).
        Index("ix_webhook_deliveries_pending_id", "id", sqlite_where=_PENDING, postgresql_where=_PENDING),
        Index(
            "ix_webhook_deliveries_pending_key",
            "ordering_key",
            "id",
            sqlite_where=_PENDING,
            postgresql_where=_PENDING,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    delivery_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    target_kind: Mapped[str] = mapped_column(String(16))  # "api_inbox" | "webhook"
    target_id: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(String(2048))
    # Deliveries sharing a key go out strictly one after another (one conversation to one endpoint).
    ordering_key: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default=DELIVERY_PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_response_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_latency_ms: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When to stop retrying: most events for a day, typing indicators within a minute.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Webhook(Base):
    """An account webhook: receives the events it subscribes to, for every inbox of the account."""

    __tablename__ = "webhooks"
    __table_args__ = (UniqueConstraint("account_id", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    inbox_id: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(String(255))
    url: Mapped[str] = mapped_column(String(2048))
    subscriptions: Mapped[list] = mapped_column(JSONType, default=list)
    secret: Mapped[str] = mapped_column(EncryptedString)
    webhook_type: Mapped[int] = mapped_column(Integer, default=0)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disabled_reason: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

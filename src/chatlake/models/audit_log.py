from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, JSONType, UTCDateTime, utcnow


class AuditLog(Base):
    """One administrative change, written in the change's own transaction. The actor is copied (id and
    email) rather than referenced, so the record outlives the user."""

    __tablename__ = "audit_logs"
    __table_args__ = (
        Index(None, "account_id", "id"),
        Index(None, "account_id", "auditable_type", "auditable_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    auditable_type: Mapped[str] = mapped_column(String(64))
    auditable_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))  # create | update | destroy | sign_in
    audited_changes: Mapped[dict] = mapped_column(JSONType, default=dict)
    user_id: Mapped[int | None] = mapped_column(Integer)
    user_type: Mapped[str | None] = mapped_column(String(32))
    username: Mapped[str | None] = mapped_column(String(255))
    remote_address: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

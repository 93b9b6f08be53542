from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, EncryptedString, JSONType, Timestamps


class AutomationRule(Timestamps, Base):
    """When `event_name` happens and `conditions` hold, run `actions` (each through the actions layer)."""

    __tablename__ = "automation_rules"
    __table_args__ = (Index(None, "account_id", "event_name", "active"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    event_name: Mapped[str] = mapped_column(String(64))
    conditions: Mapped[list] = mapped_column(JSONType, default=list)
    actions: Mapped[list] = mapped_column(JSONType, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    # Signs what its send_webhook_event actions post, so receivers can check the sender.
    secret: Mapped[str] = mapped_column(EncryptedString)

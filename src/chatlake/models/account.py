from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, JSONType, Timestamps

ACCOUNT_STATUSES = {"active": 0, "suspended": 1}


class Account(Timestamps, Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(16), default="en")
    domain: Mapped[str | None] = mapped_column(String(255))
    support_email: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[int] = mapped_column(Integer, default=0)
    # Last conversation number handed out: display ids are per account, start at 1, never reused.
    conversation_seq: Mapped[int] = mapped_column(Integer, default=0)
    # Last event cursor handed out; taken with the row lock, so cursors follow commit order.
    event_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    settings: Mapped[dict] = mapped_column(JSONType, default=dict)
    custom_attributes: Mapped[dict] = mapped_column(JSONType, default=dict)
    # Usage limits a platform app sets (Chatwoot's `limits`); kept and answered, not enforced.
    limits: Mapped[dict] = mapped_column(JSONType, default=dict, server_default="{}")

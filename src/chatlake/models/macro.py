"""Macros (saved action lists run on conversations) and conversation participants."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, JSONType, Timestamps

# Chatwoot's integers: a personal macro is seen and run only by its author; a global one by every member.
MACRO_VISIBILITIES = {"personal": 0, "global": 1}
MACRO_VISIBILITY_NAMES = {v: k for k, v in MACRO_VISIBILITIES.items()}


class Macro(Timestamps, Base):
    __tablename__ = "macros"
    __table_args__ = (Index(None, "account_id", "visibility"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    visibility: Mapped[int] = mapped_column(Integer, default=0)
    actions: Mapped[list] = mapped_column(JSONType, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ConversationParticipant(Timestamps, Base):
    """An agent following a conversation (Chatwoot's "participating" list and notifications)."""

    __tablename__ = "conversation_participants"
    __table_args__ = (UniqueConstraint("account_id", "conversation_id", "user_id"), Index(None, "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))

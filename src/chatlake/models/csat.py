"""Customer-satisfaction answers to the survey posted when a conversation is resolved."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, Timestamps


class CsatSurveyResponse(Timestamps, Base):
    __tablename__ = "csat_survey_responses"
    __table_args__ = (
        UniqueConstraint("account_id", "message_id"),
        Index(None, "account_id", "created_at"),
        Index(None, "account_id", "conversation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    # The agent the conversation was assigned to when it was rated (reports group by it).
    assigned_agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rating: Mapped[int] = mapped_column(Integer)
    feedback_message: Mapped[str | None] = mapped_column(Text)

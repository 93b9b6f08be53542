from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, JSONType, Timestamps

MESSAGE_TYPES = {"incoming": 0, "outgoing": 1, "activity": 2, "template": 3}
MESSAGE_TYPE_NAMES = {v: k for k, v in MESSAGE_TYPES.items()}
CONTENT_TYPES = {
    name: i
    for i, name in enumerate(
        [
            "text",
            "input_text",
            "input_textarea",
            "input_email",
            "input_select",
            "cards",
            "form",
            "article",
            "incoming_email",
            "input_csat",
            "integrations",
            "sticker",
            "voice_call",
        ]
    )
}
CONTENT_TYPE_NAMES = {v: k for k, v in CONTENT_TYPES.items()}
MESSAGE_STATUSES = {"sent": 0, "delivered": 1, "read": 2, "failed": 3}
MESSAGE_STATUS_NAMES = {v: k for k, v in MESSAGE_STATUSES.items()}
MAX_CONTENT_LENGTH = 150_000


class Message(Timestamps, Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index(None, "conversation_id", "id"),
        Index(None, "account_id", "created_at"),
        Index(None, "account_id", "conversation_id", "echo_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    inbox_id: Mapped[int] = mapped_column(ForeignKey("inboxes.id", ondelete="CASCADE"))
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    message_type: Mapped[int] = mapped_column(Integer)
    content: Mapped[str | None] = mapped_column(Text)
    private: Mapped[bool] = mapped_column(default=False)
    status: Mapped[int] = mapped_column(Integer, default=0)
    content_type: Mapped[int] = mapped_column(Integer, default=0)
    content_attributes: Mapped[dict] = mapped_column(JSONType, default=dict)
    additional_attributes: Mapped[dict] = mapped_column(JSONType, default=dict)
    # Polymorphic sender: "Contact", "User", "AgentBot", or NULL for system activity.
    sender_type: Mapped[str | None] = mapped_column(String(32))
    sender_id: Mapped[int | None] = mapped_column(Integer)
    source_id: Mapped[str | None] = mapped_column(String(255))
    echo_id: Mapped[str | None] = mapped_column(String(255))

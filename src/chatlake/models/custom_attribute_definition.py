from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, JSONType, Timestamps

# Chatwoot's integer enums; the API answers with the names and accepts either.
ATTRIBUTE_MODELS = {"conversation_attribute": 0, "contact_attribute": 1}
ATTRIBUTE_MODEL_NAMES = {v: k for k, v in ATTRIBUTE_MODELS.items()}
DISPLAY_TYPES = {
    "text": 0,
    "number": 1,
    "currency": 2,
    "percent": 3,
    "link": 4,
    "date": 5,
    "list": 6,
    "checkbox": 7,
}
DISPLAY_TYPE_NAMES = {v: k for k, v in DISPLAY_TYPES.items()}


class CustomAttributeDefinition(Timestamps, Base):
    """A typed custom attribute of conversations or contacts; filters read its type."""

    __tablename__ = "custom_attribute_definitions"
    # Named here: the conventional name would pass PostgreSQL's 63-character limit.
    __table_args__ = (
        UniqueConstraint("account_id", "attribute_model", "attribute_key", name="uq_custom_attribute_definitions_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    attribute_model: Mapped[int] = mapped_column(Integer, default=0)
    attribute_key: Mapped[str] = mapped_column(String(255))
    attribute_display_name: Mapped[str] = mapped_column(String(255))
    attribute_display_type: Mapped[int] = mapped_column(Integer, default=0)
    attribute_description: Mapped[str | None] = mapped_column(Text)
    attribute_values: Mapped[list] = mapped_column(JSONType, default=list)
    regex_pattern: Mapped[str | None] = mapped_column(String(255))
    regex_cue: Mapped[str | None] = mapped_column(String(255))
    # A JSON scalar (Chatwoot's column is an integer; clients send strings too).
    default_value: Mapped[Any] = mapped_column(JSONType, nullable=True)

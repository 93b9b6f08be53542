from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, JSONType, Timestamps

FILTER_TYPES = {"conversation": 0, "contact": 1, "report": 2}
FILTER_TYPE_NAMES = {v: k for k, v in FILTER_TYPES.items()}


class CustomFilter(Timestamps, Base):
    """A saved filter (a "custom view"); private to the user who saved it."""

    __tablename__ = "custom_filters"
    __table_args__ = (Index(None, "account_id", "user_id", "filter_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    filter_type: Mapped[int] = mapped_column(Integer, default=0)
    query: Mapped[dict] = mapped_column(JSONType, default=dict)

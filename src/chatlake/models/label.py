from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, Timestamps

DEFAULT_LABEL_COLOR = "#1f93ff"


class Label(Timestamps, Base):
    __tablename__ = "labels"
    __table_args__ = (UniqueConstraint("account_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    # Lower-cased on write: conversations and contacts refer to labels by title.
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    color: Mapped[str] = mapped_column(String(16), default=DEFAULT_LABEL_COLOR)
    show_on_sidebar: Mapped[bool] = mapped_column(default=False)

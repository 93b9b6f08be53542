"""Files attached to messages; the bytes live under the data directory, named by storage_key."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, Timestamps

FILE_TYPES = {"image": 0, "audio": 1, "video": 2, "file": 3}
FILE_TYPE_NAMES = {v: k for k, v in FILE_TYPES.items()}


class Attachment(Timestamps, Base):
    __tablename__ = "attachments"
    __table_args__ = (Index(None, "account_id", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    file_type: Mapped[int] = mapped_column(Integer, default=FILE_TYPES["file"])
    file_name: Mapped[str] = mapped_column(String(255))
    extension: Mapped[str | None] = mapped_column(String(32))
    content_type: Mapped[str] = mapped_column(String(255))
    file_size: Mapped[int] = mapped_column(Integer)
    # Relative to the data directory: attachments/<account_id>/<uuid>. Never derived from the file name.
    storage_key: Mapped[str] = mapped_column(String(255), unique=True)

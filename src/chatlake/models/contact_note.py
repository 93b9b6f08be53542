from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, Timestamps


class ContactNote(Timestamps, Base):
    """A note an agent keeps about a contact (Chatwoot's contact notes)."""

    __tablename__ = "contact_notes"
    __table_args__ = (Index(None, "account_id", "contact_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    # The author; the note stays when the user is deleted.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    content: Mapped[str] = mapped_column(Text)

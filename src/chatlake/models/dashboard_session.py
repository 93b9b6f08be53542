from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, Timestamps, UTCDateTime


class DashboardSession(Timestamps, Base):
    """A signed-in browser. The cookie carries a random token; only its digest is stored, and deleting the
    row signs that browser out (sign-out, a password change revoking the user's other sessions)."""

    __tablename__ = "dashboard_sessions"
    __table_args__ = (Index(None, "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)


class LoginFailure(Base):
    """One failed sign-in, keyed by a digest of the email or of the client address it came from.
    Counted over a sliding window to throttle password guessing; rows older than the window are swept."""

    __tablename__ = "login_failures"
    __table_args__ = (Index(None, "key_digest", "failed_at"), Index(None, "failed_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    key_digest: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime)

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, UTCDateTime


class ThrottleCounter(Base):
    """Attempts counted under one key (a digest: "what" and "who", never the email or address itself) in a
    fixed window. One row per key, bumped with an upsert, so concurrent attempts are counted one after the
    other by the row's lock instead of each reading the same count."""

    __tablename__ = "throttle_counters"

    key_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    hits: Mapped[int] = mapped_column(Integer)

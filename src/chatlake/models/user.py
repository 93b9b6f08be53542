from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, EncryptedString, JSONType, Timestamps, UTCDateTime

ROLES = {"agent": 0, "administrator": 1}
AVAILABILITY = {"online": 0, "offline": 1, "busy": 2}


class User(Timestamps, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(255), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    pubsub_token: Mapped[str] = mapped_column(String(64), unique=True)
    ui_settings: Mapped[dict] = mapped_column(JSONType, default=dict)
    custom_attributes: Mapped[dict] = mapped_column(JSONType, default=dict)
    message_signature: Mapped[str | None] = mapped_column(String(2000))


class AccountUser(Timestamps, Base):
    __tablename__ = "account_users"
    __table_args__ = (UniqueConstraint("account_id", "user_id"), Index(None, "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[int] = mapped_column(Integer, default=0)
    availability: Mapped[int] = mapped_column(Integer, default=0)
    auto_offline: Mapped[bool] = mapped_column(default=True)
    active_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AccessToken(Timestamps, Base):
    """A bearer token. Looked up by digest; the encrypted copy exists only so the owner can see it again."""

    __tablename__ = "access_tokens"
    __table_args__ = (Index(None, "owner_type", "owner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(32))
    owner_id: Mapped[int] = mapped_column(Integer)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    token: Mapped[str] = mapped_column(EncryptedString)

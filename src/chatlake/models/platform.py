"""Platform apps (the Platform API's callers), what each may reach, and the sign-in credentials issued
outside the dashboard form: one-time login links and Chatwoot client (devise) tokens; process heartbeats."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, Timestamps, UTCDateTime

# The kinds of record a platform app can be granted, named as Chatwoot's `permissible_type` names them.
PERMISSIBLE_TYPES = ("Account", "User", "AgentBot")


class PlatformApp(Timestamps, Base):
    """An installation-level API client. Its token is shown once at creation; only the digest is kept."""

    __tablename__ = "platform_apps"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    # Set by `chatlake platform-app revoke`: the token stops working; the grants stay for the record.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PlatformAppPermissible(Timestamps, Base):
    """A record the app created or was granted (Chatwoot's platform_app_permissibles)."""

    __tablename__ = "platform_app_permissibles"
    __table_args__ = (
        UniqueConstraint("platform_app_id", "permissible_type", "permissible_id"),
        Index(None, "permissible_type", "permissible_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_app_id: Mapped[int] = mapped_column(ForeignKey("platform_apps.id", ondelete="CASCADE"))
    permissible_type: Mapped[str] = mapped_column(String(32))
    permissible_id: Mapped[int] = mapped_column(Integer)


class LoginLink(Timestamps, Base):
    """A one-time dashboard sign-in link (`GET /platform/api/v1/users/{id}/login`): used once, or expires."""

    __tablename__ = "login_links"
    __table_args__ = (Index(None, "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ClientSignIn(Timestamps, Base):
    """A sign-in of a Chatwoot client app (`POST /auth/sign_in`): the `client` id and a digest of its
    `access-token`, as devise_token_auth issues them; deleted by `DELETE /auth/sign_out` or when expired."""

    __tablename__ = "client_sign_ins"
    __table_args__ = (Index(None, "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(64))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProcessHeartbeat(Base):
    """The last sign of life of a background loop (the delivery worker), by name, for the health page."""

    __tablename__ = "process_heartbeats"

    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime)

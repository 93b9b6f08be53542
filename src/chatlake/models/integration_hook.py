from __future__ import annotations

import orjson
from sqlalchemy import ForeignKey, Index, Integer, String, Text, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column

from chatlake import crypto
from chatlake.models.base import Base, Timestamps

HOOK_ENABLED, HOOK_DISABLED = 1, 0


class EncryptedJSON(TypeDecorator):
    """A JSON object stored encrypted: hook settings hold the integration's credentials."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else crypto.encrypt(orjson.dumps(value).decode())

    def process_result_value(self, value, dialect):
        return None if value is None else orjson.loads(crypto.decrypt(value))


class IntegrationHook(Timestamps, Base):
    """An account's (or one inbox's) connection to an integration app."""

    __tablename__ = "integration_hooks"
    __table_args__ = (Index(None, "account_id", "app_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    app_id: Mapped[str] = mapped_column(String(64))
    inbox_id: Mapped[int | None] = mapped_column(ForeignKey("inboxes.id", ondelete="CASCADE"))
    hook_type: Mapped[str] = mapped_column(String(16), default="account")
    status: Mapped[int] = mapped_column(Integer, default=HOOK_ENABLED)
    settings: Mapped[dict] = mapped_column(EncryptedJSON, default=dict)

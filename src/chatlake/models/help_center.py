"""Help center: portals, their categories and articles."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chatlake.models.base import Base, JSONType, Timestamps

ARTICLE_STATUSES = {"draft": 0, "published": 1, "archived": 2}
ARTICLE_STATUS_NAMES = {v: k for k, v in ARTICLE_STATUSES.items()}
DEFAULT_LOCALE = "en"


class Portal(Timestamps, Base):
    """A public help center. Its slug is unique in the whole installation, not per account: the public
    address (`/hc/{slug}`) names no account, so two accounts cannot share one (docs/api.md)."""

    __tablename__ = "portals"
    __table_args__ = (Index(None, "account_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    color: Mapped[str | None] = mapped_column(String(16))
    custom_domain: Mapped[str | None] = mapped_column(String(255))
    header_text: Mapped[str | None] = mapped_column(Text)
    homepage_link: Mapped[str | None] = mapped_column(String(2048))
    page_title: Mapped[str | None] = mapped_column(String(255))
    archived: Mapped[bool] = mapped_column(default=False)
    # {"allowed_locales": ["en", ...], "default_locale": "en"}
    config: Mapped[dict] = mapped_column(JSONType, default=dict)


class Category(Timestamps, Base):
    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("account_id", "portal_id", "locale", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    portal_id: Mapped[int] = mapped_column(ForeignKey("portals.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    slug: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(16), default=DEFAULT_LOCALE)
    description: Mapped[str | None] = mapped_column(Text)
    icon: Mapped[str | None] = mapped_column(String(64))
    position: Mapped[int | None] = mapped_column(Integer)
    parent_category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="SET NULL"))
    associated_category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="SET NULL"))


class Article(Timestamps, Base):
    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("account_id", "portal_id", "slug"),
        Index(None, "account_id", "portal_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    portal_id: Mapped[int] = mapped_column(ForeignKey("portals.id", ondelete="CASCADE"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    associated_article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(255))
    slug: Mapped[str] = mapped_column(String(255))
    content: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[int] = mapped_column(Integer, default=0)
    locale: Mapped[str] = mapped_column(String(16), default=DEFAULT_LOCALE)
    position: Mapped[int | None] = mapped_column(Integer)
    views: Mapped[int] = mapped_column(Integer, default=0)
    meta: Mapped[dict] = mapped_column(JSONType, default=dict)

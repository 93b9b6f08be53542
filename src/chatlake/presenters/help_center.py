"""Chatwoot's portal, category and article JSON, built from loaded rows."""

from __future__ import annotations

from chatlake.models import Article, Category, Portal, User
from chatlake.models.help_center import ARTICLE_STATUS_NAMES, DEFAULT_LOCALE
from chatlake.presenters.common import unix
from chatlake.queries.help_center import PortalCounts


def single(body: dict) -> dict:
    """One object both bare (Chatwoot's server) and under `payload` (its spec): clients read either."""
    return {**body, "payload": body}


def portal_json(portal: Portal, counts: PortalCounts) -> dict:
    config = portal.config or {}
    locales = config.get("allowed_locales") or [DEFAULT_LOCALE]
    default = config.get("default_locale") or locales[0]
    return {
        "id": portal.id,
        "account_id": portal.account_id,
        "name": portal.name,
        "slug": portal.slug,
        "color": portal.color,
        "custom_domain": portal.custom_domain,
        "header_text": portal.header_text,
        "homepage_link": portal.homepage_link,
        "page_title": portal.page_title,
        "archived": portal.archived,
        "config": {
            "allowed_locales": [
                {
                    "code": code,
                    "articles_count": (counts.articles_by_locale or {}).get(code, 0),
                    "categories_count": (counts.categories_by_locale or {}).get(code, 0),
                }
                for code in locales
            ],
            "default_locale": default,
        },
        "meta": {
            "all_articles_count": counts.all_articles,
            "archived_articles_count": counts.archived,
            "published_count": counts.published,
            "draft_articles_count": counts.draft,
            "categories_count": counts.categories,
            "default_locale": default,
        },
    }


def category_json(category: Category, articles_count: int = 0) -> dict:
    return {
        "id": category.id,
        "account_id": category.account_id,
        "portal_id": category.portal_id,
        "name": category.name,
        "slug": category.slug,
        "locale": category.locale,
        "description": category.description,
        "icon": category.icon,
        "position": category.position,
        "parent_category_id": category.parent_category_id,
        "associated_category_id": category.associated_category_id,
        "meta": {"articles_count": articles_count},
    }


def _author_json(user: User) -> dict:
    return {
        "id": user.id,
        "name": user.name,
        "available_name": user.display_name or user.name,
        "email": user.email,
        "thumbnail": "",
    }


def article_json(article: Article, category: Category | None, author: User | None) -> dict:
    return {
        "id": article.id,
        "account_id": article.account_id,
        "portal_id": article.portal_id,
        "slug": article.slug,
        "title": article.title,
        "content": article.content,
        "description": article.description,
        "status": ARTICLE_STATUS_NAMES[article.status],
        "locale": article.locale,
        "position": article.position,
        "views": article.views,
        "meta": article.meta or {},
        "category_id": article.category_id,
        "author_id": article.author_id,
        "associated_article_id": article.associated_article_id,
        "category": None
        if category is None
        else {"id": category.id, "name": category.name, "slug": category.slug, "locale": category.locale},
        "author": None if author is None else _author_json(author),
        "created_at": unix(article.created_at),
        "updated_at": unix(article.updated_at),
    }

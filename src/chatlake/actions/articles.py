"""Help-center articles. Every member of the account may write them: Chatwoot lets administrators and the
portal's members do so, and Chatlake has no separate portal membership (docs/api.md)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.administration import flush_unique
from chatlake.actions.assignments import access_agent_membership, check_id
from chatlake.actions.checks import check_json_object, check_text
from chatlake.actions.help_center import TEXT_MAX, check_portal_locale, check_position, default_locale
from chatlake.actions.slugs import check_slug, slugify
from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField
from chatlake.models import Article, Portal
from chatlake.models.help_center import ARTICLE_STATUS_NAMES, ARTICLE_STATUSES
from chatlake.queries.help_center import access_article, access_category, access_portal

CONTENT_MAX = 500_000
SLUG_ATTEMPTS = 20


def check_article_status(value) -> int:
    """draft, published, archived, or the spec's 0, 1, 2."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value in ARTICLE_STATUS_NAMES:
        return value
    if isinstance(value, str) and value in ARTICLE_STATUSES:
        return ARTICLE_STATUSES[value]
    raise InvalidField("Status must be one of draft, published, archived", ["status"])


async def _slug_free(session: AsyncSession, portal: Portal, slug: str, article_id: int | None) -> bool:
    stmt = select(Article.id).where(
        Article.account_id == portal.account_id, Article.portal_id == portal.id, Article.slug == slug
    )
    if article_id is not None:
        stmt = stmt.where(Article.id != article_id)
    return await session.scalar(stmt) is None


async def _derived_slug(session: AsyncSession, portal: Portal, title: str) -> str:
    base = slugify(title, "article")
    for attempt in range(1, SLUG_ATTEMPTS + 1):
        slug = base if attempt == 1 else f"{base}-{attempt}"
        if await _slug_free(session, portal, slug, None):
            return slug
    raise InvalidField("Slug could not be derived from the title; send one", ["slug"])


async def _apply(session: AsyncSession, actor: Actor, portal: Portal, article: Article, changes: dict) -> None:
    if "title" in changes:
        article.title = check_text(changes["title"], "title", required=True).strip()
    if "content" in changes:
        article.content = check_text(changes["content"], "content", max_length=CONTENT_MAX)
    if "description" in changes:
        article.description = check_text(changes["description"], "description", max_length=TEXT_MAX)
    if "position" in changes:
        article.position = check_position(changes["position"])
    if changes.get("status") is not None:
        article.status = check_article_status(changes["status"])
    if "meta" in changes:
        article.meta = check_json_object(changes["meta"], "meta")
    if "category_id" in changes:
        category_id = check_id(changes["category_id"], "category_id")
        category = await access_category(session, portal, category_id) if category_id is not None else None
        article.category_id = category.id if category else None
        if category is not None and "locale" not in changes:
            article.locale = category.locale
    if "locale" in changes:
        article.locale = check_portal_locale(portal, changes["locale"])
    if "author_id" in changes:
        author_id = check_id(changes["author_id"], "author_id")
        article.author_id = (await access_agent_membership(session, actor, author_id))[0].id if author_id else None
    if "associated_article_id" in changes:
        other_id = check_id(changes["associated_article_id"], "associated_article_id")
        if other_id is not None and other_id == article.id:
            raise InvalidField("An article cannot be associated with itself", ["associated_article_id"])
        article.associated_article_id = (await access_article(session, portal, other_id)).id if other_id else None


async def do_create_article(session: AsyncSession, actor: Actor, portal_ref: str, fields: dict) -> Article:
    """The caller is the author unless `author_id` names another member; the status defaults to draft."""
    portal = await access_portal(session, actor, portal_ref)

    article = Article(
        account_id=actor.account_id,
        portal_id=portal.id,
        author_id=actor.user.id,
        status=ARTICLE_STATUSES["draft"],
        locale=default_locale(portal),
        views=0,
        meta={},
    )
    await _apply(session, actor, portal, article, {"title": None, **fields})
    slug = fields.get("slug")
    if slug not in (None, ""):
        article.slug = check_slug(slug)
        if not await _slug_free(session, portal, article.slug, None):
            raise InvalidField("Slug has already been taken", ["slug"])
    else:
        article.slug = await _derived_slug(session, portal, article.title)
    session.add(article)
    await flush_unique(session, "slug")
    return article


async def do_update_article(
    session: AsyncSession, actor: Actor, portal_ref: str, article_id: int, changes: dict
) -> Article:
    portal = await access_portal(session, actor, portal_ref)
    article = await access_article(session, portal, article_id)
    await _apply(session, actor, portal, article, changes)
    if "slug" in changes:
        article.slug = check_slug(changes["slug"])
        if not await _slug_free(session, portal, article.slug, article.id):
            raise InvalidField("Slug has already been taken", ["slug"])
    await flush_unique(session, "slug")
    return article


async def do_delete_article(session: AsyncSession, actor: Actor, portal_ref: str, article_id: int) -> None:
    portal = await access_portal(session, actor, portal_ref)
    article = await access_article(session, portal, article_id)
    await session.delete(article)
    await session.flush()

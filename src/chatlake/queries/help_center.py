"""Reads of portals, categories and articles, all inside the caller's account."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.errors import NotFound
from chatlake.models import Article, Category, Portal, User
from chatlake.models.help_center import ARTICLE_STATUSES
from chatlake.queries.contacts import escape_like

ARTICLES_PAGE_SIZE = 25


async def access_portal(session: AsyncSession, actor: Actor, portal_ref: str) -> Portal:
    """A portal of the caller's account by slug (Chatwoot's path parameter), or by numeric id."""
    ref = str(portal_ref).strip().lower()
    portal = await session.scalar(select(Portal).where(Portal.account_id == actor.account_id, Portal.slug == ref))
    if portal is None and ref.isdigit() and int(ref) < 2**31:
        portal = await session.scalar(
            select(Portal).where(Portal.account_id == actor.account_id, Portal.id == int(ref))
        )
    if portal is None:
        raise NotFound()
    return portal


async def list_portals(session: AsyncSession, account_id: int) -> list[Portal]:
    return list(await session.scalars(select(Portal).where(Portal.account_id == account_id).order_by(Portal.id)))


@dataclass
class PortalCounts:
    """Article and category counts of a portal, overall and per locale."""

    all_articles: int = 0
    archived: int = 0
    published: int = 0
    draft: int = 0
    categories: int = 0
    articles_by_locale: dict | None = None
    categories_by_locale: dict | None = None


async def portal_counts(session: AsyncSession, account_id: int, portal_ids: list[int]) -> dict[int, PortalCounts]:
    """Counts of several portals in two queries, whatever their number."""
    counts = {pid: PortalCounts(articles_by_locale={}, categories_by_locale={}) for pid in portal_ids}
    if not portal_ids:
        return counts
    rows = await session.execute(
        select(Article.portal_id, Article.locale, Article.status, func.count())
        .where(Article.account_id == account_id, Article.portal_id.in_(portal_ids))
        .group_by(Article.portal_id, Article.locale, Article.status)
    )
    for portal_id, locale, status, number in rows:
        c = counts[portal_id]
        c.all_articles += number
        c.articles_by_locale[locale] = c.articles_by_locale.get(locale, 0) + number
        if status == ARTICLE_STATUSES["archived"]:
            c.archived += number
        elif status == ARTICLE_STATUSES["published"]:
            c.published += number
        else:
            c.draft += number
    rows = await session.execute(
        select(Category.portal_id, Category.locale, func.count())
        .where(Category.account_id == account_id, Category.portal_id.in_(portal_ids))
        .group_by(Category.portal_id, Category.locale)
    )
    for portal_id, locale, number in rows:
        counts[portal_id].categories += number
        counts[portal_id].categories_by_locale[locale] = number
    return counts


async def access_category(session: AsyncSession, portal: Portal, category_id: int) -> Category:
    category = await session.scalar(
        select(Category).where(
            Category.account_id == portal.account_id, Category.portal_id == portal.id, Category.id == category_id
        )
    )
    if category is None:
        raise NotFound()
    return category


async def list_categories(session: AsyncSession, portal: Portal, locale: str | None = None) -> list[Category]:
    stmt = select(Category).where(Category.account_id == portal.account_id, Category.portal_id == portal.id)
    if locale:
        stmt = stmt.where(Category.locale == locale)
    return list(await session.scalars(stmt.order_by(Category.position.asc().nulls_last(), Category.id)))


async def category_article_counts(session: AsyncSession, portal: Portal) -> dict[int, int]:
    rows = await session.execute(
        select(Article.category_id, func.count())
        .where(Article.account_id == portal.account_id, Article.portal_id == portal.id)
        .group_by(Article.category_id)
    )
    return {category_id: number for category_id, number in rows if category_id is not None}


async def access_article(session: AsyncSession, portal: Portal, article_id: int) -> Article:
    article = await session.scalar(
        select(Article).where(
            Article.account_id == portal.account_id, Article.portal_id == portal.id, Article.id == article_id
        )
    )
    if article is None:
        raise NotFound()
    return article


@dataclass
class ArticleFilters:
    status: int | None = None
    category_id: int | None = None
    category_slug: str | None = None
    locale: str | None = None
    query: str | None = None
    author_id: int | None = None


def _article_where(portal: Portal, filters: ArticleFilters) -> list:
    where = [Article.account_id == portal.account_id, Article.portal_id == portal.id]
    if filters.status is not None:
        where.append(Article.status == filters.status)
    if filters.category_id is not None:
        where.append(Article.category_id == filters.category_id)
    if filters.category_slug:
        where.append(
            Article.category_id.in_(
                select(Category.id).where(
                    Category.account_id == portal.account_id,
                    Category.portal_id == portal.id,
                    Category.slug == filters.category_slug,
                )
            )
        )
    if filters.locale:
        where.append(Article.locale == filters.locale)
    if filters.author_id is not None:
        where.append(Article.author_id == filters.author_id)
    if filters.query:
        pattern = f"%{escape_like(filters.query)}%"
        where.append(
            or_(
                Article.title.ilike(pattern, escape="\\"),
                Article.content.ilike(pattern, escape="\\"),
                Article.description.ilike(pattern, escape="\\"),
            )
        )
    return where


async def list_articles(
    session: AsyncSession, portal: Portal, filters: ArticleFilters, page: int, user_id: int
) -> tuple[list[Article], dict]:
    """One page (25, by position then newest) and the counts of the filtered set by status."""
    where = _article_where(portal, filters)
    articles = list(
        await session.scalars(
            select(Article)
            .where(*where)
            .order_by(Article.position.asc().nulls_last(), Article.updated_at.desc(), Article.id.desc())
            .limit(ARTICLES_PAGE_SIZE)
            .offset((page - 1) * ARTICLES_PAGE_SIZE)
        )
    )

    def count_of(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    total, archived, published, draft, mine = (
        await session.execute(
            select(
                func.count(),
                count_of(Article.status == ARTICLE_STATUSES["archived"]),
                count_of(Article.status == ARTICLE_STATUSES["published"]),
                count_of(Article.status == ARTICLE_STATUSES["draft"]),
                count_of(Article.author_id == user_id),
            ).where(*where)
        )
    ).one()
    meta = {
        "current_page": page,
        "articles_count": int(total),
        "all_articles_count": int(total),
        "archived_articles_count": int(archived),
        "published_count": int(published),
        "draft_articles_count": int(draft),
        "mine_articles_count": int(mine),
    }
    return articles, meta


async def article_relations(
    session: AsyncSession, account_id: int, articles: list[Article]
) -> tuple[dict[int, Category], dict[int, User]]:
    """Categories and authors of a page of articles: two queries, whatever the page's size."""
    category_ids = {a.category_id for a in articles if a.category_id is not None}
    author_ids = {a.author_id for a in articles if a.author_id is not None}
    categories = {}
    if category_ids:
        categories = {
            c.id: c
            for c in await session.scalars(
                select(Category).where(Category.account_id == account_id, Category.id.in_(category_ids))
            )
        }
    authors = {}
    if author_ids:
        authors = {u.id: u for u in await session.scalars(select(User).where(User.id.in_(author_ids)))}
    return categories, authors

"""Help center: portals (addressed by slug, as Chatwoot), their categories and articles."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.articles import check_article_status, do_create_article, do_delete_article, do_update_article
from chatlake.actions.assignments import check_id
from chatlake.actions.help_center import (
    do_create_category,
    do_create_portal,
    do_delete_category,
    do_delete_portal,
    do_update_category,
    do_update_portal,
)
from chatlake.api.admin_schemas import Wrapped
from chatlake.api.deps import CurrentActor, Session
from chatlake.models import Article, Portal
from chatlake.presenters.help_center import article_json, category_json, portal_json, single
from chatlake.queries.filters import check_page
from chatlake.queries.help_center import (
    ArticleFilters,
    access_article,
    access_category,
    access_portal,
    article_relations,
    category_article_counts,
    list_articles,
    list_categories,
    list_portals,
    portal_counts,
)

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Help Center"])


class PortalIn(Wrapped):
    wrapper = "portal"
    name: Any = None
    slug: Any = None
    color: Any = None
    custom_domain: Any = None
    header_text: Any = None
    homepage_link: Any = None
    page_title: Any = None
    archived: Any = None
    config: Any = None


class CategoryIn(Wrapped):
    wrapper = "category"
    name: Any = None
    slug: Any = None
    description: Any = None
    position: Any = None
    locale: Any = None
    icon: Any = None
    parent_category_id: Any = None
    associated_category_id: Any = None


class ArticleIn(Wrapped):
    wrapper = "article"
    title: Any = None
    slug: Any = None
    content: Any = None
    description: Any = None
    position: Any = None
    status: Any = None
    locale: Any = None
    meta: Any = None
    category_id: Any = None
    author_id: Any = None
    associated_article_id: Any = None


async def _portal_body(session: AsyncSession, portal: Portal) -> dict:
    counts = await portal_counts(session, portal.account_id, [portal.id])
    return portal_json(portal, counts[portal.id])


# --- portals -------------------------------------------------------------------------------------


@router.get("/portals")
async def portals_index(session: Session, actor: CurrentActor) -> dict:
    portals = await list_portals(session, actor.account_id)
    counts = await portal_counts(session, actor.account_id, [p.id for p in portals])
    return {
        "payload": [portal_json(p, counts[p.id]) for p in portals],
        "meta": {"current_page": 1, "portals_count": len(portals)},
    }


@router.post("/portals")
async def portals_create(body: PortalIn, session: Session, actor: CurrentActor) -> dict:
    portal = await do_create_portal(session, actor, body.changes())
    return single(await _portal_body(session, portal))


@router.get("/portals/{portal_id}")
async def portals_show(portal_id: str, session: Session, actor: CurrentActor) -> dict:
    return single(await _portal_body(session, await access_portal(session, actor, portal_id)))


@router.patch("/portals/{portal_id}")
@router.put("/portals/{portal_id}")
async def portals_update(portal_id: str, body: PortalIn, session: Session, actor: CurrentActor) -> dict:
    portal = await do_update_portal(session, actor, portal_id, body.changes())
    return single(await _portal_body(session, portal))


@router.delete("/portals/{portal_id}")
async def portals_destroy(portal_id: str, session: Session, actor: CurrentActor) -> Response:
    await do_delete_portal(session, actor, portal_id)
    return Response(status_code=200)


# --- categories ----------------------------------------------------------------------------------


@router.get("/portals/{portal_id}/categories")
async def categories_index(portal_id: str, session: Session, actor: CurrentActor, locale: str | None = None) -> dict:
    portal = await access_portal(session, actor, portal_id)
    categories = await list_categories(session, portal, locale)
    counts = await category_article_counts(session, portal)
    return {
        "payload": [category_json(c, counts.get(c.id, 0)) for c in categories],
        "meta": {"current_page": 1, "categories_count": len(categories)},
    }


@router.post("/portals/{portal_id}/categories")
async def categories_create(portal_id: str, body: CategoryIn, session: Session, actor: CurrentActor) -> dict:
    category = await do_create_category(session, actor, portal_id, body.changes())
    return single(category_json(category))


@router.get("/portals/{portal_id}/categories/{category_id}")
async def categories_show(portal_id: str, category_id: int, session: Session, actor: CurrentActor) -> dict:
    portal = await access_portal(session, actor, portal_id)
    category = await access_category(session, portal, category_id)
    counts = await category_article_counts(session, portal)
    return single(category_json(category, counts.get(category.id, 0)))


@router.patch("/portals/{portal_id}/categories/{category_id}")
@router.put("/portals/{portal_id}/categories/{category_id}")
async def categories_update(
    portal_id: str, category_id: int, body: CategoryIn, session: Session, actor: CurrentActor
) -> dict:
    category = await do_update_category(session, actor, portal_id, category_id, body.changes())
    portal = await access_portal(session, actor, portal_id)
    counts = await category_article_counts(session, portal)
    return single(category_json(category, counts.get(category.id, 0)))


@router.delete("/portals/{portal_id}/categories/{category_id}")
async def categories_destroy(portal_id: str, category_id: int, session: Session, actor: CurrentActor) -> Response:
    await do_delete_category(session, actor, portal_id, category_id)
    return Response(status_code=200)


# --- articles ------------------------------------------------------------------------------------


async def _articles_json(session: AsyncSession, account_id: int, articles: list[Article]) -> list[dict]:
    categories, authors = await article_relations(session, account_id, articles)
    return [article_json(a, categories.get(a.category_id), authors.get(a.author_id)) for a in articles]


@router.get("/portals/{portal_id}/articles")
async def articles_index(
    portal_id: str,
    session: Session,
    actor: CurrentActor,
    page: int = 1,
    status: str | None = None,
    category_id: str | None = None,
    category_slug: str | None = None,
    locale: str | None = None,
    query: str | None = None,
    author_id: str | None = None,
) -> dict:
    check_page(page)
    portal = await access_portal(session, actor, portal_id)
    filters = ArticleFilters(
        status=check_article_status(status) if status not in (None, "") else None,
        category_id=check_id(category_id, "category_id"),
        category_slug=category_slug or None,
        locale=locale or None,
        query=query.strip() if query and query.strip() else None,
        author_id=check_id(author_id, "author_id"),
    )
    articles, meta = await list_articles(session, portal, filters, page, actor.user.id)
    return {"payload": await _articles_json(session, actor.account_id, articles), "meta": meta}


@router.post("/portals/{portal_id}/articles")
async def articles_create(portal_id: str, body: ArticleIn, session: Session, actor: CurrentActor) -> dict:
    article = await do_create_article(session, actor, portal_id, body.changes())
    return single((await _articles_json(session, actor.account_id, [article]))[0])


@router.get("/portals/{portal_id}/articles/{article_id}")
async def articles_show(portal_id: str, article_id: int, session: Session, actor: CurrentActor) -> dict:
    portal = await access_portal(session, actor, portal_id)
    article = await access_article(session, portal, article_id)
    return single((await _articles_json(session, actor.account_id, [article]))[0])


@router.patch("/portals/{portal_id}/articles/{article_id}")
@router.put("/portals/{portal_id}/articles/{article_id}")
async def articles_update(
    portal_id: str, article_id: int, body: ArticleIn, session: Session, actor: CurrentActor
) -> dict:
    article = await do_update_article(session, actor, portal_id, article_id, body.changes())
    return single((await _articles_json(session, actor.account_id, [article]))[0])


@router.delete("/portals/{portal_id}/articles/{article_id}")
async def articles_destroy(portal_id: str, article_id: int, session: Session, actor: CurrentActor) -> Response:
    await do_delete_article(session, actor, portal_id, article_id)
    return Response(status_code=200)

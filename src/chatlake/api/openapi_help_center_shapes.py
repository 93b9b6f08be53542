"""The JSON shapes of the help center (portals, categories, articles), for /api-docs/openapi.json only; see
api/openapi_shapes.py. A single portal, category or article is answered bare and under `payload` too
(docs/api.md "Help center"), hence the `...OneShape` models."""

from __future__ import annotations

from chatlake.api.openapi_shapes import Json, Shape


class PortalLocaleShape(Shape):
    code: str
    articles_count: int
    categories_count: int


class PortalConfigShape(Shape):
    allowed_locales: list[PortalLocaleShape]
    default_locale: str


class PortalMetaShape(Shape):
    all_articles_count: int
    archived_articles_count: int
    published_count: int
    draft_articles_count: int
    categories_count: int
    default_locale: str


class PortalShape(Shape):
    id: int
    account_id: int
    name: str
    slug: str
    color: str | None
    custom_domain: str | None
    header_text: str | None
    homepage_link: str | None
    page_title: str | None
    archived: bool
    config: PortalConfigShape
    meta: PortalMetaShape


class PortalOneShape(PortalShape):
    payload: PortalShape


class PortalsPageMetaShape(Shape):
    current_page: int
    portals_count: int


class PortalsPageShape(Shape):
    payload: list[PortalShape]
    meta: PortalsPageMetaShape


class CategoryMetaShape(Shape):
    articles_count: int


class CategoryShape(Shape):
    id: int
    account_id: int
    portal_id: int
    name: str
    slug: str
    locale: str
    description: str | None
    icon: str | None
    position: int | None
    parent_category_id: int | None
    associated_category_id: int | None
    meta: CategoryMetaShape


class CategoryOneShape(CategoryShape):
    payload: CategoryShape


class CategoriesPageMetaShape(Shape):
    current_page: int
    categories_count: int


class CategoriesPageShape(Shape):
    payload: list[CategoryShape]
    meta: CategoriesPageMetaShape


class ArticleCategoryShape(Shape):
    id: int
    name: str
    slug: str
    locale: str


class ArticleAuthorShape(Shape):
    id: int
    name: str
    available_name: str
    email: str
    thumbnail: str


class ArticleShape(Shape):
    id: int
    account_id: int
    portal_id: int
    slug: str
    title: str
    content: str | None
    description: str | None
    status: str  # draft, published or archived
    locale: str
    position: int | None
    views: int
    meta: Json
    category_id: int | None
    author_id: int | None
    associated_article_id: int | None
    category: ArticleCategoryShape | None
    author: ArticleAuthorShape | None
    created_at: int
    updated_at: int


class ArticleOneShape(ArticleShape):
    payload: ArticleShape


class ArticlesPageMetaShape(Shape):
    current_page: int
    articles_count: int
    all_articles_count: int
    archived_articles_count: int
    published_count: int
    draft_articles_count: int
    mine_articles_count: int


class ArticlesPageShape(Shape):
    payload: list[ArticleShape]
    meta: ArticlesPageMetaShape

"""Help center portals and categories: managed by administrators (Chatwoot's portal and category policies)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.administration import check_administrator, check_bool, flush_unique
from chatlake.actions.audit import changes_between, record_audit
from chatlake.actions.checks import check_text, check_url
from chatlake.actions.labels import check_color
from chatlake.actions.slugs import check_slug, slugify
from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField
from chatlake.models import Category, Portal
from chatlake.models.help_center import DEFAULT_LOCALE
from chatlake.queries.help_center import access_category, access_portal

LOCALE_RE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?")
HOST_RE = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
MAX_LOCALES = 50
TEXT_MAX = 10_000


def check_locale(value, field: str = "locale") -> str:
    if not isinstance(value, str) or not LOCALE_RE.fullmatch(value.strip()):
        raise InvalidField(f"{field.capitalize()} must be a locale code such as en or pt_BR", [field])
    return value.strip()


def check_config(value, previous: dict | None = None) -> dict:
    """`{allowed_locales: [...], default_locale}`; the default must be one of the allowed."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise InvalidField("config must be an object", ["config"])
    previous = previous or {}
    locales = value.get("allowed_locales", previous.get("allowed_locales") or [DEFAULT_LOCALE])
    if not isinstance(locales, list) or not locales or len(locales) > MAX_LOCALES:
        raise InvalidField("config.allowed_locales must be a list of locale codes", ["config"])
    codes = list(dict.fromkeys(check_locale(code, "config") for code in locales))
    default = value.get("default_locale", previous.get("default_locale"))
    if default is None or (default not in codes and "default_locale" not in value):
        default = codes[0]
    default = check_locale(default, "config")
    if default not in codes:
        raise InvalidField("config.default_locale must be one of the allowed locales", ["config"])
    return {"allowed_locales": codes, "default_locale": default}


def allowed_locales(portal: Portal) -> list[str]:
    return (portal.config or {}).get("allowed_locales") or [DEFAULT_LOCALE]


def default_locale(portal: Portal) -> str:
    return (portal.config or {}).get("default_locale") or allowed_locales(portal)[0]


def check_custom_domain(value) -> str | None:
    """A host name; a URL is reduced to its host, as Chatwoot parses it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise InvalidField("Custom domain must be a host name", ["custom_domain"])
    text = value.strip().lower()
    host = urlsplit(text).hostname if "://" in text else text
    if not host or not HOST_RE.fullmatch(host):
        raise InvalidField("Custom domain must be a host name such as help.example.com", ["custom_domain"])
    return host


async def _check_portal_slug_free(session: AsyncSession, slug: str, portal_id: int | None = None) -> None:
    # Slugs are unique in the whole installation: the public help-center address names no account.
    stmt = select(Portal.id).where(Portal.slug == slug)
    if portal_id is not None:
        stmt = stmt.where(Portal.id != portal_id)
    if await session.scalar(stmt) is not None:
        raise InvalidField("Slug has already been taken", ["slug"])


PORTAL_TEXT_FIELDS = {"header_text": TEXT_MAX, "page_title": 255}


def _apply_portal_fields(portal: Portal, changes: dict) -> None:
    if "name" in changes:
        portal.name = check_text(changes["name"], "name", required=True).strip()
    for field, limit in PORTAL_TEXT_FIELDS.items():
        if field in changes:
            setattr(portal, field, check_text(changes[field], field, max_length=limit))
    if "color" in changes:
        portal.color = check_color(changes["color"])
    if "homepage_link" in changes:
        portal.homepage_link = check_url(changes["homepage_link"], "homepage_link")
    if "custom_domain" in changes:
        portal.custom_domain = check_custom_domain(changes["custom_domain"])
    if changes.get("archived") is not None:
        portal.archived = check_bool(changes["archived"], "archived")
    if "config" in changes:
        portal.config = check_config(changes["config"], portal.config)


def _portal_audit(portal: Portal) -> dict:
    return {"name": portal.name, "slug": portal.slug, "archived": portal.archived}


async def do_create_portal(session: AsyncSession, actor: Actor, fields: dict) -> Portal:
    check_administrator(actor)
    portal = Portal(account_id=actor.account_id, archived=False, config=check_config(None))
    if "name" not in fields:
        fields = {**fields, "name": None}
    _apply_portal_fields(portal, fields)
    slug = fields.get("slug")
    portal.slug = check_slug(slug) if slug not in (None, "") else slugify(portal.name, "portal")
    await _check_portal_slug_free(session, portal.slug)
    session.add(portal)
    await flush_unique(session, "slug")
    await record_audit(session, actor, "create", portal, _portal_audit(portal))
    return portal


async def do_update_portal(session: AsyncSession, actor: Actor, portal_ref: str, changes: dict) -> Portal:
    check_administrator(actor)
    portal = await access_portal(session, actor, portal_ref)
    before = _portal_audit(portal)
    _apply_portal_fields(portal, changes)
    if "slug" in changes:
        portal.slug = check_slug(changes["slug"])
        await _check_portal_slug_free(session, portal.slug, portal.id)
    await flush_unique(session, "slug")
    changes = changes_between(before, _portal_audit(portal))
    if changes:
        await record_audit(session, actor, "update", portal, changes)
    return portal


async def do_delete_portal(session: AsyncSession, actor: Actor, portal_ref: str) -> None:
    """Deletes its categories and articles with it."""
    check_administrator(actor)
    portal = await access_portal(session, actor, portal_ref)
    await record_audit(session, actor, "destroy", portal, _portal_audit(portal))
    await session.delete(portal)
    await session.flush()


# --- categories ----------------------------------------------------------------------------------


async def _check_category_slug_free(
    session: AsyncSession, portal: Portal, locale: str, slug: str, category_id: int | None = None
) -> None:
    stmt = select(Category.id).where(
        Category.account_id == portal.account_id,
        Category.portal_id == portal.id,
        Category.locale == locale,
        Category.slug == slug,
    )
    if category_id is not None:
        stmt = stmt.where(Category.id != category_id)
    if await session.scalar(stmt) is not None:
        raise InvalidField("Slug has already been taken in this locale", ["slug"])


async def _category_ref(session: AsyncSession, portal: Portal, value, field: str, own_id: int | None) -> int | None:
    """Parent or associated category: another category of the same portal, or none."""
    if value in (None, "", 0):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidField(f"{field} must be a category id", [field])
    if own_id is not None and value == own_id:
        raise InvalidField(f"{field} cannot be the category itself", [field])
    return (await access_category(session, portal, value)).id


async def _apply_category_fields(session: AsyncSession, portal: Portal, category: Category, changes: dict) -> None:
    if "name" in changes:
        category.name = check_text(changes["name"], "name", required=True).strip()
    if "description" in changes:
        category.description = check_text(changes["description"], "description", max_length=TEXT_MAX)
    if "icon" in changes:
        category.icon = check_text(changes["icon"], "icon", max_length=64)
    if "position" in changes:
        category.position = check_position(changes["position"])
    if "locale" in changes:
        category.locale = check_portal_locale(portal, changes["locale"])
    for field in ("parent_category_id", "associated_category_id"):
        if field in changes:
            setattr(category, field, await _category_ref(session, portal, changes[field], field, category.id))


def check_position(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 2**31 - 1:
        raise InvalidField("Position must be a whole number of 0 or more", ["position"])
    return value


def check_portal_locale(portal: Portal, value) -> str:
    if value in (None, ""):
        return default_locale(portal)
    locale = check_locale(value)
    if locale not in allowed_locales(portal):
        raise InvalidField(f"Locale {locale} is not one of the portal's locales", ["locale"])
    return locale


async def do_create_category(session: AsyncSession, actor: Actor, portal_ref: str, fields: dict) -> Category:
    check_administrator(actor)
    portal = await access_portal(session, actor, portal_ref)
    category = Category(account_id=actor.account_id, portal_id=portal.id, locale=default_locale(portal))
    await _apply_category_fields(session, portal, category, {"name": None, **fields})
    slug = fields.get("slug")
    category.slug = check_slug(slug) if slug not in (None, "") else slugify(category.name, "category")
    await _check_category_slug_free(session, portal, category.locale, category.slug)
    session.add(category)
    await flush_unique(session, "slug")
    return category


async def do_update_category(
    session: AsyncSession, actor: Actor, portal_ref: str, category_id: int, changes: dict
) -> Category:
    check_administrator(actor)
    portal = await access_portal(session, actor, portal_ref)
    category = await access_category(session, portal, category_id)
    await _apply_category_fields(session, portal, category, changes)
    if "slug" in changes:
        category.slug = check_slug(changes["slug"])
    if "slug" in changes or "locale" in changes:
        await _check_category_slug_free(session, portal, category.locale, category.slug, category.id)
    await flush_unique(session, "slug")
    return category


async def do_delete_category(session: AsyncSession, actor: Actor, portal_ref: str, category_id: int) -> None:
    """Its articles stay, without a category."""
    check_administrator(actor)
    portal = await access_portal(session, actor, portal_ref)
    category = await access_category(session, portal, category_id)
    await session.delete(category)
    await session.flush()

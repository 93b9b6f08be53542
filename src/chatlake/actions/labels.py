"""Labels of an account: the vocabulary conversations and contacts are tagged with."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.administration import check_administrator, check_bool, flush_unique
from chatlake.actions.checks import check_text
from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField
from chatlake.models import Label
from chatlake.models.label import DEFAULT_LABEL_COLOR
from chatlake.queries.labels import access_label

# Letters and digits of any script, "-" and "_" (Chatwoot's rule): labels are matched by title in filters.
TITLE_RE = re.compile(r"[\w-]+")
COLOR_RE = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
DESCRIPTION_MAX = 10_000


def check_title(value) -> str:
    title = check_text(value, "title", required=True).lower()
    if not TITLE_RE.fullmatch(title):
        raise InvalidField("Title is invalid: use letters, digits, - and _ only", ["title"])
    return title


def check_color(value) -> str:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return DEFAULT_LABEL_COLOR
    if not isinstance(value, str) or not COLOR_RE.fullmatch(value.strip()):
        raise InvalidField("Color must be a hex color such as #1f93ff", ["color"])
    return value.strip()


async def _check_title_free(session: AsyncSession, account_id: int, title: str, label_id: int | None = None) -> None:
    stmt = select(Label.id).where(Label.account_id == account_id, Label.title == title)
    if label_id is not None:
        stmt = stmt.where(Label.id != label_id)
    if await session.scalar(stmt) is not None:
        raise InvalidField("Title has already been taken", ["title"])


async def do_create_label(
    session: AsyncSession,
    actor: Actor,
    *,
    title: str | None,
    description: str | None = None,
    color: str | None = None,
    show_on_sidebar: bool | None = None,
) -> Label:
    check_administrator(actor)
    label = Label(
        account_id=actor.account_id,
        title=check_title(title),
        description=check_text(description, "description", max_length=DESCRIPTION_MAX),
        color=check_color(color),
        show_on_sidebar=check_bool(show_on_sidebar, "show_on_sidebar") if show_on_sidebar is not None else False,
    )
    await _check_title_free(session, actor.account_id, label.title)
    session.add(label)
    await flush_unique(session, "title")
    return label


async def do_update_label(session: AsyncSession, actor: Actor, label_id: int, changes: dict) -> Label:
    """`changes` holds only the fields the caller sent: title, description, color, show_on_sidebar."""
    check_administrator(actor)
    label = await access_label(session, actor.account_id, label_id)
    if "title" in changes:
        title = check_title(changes["title"])
        await _check_title_free(session, actor.account_id, title, label.id)
        label.title = title
    if "description" in changes:
        label.description = check_text(changes["description"], "description", max_length=DESCRIPTION_MAX)
    if "color" in changes:
        label.color = check_color(changes["color"])
    if changes.get("show_on_sidebar") is not None:
        label.show_on_sidebar = check_bool(changes["show_on_sidebar"], "show_on_sidebar")
    await flush_unique(session, "title")
    return label


async def do_delete_label(session: AsyncSession, actor: Actor, label_id: int) -> None:
    check_administrator(actor)
    label = await access_label(session, actor.account_id, label_id)
    await session.delete(label)
    await session.flush()

"""Macros a member may see: the account's global ones and their own personal ones."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.errors import NotFound
from chatlake.models import Macro, User
from chatlake.models.macro import MACRO_VISIBILITIES


def _visible(actor: Actor):
    return select(Macro).where(
        Macro.account_id == actor.account_id,
        or_(
            Macro.visibility == MACRO_VISIBILITIES["global"],
            Macro.created_by_id == actor.user.id,
        ),
    )


async def list_macros(session: AsyncSession, actor: Actor) -> list[Macro]:
    return list(await session.scalars(_visible(actor).order_by(Macro.id)))


async def access_macro(session: AsyncSession, actor: Actor, macro_id: int) -> Macro:
    """Another member's personal macro is as unknown as another account's: 404."""
    macro = await session.scalar(_visible(actor).where(Macro.id == macro_id))
    if macro is None:
        raise NotFound()
    return macro


async def macro_authors(session: AsyncSession, macros: list[Macro]) -> dict[int, User]:
    """The users who created or last changed these macros, in one statement."""
    ids = {i for m in macros for i in (m.created_by_id, m.updated_by_id) if i is not None}
    if not ids:
        return {}
    return {user.id: user for user in await session.scalars(select(User).where(User.id.in_(ids)))}

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.errors import NotFound
from chatlake.models import CustomFilter


def _own(actor: Actor):
    """A user sees only the filters they saved, in this account."""
    return (CustomFilter.account_id == actor.account_id, CustomFilter.user_id == actor.user.id)


async def list_custom_filters(session: AsyncSession, actor: Actor, filter_type: int) -> list[CustomFilter]:
    return list(
        await session.scalars(
            select(CustomFilter).where(*_own(actor), CustomFilter.filter_type == filter_type).order_by(CustomFilter.id)
        )
    )


async def count_custom_filters(session: AsyncSession, actor: Actor) -> int:
    return int(await session.scalar(select(func.count()).select_from(CustomFilter).where(*_own(actor))) or 0)


async def access_custom_filter(session: AsyncSession, actor: Actor, filter_id: int) -> CustomFilter:
    custom_filter = await session.scalar(select(CustomFilter).where(*_own(actor), CustomFilter.id == filter_id))
    if custom_filter is None:
        raise NotFound()
    return custom_filter

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.errors import NotFound
from chatlake.models import Label


async def list_labels(session: AsyncSession, account_id: int) -> list[Label]:
    return list(await session.scalars(select(Label).where(Label.account_id == account_id).order_by(Label.title)))


async def access_label(session: AsyncSession, account_id: int, label_id: int) -> Label:
    label = await session.scalar(select(Label).where(Label.account_id == account_id, Label.id == label_id))
    if label is None:
        raise NotFound()
    return label

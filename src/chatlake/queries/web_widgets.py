"""Website channels of inboxes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import ChannelWebWidget, Inbox
from chatlake.models.inbox import CHANNEL_WEB_WIDGET


async def widget_of(session: AsyncSession, inbox: Inbox) -> ChannelWebWidget | None:
    if inbox.channel_type != CHANNEL_WEB_WIDGET:
        return None
    return await session.scalar(
        select(ChannelWebWidget).where(
            ChannelWebWidget.account_id == inbox.account_id, ChannelWebWidget.id == inbox.channel_id
        )
    )


async def widgets_by_channel_id(session: AsyncSession, account_id: int, inboxes) -> dict[int, ChannelWebWidget]:
    """The website channels of a list of inboxes, in one query."""
    ids = [i.channel_id for i in inboxes if i.channel_type == CHANNEL_WEB_WIDGET]
    if not ids:
        return {}
    rows = await session.scalars(
        select(ChannelWebWidget).where(ChannelWebWidget.account_id == account_id, ChannelWebWidget.id.in_(ids))
    )
    return {w.id: w for w in rows}

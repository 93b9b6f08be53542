"""Messages each agent sent themselves: outgoing, not private notes, by sender (not by the conversation's assignee)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import Message
from chatlake.models.message import MESSAGE_TYPES
from chatlake.queries.reports.periods import within


async def messages_sent_by_agent(session: AsyncSession, account_id: int, since=None, until=None) -> list[dict]:
    """[{id, outgoing_messages_count}] per user who sent outgoing, non-private messages in the range."""
    rows = await session.execute(
        select(Message.sender_id, func.count())
        .where(
            Message.account_id == account_id,
            Message.message_type == MESSAGE_TYPES["outgoing"],
            Message.private.is_(False),
            Message.sender_type == "User",
            *within(Message.created_at, since, until),
        )
        .group_by(Message.sender_id)
    )
    return [{"id": user_id, "outgoing_messages_count": count} for user_id, count in rows]

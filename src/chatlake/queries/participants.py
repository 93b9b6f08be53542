"""Who participates in a conversation, read inside its account."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import AccountUser, Conversation, ConversationParticipant, User


async def list_participants(session: AsyncSession, conversation: Conversation) -> list[tuple[User, AccountUser]]:
    """Participants with their memberships, in the order they joined. One statement."""
    rows = await session.execute(
        select(User, AccountUser)
        .join(ConversationParticipant, ConversationParticipant.user_id == User.id)
        .join(
            AccountUser,
            (AccountUser.account_id == ConversationParticipant.account_id) & (AccountUser.user_id == User.id),
        )
        .where(
            ConversationParticipant.account_id == conversation.account_id,
            ConversationParticipant.conversation_id == conversation.id,
        )
        .order_by(ConversationParticipant.id)
    )
    return [(user, membership) for user, membership in rows]


async def participant_ids(session: AsyncSession, conversation: Conversation) -> list[int]:
    return list(
        await session.scalars(
            select(ConversationParticipant.user_id)
            .where(
                ConversationParticipant.account_id == conversation.account_id,
                ConversationParticipant.conversation_id == conversation.id,
            )
            .order_by(ConversationParticipant.id)
        )
    )


async def participant_count(session: AsyncSession, conversation: Conversation) -> int:
    return await session.scalar(
        select(func.count()).where(
            ConversationParticipant.account_id == conversation.account_id,
            ConversationParticipant.conversation_id == conversation.id,
        )
    )

"""access_*: fetch one object inside the caller's account and permissions, or raise 404."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import AnyActor, BotActor
from chatlake.auth.contact_actor import ContactActor
from chatlake.errors import NotFound
from chatlake.models import (
    AgentBotInbox,
    ChannelApi,
    Contact,
    ContactInbox,
    Conversation,
    Inbox,
    InboxMember,
    Team,
    User,
)
from chatlake.models.user import AccountUser


def visible_inbox_ids_clause(actor: AnyActor):
    """Inbox ids an agent is a member of, or a bot is connected to (for `inbox_id IN (...)`)."""
    if isinstance(actor, BotActor):
        return select(AgentBotInbox.inbox_id).where(
            AgentBotInbox.account_id == actor.account_id, AgentBotInbox.agent_bot_id == actor.bot.id
        )
    return select(InboxMember.inbox_id).where(
        InboxMember.account_id == actor.account_id, InboxMember.user_id == actor.user.id
    )


async def sees_inbox(session: AsyncSession, actor: AnyActor, inbox_id: int) -> bool:
    """Whether a non-administrator may work in this inbox of their account."""
    if isinstance(actor, ContactActor):
        return actor.inbox.id == inbox_id
    if isinstance(actor, BotActor):
        stmt = select(AgentBotInbox.id).where(
            AgentBotInbox.account_id == actor.account_id,
            AgentBotInbox.agent_bot_id == actor.bot.id,
            AgentBotInbox.inbox_id == inbox_id,
        )
    else:
        stmt = select(InboxMember.id).where(
            InboxMember.account_id == actor.account_id,
            InboxMember.user_id == actor.user.id,
            InboxMember.inbox_id == inbox_id,
        )
    return await session.scalar(stmt) is not None


async def access_inbox(session: AsyncSession, actor: AnyActor, inbox_id: int) -> tuple[Inbox, ChannelApi | None]:
    stmt = (
        select(Inbox, ChannelApi)
        .outerjoin(ChannelApi, (Inbox.channel_type == "Channel::Api") & (ChannelApi.id == Inbox.channel_id))
        .where(Inbox.account_id == actor.account_id, Inbox.id == inbox_id)
    )
    if not actor.is_administrator:
        stmt = stmt.where(Inbox.id.in_(visible_inbox_ids_clause(actor)))
    row = (await session.execute(stmt)).first()
    if row is None:
        raise NotFound()
    return row[0], row[1]


async def access_contact(session: AsyncSession, actor: AnyActor, contact_id: int) -> Contact:
    contact = await session.scalar(
        select(Contact).where(Contact.account_id == actor.account_id, Contact.id == contact_id)
    )
    if contact is None:
        raise NotFound()
    return contact


async def access_contact_inbox(session: AsyncSession, actor: AnyActor, inbox_id: int, source_id: str) -> ContactInbox:
    contact_inbox = await session.scalar(
        select(ContactInbox).where(
            ContactInbox.account_id == actor.account_id,
            ContactInbox.inbox_id == inbox_id,
            ContactInbox.source_id == source_id,
        )
    )
    if contact_inbox is None:
        raise NotFound()
    return contact_inbox


async def access_conversation(session: AsyncSession, actor: AnyActor, display_id: int) -> Conversation:
    stmt = select(Conversation).where(
        Conversation.account_id == actor.account_id, Conversation.display_id == display_id
    )
    if not actor.is_administrator:
        stmt = stmt.where(Conversation.inbox_id.in_(visible_inbox_ids_clause(actor)))
    conversation = await session.scalar(stmt)
    if conversation is None:
        raise NotFound()
    return conversation


async def access_agent(session: AsyncSession, actor: AnyActor, user_id: int) -> User:
    user = await session.scalar(
        select(User)
        .join(AccountUser, AccountUser.user_id == User.id)
        .where(AccountUser.account_id == actor.account_id, User.id == user_id)
    )
    if user is None:
        raise NotFound()
    return user


async def access_team(session: AsyncSession, actor: AnyActor, team_id: int) -> Team:
    team = await session.scalar(select(Team).where(Team.account_id == actor.account_id, Team.id == team_id))
    if team is None:
        raise NotFound()
    return team

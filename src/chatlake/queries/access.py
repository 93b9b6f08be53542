"""access_*: fetch one object inside the caller's account and permissions, or raise 404."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.errors import NotFound
from chatlake.models import (
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


def visible_inbox_ids_clause(actor: Actor):
    """SQL condition on an inbox_id column limiting an agent to inboxes they are a member of."""
    return select(InboxMember.inbox_id).where(
        InboxMember.account_id == actor.account_id, InboxMember.user_id == actor.user.id
    )


async def access_inbox(session: AsyncSession, actor: Actor, inbox_id: int) -> tuple[Inbox, ChannelApi | None]:
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


async def access_contact(session: AsyncSession, actor: Actor, contact_id: int) -> Contact:
    contact = await session.scalar(
        select(Contact).where(Contact.account_id == actor.account_id, Contact.id == contact_id)
    )
    if contact is None:
        raise NotFound()
    return contact


async def access_contact_inbox(session: AsyncSession, actor: Actor, inbox_id: int, source_id: str) -> ContactInbox:
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


async def access_conversation(session: AsyncSession, actor: Actor, display_id: int) -> Conversation:
    stmt = select(Conversation).where(
        Conversation.account_id == actor.account_id, Conversation.display_id == display_id
    )
    if not actor.is_administrator:
        stmt = stmt.where(Conversation.inbox_id.in_(visible_inbox_ids_clause(actor)))
    conversation = await session.scalar(stmt)
    if conversation is None:
        raise NotFound()
    return conversation


async def access_agent(session: AsyncSession, actor: Actor, user_id: int) -> User:
    user = await session.scalar(
        select(User)
        .join(AccountUser, AccountUser.user_id == User.id)
        .where(AccountUser.account_id == actor.account_id, User.id == user_id)
    )
    if user is None:
        raise NotFound()
    return user


async def access_team(session: AsyncSession, actor: Actor, team_id: int) -> Team:
    team = await session.scalar(select(Team).where(Team.account_id == actor.account_id, Team.id == team_id))
    if team is None:
        raise NotFound()
    return team

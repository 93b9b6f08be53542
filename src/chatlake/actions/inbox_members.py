"""Which agents work in an inbox (agents see only the inboxes they are members of)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.administration import check_administrator, check_user_ids
from chatlake.actions.auto_assignment import unassign_departed
from chatlake.auth.actor import Actor
from chatlake.models import Inbox, InboxMember
from chatlake.queries.access import access_inbox
from chatlake.queries.agents import access_agents


async def _resolve(session: AsyncSession, actor: Actor, inbox_id: int, user_ids) -> tuple[Inbox, set[int], set[int]]:
    """The inbox, the user ids asked for (all members of the account, else 404), and the current members."""
    check_administrator(actor)
    inbox, _channel = await access_inbox(session, actor, inbox_id)
    agents = await access_agents(session, actor.account_id, check_user_ids(user_ids))
    current = set(
        await session.scalars(
            select(InboxMember.user_id).where(
                InboxMember.account_id == actor.account_id, InboxMember.inbox_id == inbox.id
            )
        )
    )
    return inbox, {user.id for user, _membership in agents}, current


def _add(session: AsyncSession, account_id: int, inbox_id: int, user_ids: set[int]) -> None:
    for user_id in sorted(user_ids):
        session.add(InboxMember(account_id=account_id, inbox_id=inbox_id, user_id=user_id))


async def _remove(session: AsyncSession, account_id: int, inbox_id: int, user_ids: set[int]) -> None:
    if user_ids:
        await session.execute(
            delete(InboxMember).where(
                InboxMember.account_id == account_id,
                InboxMember.inbox_id == inbox_id,
                InboxMember.user_id.in_(user_ids),
            )
        )


async def do_add_inbox_members(session: AsyncSession, actor: Actor, inbox_id: int, user_ids) -> Inbox:
    inbox, wanted, current = await _resolve(session, actor, inbox_id, user_ids)
    _add(session, actor.account_id, inbox.id, wanted - current)
    await session.flush()
    return inbox


async def do_replace_inbox_members(session: AsyncSession, actor: Actor, inbox_id: int, user_ids) -> Inbox:
    inbox, wanted, current = await _resolve(session, actor, inbox_id, user_ids)
    await _remove(session, actor.account_id, inbox.id, current - wanted)
    _add(session, actor.account_id, inbox.id, wanted - current)
    await session.flush()
    await unassign_departed(session, actor.account, inbox, current - wanted)
    return inbox


async def do_remove_inbox_members(session: AsyncSession, actor: Actor, inbox_id: int, user_ids) -> Inbox:
    inbox, wanted, current = await _resolve(session, actor, inbox_id, user_ids)
    await _remove(session, actor.account_id, inbox.id, wanted & current)
    await session.flush()
    await unassign_departed(session, actor.account, inbox, wanted & current)
    return inbox

"""Account members (agents and administrators), read inside the caller's account."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.errors import NotFound
from chatlake.models import AccountUser, InboxMember, TeamMember, User
from chatlake.models.user import ROLES


def _agents_stmt(account_id: int):
    return (
        select(User, AccountUser)
        .join(AccountUser, AccountUser.user_id == User.id)
        .where(AccountUser.account_id == account_id)
        .order_by(func.lower(User.name), User.id)
    )


async def list_agents(session: AsyncSession, account_id: int) -> list[tuple[User, AccountUser]]:
    return [(u, m) for u, m in await session.execute(_agents_stmt(account_id))]


async def access_membership(session: AsyncSession, account_id: int, user_id: int) -> tuple[User, AccountUser]:
    row = (await session.execute(_agents_stmt(account_id).where(User.id == user_id))).first()
    if row is None:
        raise NotFound()
    return row[0], row[1]


async def access_agents(session: AsyncSession, account_id: int, user_ids: list[int]) -> list[tuple[User, AccountUser]]:
    """Every id must name a member of the account, or the whole request is a 404; rows come in `user_ids` order."""
    if not user_ids:
        return []
    rows = {u.id: (u, m) for u, m in await session.execute(_agents_stmt(account_id).where(User.id.in_(user_ids)))}
    if len(rows) != len(user_ids):
        raise NotFound()
    return [rows[i] for i in user_ids]


async def administrator_ids(session: AsyncSession, account_id: int) -> list[int]:
    """The account's administrators, locked on PostgreSQL so two concurrent demotions cannot both pass."""
    stmt = (
        select(AccountUser.user_id)
        .where(AccountUser.account_id == account_id, AccountUser.role == ROLES["administrator"])
        .with_for_update()
    )
    return list(await session.scalars(stmt))


async def team_member_agents(session: AsyncSession, account_id: int, team_id: int) -> list[tuple[User, AccountUser]]:
    stmt = _agents_stmt(account_id).where(
        User.id.in_(
            select(TeamMember.user_id).where(TeamMember.account_id == account_id, TeamMember.team_id == team_id)
        )
    )
    return [(u, m) for u, m in await session.execute(stmt)]


async def inbox_member_agents(session: AsyncSession, account_id: int, inbox_id: int) -> list[tuple[User, AccountUser]]:
    stmt = _agents_stmt(account_id).where(
        User.id.in_(
            select(InboxMember.user_id).where(InboxMember.account_id == account_id, InboxMember.inbox_id == inbox_id)
        )
    )
    return [(u, m) for u, m in await session.execute(stmt)]

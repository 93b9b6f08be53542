"""Reads that sign-in needs before there is an account to scope by: users are global, not per account."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import AccountUser, User


async def user_with_email(session: AsyncSession, email: str) -> User | None:
    # Emails are stored trimmed and lower-cased (actions.checks.check_email).
    return await session.scalar(select(User).where(User.email == email.strip().lower()))


async def user_with_id(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def first_account_id(session: AsyncSession, user: User) -> int | None:
    """The account the dashboard opens: the user's oldest membership, as GET /api/v1/profile reports it."""
    return await session.scalar(
        select(AccountUser.account_id).where(AccountUser.user_id == user.id).order_by(AccountUser.id).limit(1)
    )

"""Reads that sign-in needs before there is an account to scope by: users are global, not per account."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.crypto import token_digest
from chatlake.models import AccountUser, DashboardSession, User


async def user_with_email(session: AsyncSession, email: str) -> User | None:
    # Emails are stored trimmed and lower-cased (actions.checks.check_email).
    return await session.scalar(select(User).where(User.email == email.strip().lower()))


async def user_of_dashboard_session(session: AsyncSession, user_id: int, session_token: str) -> User | None:
    """The user, if that sign-in has not been ended (signed out, or revoked by a password change)."""
    return await session.scalar(
        select(User)
        .join(DashboardSession, DashboardSession.user_id == User.id)
        .where(User.id == user_id, DashboardSession.token_digest == token_digest(session_token))
    )


async def first_account_id(session: AsyncSession, user: User) -> int | None:
    """The account the dashboard opens: the user's oldest membership, as GET /api/v1/profile reports it."""
    return await session.scalar(
        select(AccountUser.account_id).where(AccountUser.user_id == user.id).order_by(AccountUser.id).limit(1)
    )

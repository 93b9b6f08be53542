"""Resolving `api_access_token` headers to users and their account memberships."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.crypto import token_digest
from chatlake.errors import Unauthorized
from chatlake.models import AccessToken, Account, AccountUser, User

INVALID_TOKEN = "Invalid Access Token"
NOT_A_MEMBER = "You are not authorized to access this account"


async def user_for_token(session: AsyncSession, token: str | None) -> User:
    if not token:
        raise Unauthorized(INVALID_TOKEN)
    user = await session.scalar(
        select(User)
        .join(AccessToken, (AccessToken.owner_id == User.id) & (AccessToken.owner_type == "User"))
        .where(AccessToken.token_digest == token_digest(token))
    )
    if user is None:
        raise Unauthorized(INVALID_TOKEN)
    return user


async def actor_in_account(session: AsyncSession, user: User, account_id: int) -> Actor:
    row = (
        await session.execute(
            select(Account, AccountUser.role)
            .join(AccountUser, AccountUser.account_id == Account.id)
            .where(Account.id == account_id, AccountUser.user_id == user.id)
        )
    ).first()
    if row is None:
        raise Unauthorized(NOT_A_MEMBER)
    account, role = row
    if account.status != 0:
        raise Unauthorized("Account is suspended")
    return Actor(user=user, account=account, role=role)


async def actor_for_token(session: AsyncSession, token: str | None, account_id: int) -> Actor:
    """user_for_token and actor_in_account in one statement: every account-scoped request pays for it."""
    if not token:
        raise Unauthorized(INVALID_TOKEN)
    row = (
        await session.execute(
            select(User, Account, AccountUser.role)
            .join(AccessToken, (AccessToken.owner_id == User.id) & (AccessToken.owner_type == "User"))
            .outerjoin(AccountUser, (AccountUser.user_id == User.id) & (AccountUser.account_id == account_id))
            .outerjoin(Account, Account.id == AccountUser.account_id)
            .where(AccessToken.token_digest == token_digest(token))
        )
    ).first()
    if row is None:
        raise Unauthorized(INVALID_TOKEN)
    user, account, role = row
    if account is None:
        raise Unauthorized(NOT_A_MEMBER)
    if account.status != 0:
        raise Unauthorized("Account is suspended")
    return Actor(user=user, account=account, role=role)


async def access_token_of(session: AsyncSession, owner_type: str, owner_id: int) -> str | None:
    return await session.scalar(
        select(AccessToken.token).where(AccessToken.owner_type == owner_type, AccessToken.owner_id == owner_id)
    )

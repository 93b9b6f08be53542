"""Resolving `api_access_token` headers to users and their account memberships."""

from __future__ import annotations

from typing import NoReturn

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor, AnyActor, BotActor
from chatlake.crypto import token_digest
from chatlake.db import Database
from chatlake.errors import Unauthorized
from chatlake.models import AccessToken, Account, AccountUser, AgentBot, AgentBotInbox, User

INVALID_TOKEN = "Invalid Access Token"
# Beyond this many (token, account) pairs the cache starts again: a bound, not an eviction policy.
MAX_CACHED_ACTORS = 10_000
NOT_A_MEMBER = "You are not authorized to access this account"
NOT_FOR_BOTS = "Access to this endpoint is not authorized for bots"


async def _bot_for_token(session: AsyncSession, token: str) -> AgentBot | None:
    return await session.scalar(
        select(AgentBot)
        .join(AccessToken, (AccessToken.owner_id == AgentBot.id) & (AccessToken.owner_type == "AgentBot"))
        .where(AccessToken.token_digest == token_digest(token))
    )


async def _refuse_unknown_or_bot(session: AsyncSession, token: str) -> NoReturn:
    """No user has this token: a bot's token is refused by name, anything else is invalid."""
    if await _bot_for_token(session, token) is not None:
        raise Unauthorized(NOT_FOR_BOTS)
    raise Unauthorized(INVALID_TOKEN)


async def user_for_token(session: AsyncSession, token: str | None) -> User:
    if not token:
        raise Unauthorized(INVALID_TOKEN)
    user = await session.scalar(
        select(User)
        .join(AccessToken, (AccessToken.owner_id == User.id) & (AccessToken.owner_type == "User"))
        .where(AccessToken.token_digest == token_digest(token))
    )
    if user is None:
        await _refuse_unknown_or_bot(session, token)
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
    actor = await _user_actor(session, token, account_id)
    if actor is None:
        await _refuse_unknown_or_bot(session, token or "")
    return actor


async def actor_or_bot_for_token(session: AsyncSession, token: str | None, account_id: int) -> AnyActor:
    """For the endpoints bots may call: a user's token as actor_for_token, else an agent bot's."""
    actor = await _user_actor(session, token, account_id)
    if actor is not None:
        return actor
    bot = await _bot_for_token(session, token or "")
    if bot is None:
        raise Unauthorized(INVALID_TOKEN)
    return await bot_in_account(session, bot, account_id)


async def bot_in_account(session: AsyncSession, bot: AgentBot, account_id: int) -> BotActor:
    """A bot may act in the account it belongs to, or in one where it is connected to an inbox."""
    account = await session.get(Account, account_id)
    connected = account is not None and (
        bot.account_id == account_id
        or await session.scalar(
            select(AgentBotInbox.id)
            .where(AgentBotInbox.account_id == account_id, AgentBotInbox.agent_bot_id == bot.id)
            .limit(1)
        )
        is not None
    )
    if account is None or not connected:
        raise Unauthorized(NOT_A_MEMBER)
    if account.status != 0:
        raise Unauthorized("Account is suspended")
    return BotActor(bot=bot, account=account)


async def _user_actor(session: AsyncSession, token: str | None, account_id: int) -> Actor | None:
    """None when no user holds the token."""
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
        return None
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


async def cached_actor(db: Database, token: str | None, account_id: int, *, bots_too: bool = False) -> AnyActor:
    """actor_for_token (or actor_or_bot_for_token), remembered per token digest and account until any change
    to users, tokens, memberships, accounts or bots commits (cache/tracking.py). A miss reads on a read-only
    connection, so authentication never holds the SQLite writer. Refusals are not remembered."""
    if not token:
        raise Unauthorized(INVALID_TOKEN)
    key = (token_digest(token), account_id, bots_too)
    actors = db.cache.actors
    actor = actors.get(key)
    if actor is None:
        async with db.read_sessionmaker() as session:
            resolve = actor_or_bot_for_token if bots_too else actor_for_token
            actor = await resolve(session, token, account_id)
        if len(actors) >= MAX_CACHED_ACTORS:
            actors.clear()
        actors[key] = actor
    return actor

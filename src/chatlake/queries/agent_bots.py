"""Agent bots an account can see: its own, and system bots (no account)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.errors import NotFound
from chatlake.models import AgentBot, AgentBotInbox

MAX_ID = 2**31 - 1  # ids are 32-bit integers: a larger one names nothing (and PostgreSQL would refuse it)


def check_path_id(value: int) -> int:
    if not 0 < value <= MAX_ID:
        raise NotFound()
    return value


def _visible_to(account_id: int):
    return or_(AgentBot.account_id == account_id, AgentBot.account_id.is_(None))


async def list_agent_bots(session: AsyncSession, account_id: int) -> list[AgentBot]:
    return list(await session.scalars(select(AgentBot).where(_visible_to(account_id)).order_by(AgentBot.id)))


async def access_agent_bot(
    session: AsyncSession, account_id: int, bot_id: int, *, include_system: bool = False
) -> AgentBot:
    """The account's own bot (or, for reading and connecting, a system bot), else 404."""
    check_path_id(bot_id)
    condition = _visible_to(account_id) if include_system else AgentBot.account_id == account_id
    bot = await session.scalar(select(AgentBot).where(AgentBot.id == bot_id, condition))
    if bot is None:
        raise NotFound()
    return bot


async def inbox_agent_bot(session: AsyncSession, account_id: int, inbox_id: int) -> AgentBot | None:
    return await session.scalar(
        select(AgentBot)
        .join(AgentBotInbox, AgentBotInbox.agent_bot_id == AgentBot.id)
        .where(AgentBotInbox.account_id == account_id, AgentBotInbox.inbox_id == inbox_id)
    )

"""The Platform API's agent bots: system bots (no account) or bots of an account the app holds."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.agent_bots import DESCRIPTION_MAX, OWNER_TYPE, _issue_token, check_bot_config, check_bot_type
from chatlake.actions.checks import check_text, check_url
from chatlake.actions.platform_apps import do_forget_grants, do_grant
from chatlake.crypto import new_token
from chatlake.models import AccessToken, AgentBot, AgentBotInbox, PlatformApp
from chatlake.models.base import utcnow


def _apply(bot: AgentBot, changes: dict) -> None:
    if "name" in changes:
        bot.name = check_text(changes["name"], "name", required=True)
    if "description" in changes:
        bot.description = check_text(changes["description"], "description", max_length=DESCRIPTION_MAX)
    if "outgoing_url" in changes:
        url = check_url(changes["outgoing_url"], "outgoing_url")
        if url != bot.outgoing_url:
            bot.outgoing_disabled_at = None  # a new URL is tried again after a 410 Gone
        bot.outgoing_url = url
    if "avatar_url" in changes:
        bot.avatar_url = check_url(changes["avatar_url"], "avatar_url")
    if "bot_type" in changes:
        bot.bot_type = check_bot_type(changes["bot_type"])
    if "bot_config" in changes:
        bot.bot_config = check_bot_config(changes["bot_config"])


async def do_platform_create_agent_bot(
    session: AsyncSession, app: PlatformApp, account_id: int | None, fields: dict
) -> tuple[AgentBot, str]:
    """`account_id` has been resolved among the app's accounts by the caller (None: a system bot)."""
    if "name" not in fields:
        fields = {**fields, "name": None}
    bot = AgentBot(account_id=account_id, name="", bot_type=0, bot_config={}, secret=new_token())
    _apply(bot, fields)
    session.add(bot)
    await session.flush()
    await do_grant(session, app, "AgentBot", bot.id)
    return bot, await _issue_token(session, bot)


async def do_platform_update_agent_bot(
    session: AsyncSession, bot: AgentBot, changes: dict, account_id: int | None = None
) -> AgentBot:
    _apply(bot, changes)
    if "account_id" in changes and account_id != bot.account_id:
        # Connections made in the old account must not keep a bot that belongs elsewhere now.
        await session.execute(delete(AgentBotInbox).where(AgentBotInbox.agent_bot_id == bot.id))
        bot.account_id = account_id
    bot.updated_at = utcnow()
    await session.flush()
    return bot


async def do_platform_delete_agent_bot(session: AsyncSession, bot: AgentBot) -> None:
    """Its token stops working and the inboxes it answered (in any account) are left without a bot."""
    await session.execute(
        delete(AccessToken).where(AccessToken.owner_type == OWNER_TYPE, AccessToken.owner_id == bot.id)
    )
    await session.execute(delete(AgentBotInbox).where(AgentBotInbox.agent_bot_id == bot.id))
    await do_forget_grants(session, "AgentBot", [bot.id])
    await session.delete(bot)
    await session.flush()

"""Agent bots of an account, their access tokens, and which inbox each one answers."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.administration import check_administrator
from chatlake.actions.checks import check_json_object, check_text, check_url
from chatlake.auth.actor import Actor
from chatlake.crypto import new_token, token_digest
from chatlake.errors import InvalidField
from chatlake.models import AccessToken, AgentBot, AgentBotInbox
from chatlake.models.agent_bot import BOT_INBOX_STATUSES, BOT_TYPES
from chatlake.models.base import utcnow
from chatlake.queries.access import access_inbox
from chatlake.queries.agent_bots import access_agent_bot

OWNER_TYPE = "AgentBot"
DESCRIPTION_MAX = 10_000
CONFIG_MAX_KEYS = 100


def check_bot_type(value) -> int:
    """0 or "webhook": the only kind of bot there is."""
    if value is None:
        return BOT_TYPES["webhook"]
    if isinstance(value, str) and value in BOT_TYPES:
        return BOT_TYPES[value]
    if isinstance(value, int | str) and not isinstance(value, bool) and str(value) in {"0"}:
        return int(value)
    raise InvalidField("Bot type must be 0 (webhook)", ["bot_type"])


def check_bot_config(value) -> dict:
    config = check_json_object(value, "bot_config")
    if len(config) > CONFIG_MAX_KEYS:
        raise InvalidField(f"bot_config may hold at most {CONFIG_MAX_KEYS} keys", ["bot_config"])
    return config


async def _issue_token(session: AsyncSession, bot: AgentBot) -> str:
    """A new token replaces any earlier one: the old one stops working in the same commit."""
    await session.execute(
        delete(AccessToken).where(AccessToken.owner_type == OWNER_TYPE, AccessToken.owner_id == bot.id)
    )
    token = new_token()
    session.add(AccessToken(owner_type=OWNER_TYPE, owner_id=bot.id, token_digest=token_digest(token), token=token))
    await session.flush()
    return token


async def do_create_agent_bot(session: AsyncSession, actor: Actor, fields: dict) -> tuple[AgentBot, str]:
    check_administrator(actor)
    bot = AgentBot(
        account_id=actor.account_id,
        name=check_text(fields.get("name"), "name", required=True),
        description=check_text(fields.get("description"), "description", max_length=DESCRIPTION_MAX),
        outgoing_url=check_url(fields.get("outgoing_url"), "outgoing_url"),
        avatar_url=check_url(fields.get("avatar_url"), "avatar_url"),
        bot_type=check_bot_type(fields.get("bot_type")),
        bot_config=check_bot_config(fields.get("bot_config")),
        secret=new_token(),
    )
    session.add(bot)
    await session.flush()
    return bot, await _issue_token(session, bot)


async def do_update_agent_bot(session: AsyncSession, actor: Actor, bot_id: int, changes: dict) -> AgentBot:
    """`changes` holds only the fields sent. A new outgoing_url re-enables one that answered 410 Gone."""
    check_administrator(actor)
    bot = await access_agent_bot(session, actor.account_id, bot_id)
    if "name" in changes:
        bot.name = check_text(changes["name"], "name", required=True)
    if "description" in changes:
        bot.description = check_text(changes["description"], "description", max_length=DESCRIPTION_MAX)
    if "outgoing_url" in changes:
        url = check_url(changes["outgoing_url"], "outgoing_url")
        if url != bot.outgoing_url:
            bot.outgoing_disabled_at = None
        bot.outgoing_url = url
    if "avatar_url" in changes:
        bot.avatar_url = check_url(changes["avatar_url"], "avatar_url")
    if "bot_type" in changes:
        bot.bot_type = check_bot_type(changes["bot_type"])
    if "bot_config" in changes:
        bot.bot_config = check_bot_config(changes["bot_config"])
    bot.updated_at = utcnow()
    await session.flush()
    return bot


async def do_delete_agent_bot(session: AsyncSession, actor: Actor, bot_id: int) -> None:
    """Its token stops working and its inboxes are left without a bot; its messages stay."""
    check_administrator(actor)
    bot = await access_agent_bot(session, actor.account_id, bot_id)
    await session.execute(
        delete(AccessToken).where(AccessToken.owner_type == OWNER_TYPE, AccessToken.owner_id == bot.id)
    )
    await session.execute(
        delete(AgentBotInbox).where(AgentBotInbox.account_id == actor.account_id, AgentBotInbox.agent_bot_id == bot.id)
    )
    await session.delete(bot)
    await session.flush()


async def do_reset_bot_token(session: AsyncSession, actor: Actor, bot_id: int) -> tuple[AgentBot, str]:
    check_administrator(actor)
    bot = await access_agent_bot(session, actor.account_id, bot_id)
    return bot, await _issue_token(session, bot)


async def do_set_inbox_bot(session: AsyncSession, actor: Actor, inbox_id: int, bot_id: int | None) -> AgentBot | None:
    """Connect the bot (the account's own or a system bot) to the inbox, replacing any other; None disconnects."""
    check_administrator(actor)
    inbox, _channel = await access_inbox(session, actor, inbox_id)
    bot = await access_agent_bot(session, actor.account_id, bot_id, include_system=True) if bot_id else None
    link = await session.scalar(
        select(AgentBotInbox).where(AgentBotInbox.account_id == actor.account_id, AgentBotInbox.inbox_id == inbox.id)
    )
    if bot is None:
        if link is not None:
            await session.delete(link)
    elif link is None:
        session.add(
            AgentBotInbox(
                account_id=actor.account_id,
                inbox_id=inbox.id,
                agent_bot_id=bot.id,
                status=BOT_INBOX_STATUSES["active"],
            )
        )
    else:
        link.agent_bot_id = bot.id
        link.status = BOT_INBOX_STATUSES["active"]
    await session.flush()
    return bot

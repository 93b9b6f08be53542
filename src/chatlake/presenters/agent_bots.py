"""Agent bot shapes: the resource (Chatwoot's agent_bot partial), and a bot as a sender or typist."""

from __future__ import annotations

from chatlake.models import AgentBot
from chatlake.models.agent_bot import BOT_TYPE_NAMES


def agent_bot_json(bot: AgentBot, *, access_token: str | None = None, show_secrets: bool = False) -> dict:
    """`access_token` and `secret` are credentials: only administrators of the bot's own account see them."""
    system_bot = bot.account_id is None
    body = {
        "id": bot.id,
        "name": bot.name,
        "description": bot.description,
        "thumbnail": bot.avatar_url or "",
        "outgoing_url": None if system_bot else bot.outgoing_url,
        "bot_type": BOT_TYPE_NAMES.get(bot.bot_type, "webhook"),
        "bot_config": bot.bot_config or {},
        "account_id": bot.account_id,
        "system_bot": system_bot,
    }
    if show_secrets and not system_bot:
        body["access_token"] = access_token
        body["secret"] = bot.secret
    return body


def bot_push(bot: AgentBot) -> dict:
    return {
        "id": bot.id,
        "name": bot.name,
        "avatar_url": bot.avatar_url or "",
        "thumbnail": bot.avatar_url or "",
        "type": "agent_bot",
    }


def bot_webhook(bot: AgentBot) -> dict:
    return {"id": bot.id, "name": bot.name, "type": "agent_bot"}

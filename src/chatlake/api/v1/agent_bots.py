"""Agent bots of an account (Chatwoot's "Account AgentBots") and the bot of an inbox."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from chatlake.actions.agent_bots import (
    OWNER_TYPE,
    do_create_agent_bot,
    do_delete_agent_bot,
    do_reset_bot_token,
    do_set_inbox_bot,
    do_update_agent_bot,
)
from chatlake.actions.assignments import check_id
from chatlake.api.admin_schemas import Wrapped
from chatlake.api.deps import CurrentActor, Session
from chatlake.api.schemas import Body
from chatlake.auth.actor import Actor
from chatlake.auth.tokens import access_token_of
from chatlake.errors import InvalidField
from chatlake.models import AgentBot
from chatlake.presenters.agent_bots import agent_bot_json
from chatlake.queries.access import access_inbox
from chatlake.queries.agent_bots import access_agent_bot, check_path_id, inbox_agent_bot, list_agent_bots

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Account AgentBots"])


class AgentBotIn(Wrapped):
    wrapper = "agent_bot"
    name: str | None = None
    description: str | None = None
    outgoing_url: str | None = None
    avatar_url: str | None = None
    bot_type: Any = None
    bot_config: Any = None


class SetAgentBotIn(Body):
    agent_bot: Any = None


async def _render(session: Session, actor: Actor, bot: AgentBot, token: str | None = None) -> dict:
    """Credentials only for administrators of the bot's own account."""
    show = actor.is_administrator and bot.account_id == actor.account_id
    if show and token is None:
        token = await access_token_of(session, OWNER_TYPE, bot.id)
    return agent_bot_json(bot, access_token=token, show_secrets=show)


@router.get("/agent_bots")
async def index(session: Session, actor: CurrentActor) -> list[dict]:
    return [await _render(session, actor, bot) for bot in await list_agent_bots(session, actor.account_id)]


@router.post("/agent_bots")
async def create(body: AgentBotIn, session: Session, actor: CurrentActor) -> dict:
    bot, token = await do_create_agent_bot(session, actor, body.changes())
    return await _render(session, actor, bot, token)


@router.get("/agent_bots/{bot_id}")
async def show(bot_id: int, session: Session, actor: CurrentActor) -> dict:
    bot = await access_agent_bot(session, actor.account_id, bot_id, include_system=True)
    return await _render(session, actor, bot)


@router.patch("/agent_bots/{bot_id}")
@router.put("/agent_bots/{bot_id}")
async def update(bot_id: int, body: AgentBotIn, session: Session, actor: CurrentActor) -> dict:
    bot = await do_update_agent_bot(session, actor, bot_id, body.changes())
    return await _render(session, actor, bot)


@router.delete("/agent_bots/{bot_id}")
async def destroy(bot_id: int, session: Session, actor: CurrentActor) -> Response:
    await do_delete_agent_bot(session, actor, bot_id)
    return Response(status_code=200)


@router.post("/agent_bots/{bot_id}/reset_access_token")
async def reset_access_token(bot_id: int, session: Session, actor: CurrentActor) -> dict:
    bot, token = await do_reset_bot_token(session, actor, bot_id)
    return await _render(session, actor, bot, token)


@router.get("/inboxes/{inbox_id}/agent_bot", tags=["Inboxes"])
async def inbox_bot(inbox_id: int, session: Session, actor: CurrentActor) -> dict:
    await access_inbox(session, actor, check_path_id(inbox_id))
    bot = await inbox_agent_bot(session, actor.account_id, inbox_id)
    return {"agent_bot": await _render(session, actor, bot) if bot else None}


@router.post("/inboxes/{inbox_id}/set_agent_bot", tags=["Inboxes"], status_code=204)
async def set_agent_bot(
    inbox_id: int, session: Session, actor: CurrentActor, body: SetAgentBotIn | None = None
) -> Response:
    body = body or SetAgentBotIn()
    if "agent_bot" not in body.model_fields_set:
        raise InvalidField("agent_bot is required (an id, or null to disconnect)", ["agent_bot"])
    await do_set_inbox_bot(session, actor, check_path_id(inbox_id), check_id(body.agent_bot, "agent_bot"))
    return Response(status_code=204)

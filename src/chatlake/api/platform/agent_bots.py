"""Platform agent bots: system bots, or bots of an account the app holds."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.agent_bots import OWNER_TYPE
from chatlake.actions.assignments import check_id
from chatlake.actions.platform_agent_bots import (
    do_platform_create_agent_bot,
    do_platform_delete_agent_bot,
    do_platform_update_agent_bot,
)
from chatlake.api.admin_schemas import Wrapped
from chatlake.api.deps import Session
from chatlake.api.platform.deps import CurrentPlatformApp
from chatlake.auth.tokens import access_token_of
from chatlake.models import AgentBot, PlatformApp
from chatlake.presenters.platform import platform_agent_bot_json
from chatlake.queries.platform import access_permissible, granted_records

router = APIRouter(prefix="/platform/api/v1", tags=["Platform: AgentBots"])


class PlatformAgentBotIn(Wrapped):
    wrapper = "agent_bot"
    name: Any = None
    description: Any = None
    outgoing_url: Any = None
    account_id: Any = None
    avatar_url: Any = None
    bot_type: Any = None
    bot_config: Any = None


async def _account_id(session: AsyncSession, app: PlatformApp, value) -> int | None:
    """An account named in the body is resolved among the app's own accounts, exactly like a path id."""
    account_id = check_id(value, "account_id")
    if not account_id:
        return None
    return (await access_permissible(session, app, "Account", account_id)).id


async def _render(session: AsyncSession, bot: AgentBot, token: str | None = None) -> dict:
    return platform_agent_bot_json(bot, token or await access_token_of(session, OWNER_TYPE, bot.id))


@router.get("/agent_bots")
async def index(session: Session, app: CurrentPlatformApp) -> list[dict]:
    return [await _render(session, bot) for bot in await granted_records(session, app, "AgentBot")]


@router.post("/agent_bots")
async def create(body: PlatformAgentBotIn, session: Session, app: CurrentPlatformApp) -> dict:
    fields = body.changes()
    account_id = await _account_id(session, app, fields.pop("account_id", None))
    bot, token = await do_platform_create_agent_bot(session, app, account_id, fields)
    return await _render(session, bot, token)


@router.get("/agent_bots/{id}")
async def show(id: int, session: Session, app: CurrentPlatformApp) -> dict:  # noqa: A002 - Chatwoot's name
    return await _render(session, await access_permissible(session, app, "AgentBot", id))


@router.patch("/agent_bots/{id}")
@router.put("/agent_bots/{id}", include_in_schema=False)
async def update(id: int, body: PlatformAgentBotIn, session: Session, app: CurrentPlatformApp) -> dict:  # noqa: A002
    bot = await access_permissible(session, app, "AgentBot", id)
    changes = body.changes()
    account_id = await _account_id(session, app, changes.get("account_id")) if "account_id" in changes else None
    return await _render(session, await do_platform_update_agent_bot(session, bot, changes, account_id))


@router.delete("/agent_bots/{id}")
async def destroy(id: int, session: Session, app: CurrentPlatformApp) -> Response:  # noqa: A002
    await do_platform_delete_agent_bot(session, await access_permissible(session, app, "AgentBot", id))
    return Response(status_code=200)

"""Chatlake extension: the delivery log of an agent bot's outgoing_url, as webhooks have one."""

from __future__ import annotations

from fastapi import APIRouter

from chatlake.actions.administration import check_administrator
from chatlake.actions.webhooks import do_redeliver
from chatlake.api.deps import CurrentActor, Session
from chatlake.models import Event
from chatlake.presenters.webhooks import delivery_json
from chatlake.queries.agent_bots import access_agent_bot
from chatlake.queries.deliveries import access_delivery, list_deliveries

router = APIRouter(prefix="/api/v1/accounts/{account_id}/agent_bots/{bot_id}", tags=["Account AgentBots"])


@router.get("/deliveries")
async def deliveries(
    bot_id: int, session: Session, actor: CurrentActor, before: int | None = None, status: str | None = None
) -> dict:
    """Newest first, 50 a page; this account's deliveries only (a system bot serves many accounts)."""
    check_administrator(actor)
    bot = await access_agent_bot(session, actor.account_id, bot_id, include_system=True)
    rows = await list_deliveries(session, actor.account_id, "agent_bot", bot.id, before=before, status=status)
    return {"payload": [delivery_json(d, e) for d, e in rows]}


@router.post("/deliveries/{delivery_id}/redeliver")
async def redeliver(bot_id: int, delivery_id: int, session: Session, actor: CurrentActor) -> dict:
    check_administrator(actor)
    bot = await access_agent_bot(session, actor.account_id, bot_id, include_system=True)
    delivery = await access_delivery(session, actor.account_id, "agent_bot", bot.id, delivery_id)
    again = await do_redeliver(session, actor, delivery)
    return {"payload": delivery_json(again, await session.get(Event, again.event_id))}

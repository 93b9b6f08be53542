from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from chatlake.actions.inboxes import do_create_inbox, do_update_inbox
from chatlake.api.deps import CurrentActor, Session
from chatlake.api.schemas import InboxCreate
from chatlake.models import ChannelApi, Inbox
from chatlake.presenters.inboxes import inbox_json
from chatlake.queries.access import access_inbox, visible_inbox_ids_clause

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Inboxes"])


@router.get("/inboxes")
async def list_inboxes(session: Session, actor: CurrentActor) -> dict:
    stmt = (
        select(Inbox, ChannelApi)
        .outerjoin(ChannelApi, (Inbox.channel_type == "Channel::Api") & (ChannelApi.id == Inbox.channel_id))
        .where(Inbox.account_id == actor.account_id)
        .order_by(Inbox.id)
    )
    if not actor.is_administrator:
        stmt = stmt.where(Inbox.id.in_(visible_inbox_ids_clause(actor)))
    rows = await session.execute(stmt)
    return {"payload": [inbox_json(i, c, with_secrets=actor.is_administrator) for i, c in rows]}


@router.post("/inboxes")
async def create_inbox(body: InboxCreate, session: Session, actor: CurrentActor) -> dict:
    inbox, channel = await do_create_inbox(session, actor, name=body.name, channel=body.channel)
    return inbox_json(inbox, channel, with_secrets=True)


@router.patch("/inboxes/{inbox_id}")
@router.put("/inboxes/{inbox_id}")
async def update_inbox(inbox_id: int, body: dict[str, Any], session: Session, actor: CurrentActor) -> dict:
    inbox, channel = await access_inbox(session, actor, inbox_id)
    fields = body.get("inbox") if isinstance(body.get("inbox"), dict) else body
    inbox = await do_update_inbox(session, actor, inbox, channel, fields)
    return inbox_json(inbox, channel, with_secrets=True)


@router.get("/inboxes/{inbox_id}")
async def show_inbox(inbox_id: int, session: Session, actor: CurrentActor) -> dict:
    inbox, channel = await access_inbox(session, actor, inbox_id)
    return inbox_json(inbox, channel, with_secrets=actor.is_administrator)

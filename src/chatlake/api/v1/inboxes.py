from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import select

from chatlake.actions.inboxes import do_create_inbox, do_update_inbox
from chatlake.api.deps import CurrentActor, Session
from chatlake.api.schemas import InboxCreate
from chatlake.models import ChannelApi, Inbox
from chatlake.models.inbox import CHANNEL_WEB_WIDGET
from chatlake.operations.webhook_url_check import webhook_url_warning
from chatlake.presenters.inboxes import inbox_json
from chatlake.queries.access import access_inbox, visible_inbox_ids_clause
from chatlake.queries.web_widgets import widget_of, widgets_by_channel_id

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
    rows = (await session.execute(stmt)).all()
    widgets = await widgets_by_channel_id(session, actor.account_id, [i for i, _c in rows])
    return {
        "payload": [
            inbox_json(i, c, with_secrets=actor.is_administrator, widget=_widget_in(widgets, i)) for i, c in rows
        ]
    }


def _widget_in(widgets: dict, inbox: Inbox):
    return widgets.get(inbox.channel_id) if inbox.channel_type == CHANNEL_WEB_WIDGET else None


@router.post("/inboxes")
async def create_inbox(body: InboxCreate, session: Session, actor: CurrentActor, request: Request) -> dict:
    inbox, channel = await do_create_inbox(session, actor, name=body.name, channel=body.channel)
    return await _with_webhook_warning(
        request, inbox_json(inbox, channel, with_secrets=True, widget=await widget_of(session, inbox)), channel
    )


@router.patch("/inboxes/{inbox_id}")
@router.put("/inboxes/{inbox_id}")
async def update_inbox(
    inbox_id: int, body: dict[str, Any], session: Session, actor: CurrentActor, request: Request
) -> dict:
    inbox, channel = await access_inbox(session, actor, inbox_id)
    fields = body.get("inbox") if isinstance(body.get("inbox"), dict) else body
    inbox = await do_update_inbox(session, actor, inbox, channel, fields)
    return await _with_webhook_warning(
        request, inbox_json(inbox, channel, with_secrets=True, widget=await widget_of(session, inbox)), channel
    )


async def _with_webhook_warning(request: Request, body: dict, channel: ChannelApi | None) -> dict:
    """`webhook_url_warning`: why deliveries to the saved URL will be refused, when they will (an extra field)."""
    warning = await webhook_url_warning(request.app.state.runtime.http, channel.webhook_url if channel else None)
    if warning:
        body["webhook_url_warning"] = warning
    return body


@router.get("/inboxes/{inbox_id}")
async def show_inbox(inbox_id: int, session: Session, actor: CurrentActor) -> dict:
    inbox, channel = await access_inbox(session, actor, inbox_id)
    widget = await widget_of(session, inbox)
    return inbox_json(inbox, channel, with_secrets=actor.is_administrator, widget=widget)

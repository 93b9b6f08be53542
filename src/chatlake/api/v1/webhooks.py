from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from chatlake.actions.webhooks import (
    access_webhook,
    do_create_webhook,
    do_delete_webhook,
    do_redeliver,
    do_update_webhook,
)
from chatlake.api.deps import CurrentActor, Session
from chatlake.auth.actor import Actor
from chatlake.errors import Unauthorized
from chatlake.models import Event, Webhook
from chatlake.presenters.webhooks import delivery_json, webhook_json
from chatlake.queries.access import access_inbox
from chatlake.queries.deliveries import access_delivery, list_deliveries

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Webhooks"])


class WebhookBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    url: Any = None
    subscriptions: Any = None
    name: Any = None
    inbox_id: int | None = None
    enabled: bool | None = None
    webhook: dict | None = None  # Rails-style wrapped body

    def fields(self) -> dict:
        if self.webhook is not None:
            return dict(self.webhook)
        return self.model_dump(exclude_unset=True, exclude={"webhook"})


def _admin_only(actor: Actor) -> None:
    if not actor.is_administrator:
        raise Unauthorized("You are not authorized to do this action")


@router.get("/webhooks")
async def index(session: Session, actor: CurrentActor) -> dict:
    _admin_only(actor)
    webhooks = await session.scalars(select(Webhook).where(Webhook.account_id == actor.account_id).order_by(Webhook.id))
    return {"payload": {"webhooks": [webhook_json(w) for w in webhooks]}}


@router.post("/webhooks")
async def create(body: WebhookBody, session: Session, actor: CurrentActor) -> dict:
    f = body.fields()
    webhook = await do_create_webhook(
        session,
        actor,
        url=f.get("url"),
        subscriptions=f.get("subscriptions"),
        name=f.get("name"),
        inbox_id=f.get("inbox_id"),
    )
    return {"payload": {"webhook": webhook_json(webhook)}}


@router.patch("/webhooks/{webhook_id}")
@router.put("/webhooks/{webhook_id}")
async def update(webhook_id: int, body: WebhookBody, session: Session, actor: CurrentActor) -> dict:
    webhook = await access_webhook(session, actor, webhook_id)
    webhook = await do_update_webhook(session, actor, webhook, body.fields())
    return {"payload": {"webhook": webhook_json(webhook)}}


@router.delete("/webhooks/{webhook_id}")
async def destroy(webhook_id: int, session: Session, actor: CurrentActor) -> dict:
    webhook = await access_webhook(session, actor, webhook_id)
    await do_delete_webhook(session, actor, webhook)
    return {}


@router.get("/webhooks/{webhook_id}/deliveries")
async def deliveries(
    webhook_id: int, session: Session, actor: CurrentActor, before: int | None = None, status: str | None = None
) -> dict:
    _admin_only(actor)
    webhook = await access_webhook(session, actor, webhook_id)
    rows = await list_deliveries(session, actor.account_id, "webhook", webhook.id, before=before, status=status)
    return {"payload": [delivery_json(d, e) for d, e in rows]}


@router.post("/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver")
async def redeliver(webhook_id: int, delivery_id: int, session: Session, actor: CurrentActor) -> dict:
    webhook = await access_webhook(session, actor, webhook_id)
    delivery = await access_delivery(session, actor.account_id, "webhook", webhook.id, delivery_id)
    again = await do_redeliver(session, actor, delivery)
    return {"payload": delivery_json(again, await session.get(Event, again.event_id))}


@router.get("/inboxes/{inbox_id}/webhook_deliveries")
async def inbox_deliveries(
    inbox_id: int, session: Session, actor: CurrentActor, before: int | None = None, status: str | None = None
) -> dict:
    _admin_only(actor)
    _inbox, channel = await access_inbox(session, actor, inbox_id)
    if channel is None:
        return {"payload": []}
    rows = await list_deliveries(session, actor.account_id, "api_inbox", channel.id, before=before, status=status)
    return {"payload": [delivery_json(d, e) for d, e in rows]}


@router.post("/inboxes/{inbox_id}/webhook_deliveries/{delivery_id}/redeliver")
async def inbox_redeliver(inbox_id: int, delivery_id: int, session: Session, actor: CurrentActor) -> dict:
    _inbox, channel = await access_inbox(session, actor, inbox_id)
    delivery = await access_delivery(session, actor.account_id, "api_inbox", channel.id if channel else 0, delivery_id)
    again = await do_redeliver(session, actor, delivery)
    return {"payload": delivery_json(again, await session.get(Event, again.event_id))}

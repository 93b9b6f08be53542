"""The caller's own notifications in an account (Chatwoot's routes; not in the spec)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from chatlake.actions.notifications import (
    do_delete_notification,
    do_destroy_all,
    do_mark_read,
    do_mark_unread,
    do_read_all,
    do_snooze,
)
from chatlake.api.deps import CurrentActor, Session
from chatlake.api.schemas import Body
from chatlake.queries.notifications import access_notification, counts, list_notifications, render_notifications

router = APIRouter(prefix="/api/v1/accounts/{account_id}/notifications", tags=["Notifications"])


class ReadAllIn(Body):
    primary_actor_type: str | None = None
    primary_actor_id: str | None = None


class SnoozeIn(Body):
    snoozed_until: str | None = None


class DestroyAllIn(Body):
    type: str | None = None


@router.get("")
async def index(
    session: Session,
    actor: CurrentActor,
    page: int = 1,
    includes: list[str] | None = Query(None, alias="includes[]"),
) -> dict:
    """Newest activity first, 15 a page; snoozed ones only with `includes[]=snoozed`."""
    page = max(page, 1)
    include_snoozed = "snoozed" in (includes or [])
    notifications = await list_notifications(session, actor, page, include_snoozed)
    totals = await counts(session, actor.account_id, actor.user.id, include_snoozed)
    payload = await render_notifications(session, actor.account_id, actor.user, notifications)
    return {"data": {"meta": {**totals, "current_page": page}, "payload": payload}}


@router.get("/unread_count")
async def unread_count(session: Session, actor: CurrentActor) -> int:
    return (await counts(session, actor.account_id, actor.user.id))["unread_count"]


@router.post("/read_all")
async def read_all(session: Session, actor: CurrentActor, body: ReadAllIn | None = None) -> dict:
    await do_read_all(session, actor, (body or ReadAllIn()).primary_actor_id)
    return {}


@router.post("/destroy_all")
async def destroy_all(session: Session, actor: CurrentActor, body: DestroyAllIn | None = None) -> dict:
    await do_destroy_all(session, actor, (body or DestroyAllIn()).type)
    return {}


async def _one(session: Session, actor: CurrentActor, notification) -> dict:
    (body,) = await render_notifications(session, actor.account_id, actor.user, [notification])
    return body


@router.patch("/{notification_id}")
@router.put("/{notification_id}")
async def mark_read(notification_id: int, session: Session, actor: CurrentActor) -> dict:
    notification = await access_notification(session, actor, notification_id)
    return await _one(session, actor, await do_mark_read(session, actor, notification))


@router.post("/{notification_id}/unread")
async def mark_unread(notification_id: int, session: Session, actor: CurrentActor) -> dict:
    notification = await access_notification(session, actor, notification_id)
    return await _one(session, actor, await do_mark_unread(session, actor, notification))


@router.post("/{notification_id}/snooze")
async def snooze(notification_id: int, session: Session, actor: CurrentActor, body: SnoozeIn | None = None) -> dict:
    notification = await access_notification(session, actor, notification_id)
    snoozed = await do_snooze(session, actor, notification, (body or SnoozeIn()).snoozed_until)
    return await _one(session, actor, snoozed)


@router.delete("/{notification_id}")
async def destroy(notification_id: int, session: Session, actor: CurrentActor) -> dict:
    notification = await access_notification(session, actor, notification_id)
    await do_delete_notification(session, actor, notification)
    return {}

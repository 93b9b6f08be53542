"""A user's own notifications in one account: pages, counts, one by id, and what their JSON shows."""

from __future__ import annotations

from sqlalchemy import case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.errors import NotFound
from chatlake.models import Conversation, Message, Notification, User
from chatlake.models.base import utcnow
from chatlake.presenters.conversations import conversation_webhook
from chatlake.presenters.messages import MessageView, message_json
from chatlake.presenters.notifications import notification_json
from chatlake.presenters.users import user_push
from chatlake.queries.conversations import load_views

PER_PAGE = 15


def _owned(account_id: int, user_id: int) -> list:
    return [Notification.account_id == account_id, Notification.user_id == user_id]


def _awake():
    """Snoozed notifications are hidden until their time comes (then they show again, as Chatwoot's job does)."""
    return or_(Notification.snoozed_until.is_(None), Notification.snoozed_until <= utcnow())


async def counts(session: AsyncSession, account_id: int, user_id: int, include_snoozed: bool = False) -> dict:
    """{count, unread_count} of what the list shows, in one statement."""
    conditions = _owned(account_id, user_id)
    if not include_snoozed:
        conditions.append(_awake())
    count, unread = (
        await session.execute(
            select(func.count(), func.sum(case((Notification.read_at.is_(None), 1), else_=0))).where(*conditions)
        )
    ).one()
    return {"count": count, "unread_count": unread or 0}


async def list_notifications(
    session: AsyncSession, actor: Actor, page: int, include_snoozed: bool = False
) -> list[Notification]:
    conditions = _owned(actor.account_id, actor.user.id)
    if not include_snoozed:
        conditions.append(_awake())
    return list(
        await session.scalars(
            select(Notification)
            .where(*conditions)
            .order_by(Notification.last_activity_at.desc(), Notification.id.desc())
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        )
    )


async def access_notification(session: AsyncSession, actor: Actor, notification_id: int) -> Notification:
    """One of the caller's own notifications in this account; anyone else's is a 404."""
    found = await session.scalar(
        select(Notification).where(*_owned(actor.account_id, actor.user.id), Notification.id == notification_id)
    )
    if found is None:
        raise NotFound()
    return found


async def render_notifications(
    session: AsyncSession, account_id: int, user: User, notifications: list[Notification]
) -> list[dict]:
    """JSON of notifications of one user, in a fixed number of statements whatever their number."""
    if not notifications:
        return []
    conversation_ids = {n.primary_actor_id for n in notifications}
    conversations = list(
        await session.scalars(
            select(Conversation).where(Conversation.account_id == account_id, Conversation.id.in_(conversation_ids))
        )
    )
    bodies = {
        view.conversation.id: conversation_webhook(view)
        for view in await load_views(session, account_id, conversations)
    }
    display_ids = {c.id: c.display_id for c in conversations}
    secondary = await _secondary_actors(session, account_id, notifications, display_ids)
    return [
        notification_json(
            n, bodies[n.primary_actor_id], secondary.get((n.secondary_actor_type, n.secondary_actor_id)), user
        )
        for n in notifications
        if n.primary_actor_id in bodies
    ]


async def _secondary_actors(
    session: AsyncSession, account_id: int, notifications: list[Notification], display_ids: dict[int, int]
) -> dict[tuple[str | None, int | None], dict]:
    """Assigning users as push data, messages as the API's message JSON (without the sender object)."""
    user_ids = {n.secondary_actor_id for n in notifications if n.secondary_actor_type == "User"}
    message_ids = {n.secondary_actor_id for n in notifications if n.secondary_actor_type == "Message"}
    found: dict[tuple[str | None, int | None], dict] = {}
    if user_ids:
        for user in await session.scalars(select(User).where(User.id.in_(user_ids))):
            found[("User", user.id)] = user_push(user)
    if message_ids:
        for message in await session.scalars(
            select(Message).where(Message.account_id == account_id, Message.id.in_(message_ids))
        ):
            view = MessageView(message=message, display_id=display_ids.get(message.conversation_id, 0), sender=None)
            found[("Message", message.id)] = message_json(view)
    return found

"""Notifications: created when something happens to an agent's conversations, and the agent's own
changes to them. Each change is pushed to that agent's stream alone (`notification.*`)."""

from __future__ import annotations

import re

from sqlalchemy import and_, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.checks import check_choice, check_timestamp
from chatlake.auth.actor import Actor, AnyActor, BotActor
from chatlake.errors import InvalidField
from chatlake.events import types
from chatlake.events.outbox import record_event
from chatlake.models import AccountUser, Conversation, InboxMember, Message, Notification, User
from chatlake.models.base import utcnow
from chatlake.models.message import MESSAGE_TYPES
from chatlake.models.notification import NOTIFICATION_TYPES
from chatlake.models.user import ROLES
from chatlake.presenters.agent_bots import bot_push
from chatlake.presenters.conversations import ConversationView, conversation_webhook
from chatlake.presenters.messages import MessageView, message_json
from chatlake.presenters.notifications import notification_json
from chatlake.presenters.users import user_push
from chatlake.queries.notifications import counts, render_notifications

# Chatwoot's mention markup in a private note: [@Name](mention://user/<id>/<name>)
MENTION_RE = re.compile(r"mention://user/(\d+)/")
MENTION_MARK = "mention://user/"
MAX_MENTIONS = 50


async def _record(
    session: AsyncSession, event_type: type[types.NotificationEvent], notification: Notification, body: dict
) -> None:
    totals = await counts(session, notification.account_id, notification.user_id)
    await record_event(
        session,
        event_type(notification=body, **totals),
        account_id=notification.account_id,
    )


async def _create(
    session: AsyncSession,
    view: ConversationView,
    user: User,
    kind: str,
    secondary: tuple[str, int],
    secondary_body: dict,
) -> Notification:
    """Rendered from what the caller already loaded: on the message path this costs the insert, the
    counts and the event, nothing more."""
    conversation = view.conversation
    now = utcnow()
    notification = Notification(
        account_id=conversation.account_id,
        user_id=user.id,
        notification_type=NOTIFICATION_TYPES[kind],
        primary_actor_type="Conversation",
        primary_actor_id=conversation.id,
        secondary_actor_type=secondary[0],
        secondary_actor_id=secondary[1],
        last_activity_at=now,
        meta={},
        created_at=now,
        updated_at=now,
    )
    session.add(notification)
    await session.flush()
    body = notification_json(notification, conversation_webhook(view), secondary_body, user)
    await _record(session, types.NotificationCreated, notification, body)
    return notification


async def notify_assignment(session: AsyncSession, actor: AnyActor, view: ConversationView, assignee: User) -> None:
    """A conversation assigned to someone by someone else (never for self-assignment). `view`: the
    conversation as it is after the assignment. A bot or an automation rule may be that someone else."""
    if isinstance(actor, BotActor):
        secondary, body = ("AgentBot", actor.bot.id), bot_push(actor.bot)
    elif actor.is_automation:
        secondary, body = ("AutomationRule", actor.automation_rule_id), user_push(actor.user)
    elif assignee.id == actor.user.id:
        return
    else:
        secondary, body = ("User", actor.user.id), user_push(actor.user)
    await _create(session, view, assignee, "conversation_assignment", secondary, body)


def may_notify(message: Message) -> bool:
    """Decided from the message alone, so a message that notifies nobody costs no statement here."""
    if message.message_type == MESSAGE_TYPES["incoming"]:
        return True
    return message.private and MENTION_MARK in (message.content or "")


async def notify_new_message(
    session: AsyncSession, view: ConversationView, message: Message, author: User | None
) -> None:
    """The assignee of a conversation hears of each new incoming message; users mentioned in a private
    note hear of the mention (if they can see the inbox, and not of their own mention)."""
    conversation = view.conversation
    secondary = ("Message", message.id)
    message_body = message_json(MessageView(message=message, display_id=conversation.display_id, sender=None))
    if message.message_type == MESSAGE_TYPES["incoming"] and view.assignee is not None:
        await _create(session, view, view.assignee, "assigned_conversation_new_message", secondary, message_body)
    if message.private and MENTION_MARK in (message.content or ""):
        for user in await _mentioned_users(session, conversation, message.content or ""):
            if author is None or user.id != author.id:
                await _create(session, view, user, "conversation_mention", secondary, message_body)


async def _mentioned_users(session: AsyncSession, conversation: Conversation, content: str) -> list[User]:
    """Mentioned ids that are members of the account who can see the conversation's inbox, in mention order."""
    ids: list[int] = []
    for match in MENTION_RE.finditer(content):
        user_id = int(match.group(1))
        if user_id not in ids and user_id < 2**31:
            ids.append(user_id)
    ids = ids[:MAX_MENTIONS]
    if not ids:
        return []
    member_of_inbox = and_(
        InboxMember.account_id == conversation.account_id,
        InboxMember.inbox_id == conversation.inbox_id,
        InboxMember.user_id == User.id,
    )
    rows = await session.execute(
        select(User, AccountUser.role, InboxMember.id)
        .join(AccountUser, AccountUser.user_id == User.id)
        .outerjoin(InboxMember, member_of_inbox)
        .where(AccountUser.account_id == conversation.account_id, User.id.in_(ids))
    )
    allowed = {user.id: user for user, role, membership in rows if role == ROLES["administrator"] or membership}
    return [allowed[user_id] for user_id in ids if user_id in allowed]


async def _changed(session: AsyncSession, actor: Actor, notification: Notification) -> Notification:
    notification.updated_at = utcnow()
    await session.flush()
    (body,) = await render_notifications(session, actor.account_id, actor.user, [notification])
    await _record(session, types.NotificationUpdated, notification, body)
    return notification


async def do_mark_read(session: AsyncSession, actor: Actor, notification: Notification) -> Notification:
    if notification.read_at is not None:
        return notification
    notification.read_at = utcnow()
    return await _changed(session, actor, notification)


async def do_mark_unread(session: AsyncSession, actor: Actor, notification: Notification) -> Notification:
    if notification.read_at is None:
        return notification
    notification.read_at = None
    return await _changed(session, actor, notification)


async def do_snooze(session: AsyncSession, actor: Actor, notification: Notification, snoozed_until) -> Notification:
    """Hidden from the list until `snoozed_until` (unix seconds), then shown again."""
    until = check_timestamp(snoozed_until, "snoozed_until")
    if until is None:
        raise InvalidField("snoozed_until can't be blank", ["snoozed_until"])
    notification.snoozed_until = until
    notification.meta = {**(notification.meta or {}), "last_snoozed_at": None}
    return await _changed(session, actor, notification)


async def do_delete_notification(session: AsyncSession, actor: Actor, notification: Notification) -> None:
    (body,) = await render_notifications(session, actor.account_id, actor.user, [notification])
    await session.delete(notification)
    await session.flush()
    await _record(session, types.NotificationDeleted, notification, body)


def _own(actor: Actor):
    return [Notification.account_id == actor.account_id, Notification.user_id == actor.user.id]


async def do_read_all(session: AsyncSession, actor: Actor, primary_actor_id=None) -> None:
    """All unread (or those of one conversation, by its number) read at once; as Chatwoot's bulk update,
    no per-notification events (clients reload the list)."""
    conditions = [*_own(actor), Notification.read_at.is_(None)]
    if primary_actor_id not in (None, ""):
        try:
            display_id = int(primary_actor_id)
        except (TypeError, ValueError):
            raise InvalidField("primary_actor_id must be a conversation id", ["primary_actor_id"]) from None
        conditions.append(
            Notification.primary_actor_id.in_(
                select(Conversation.id).where(
                    Conversation.account_id == actor.account_id, Conversation.display_id == display_id
                )
            )
        )
    now = utcnow()
    await session.execute(
        update(Notification)
        .where(*conditions)
        .values(read_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )


DESTROY_KINDS = {"all": "all", "read": "read"}


async def do_destroy_all(session: AsyncSession, actor: Actor, kind=None) -> None:
    """All of the caller's notifications in the account, or only the read ones (`type: "read"`)."""
    kind = check_choice(kind or "all", DESTROY_KINDS, "type")
    conditions = _own(actor)
    if kind == "read":
        conditions.append(Notification.read_at.is_not(None))
    await session.execute(delete(Notification).where(*conditions).execution_options(synchronize_session=False))

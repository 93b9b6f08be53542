from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField, NotFound
from chatlake.label_storage import parse_stored_labels
from chatlake.models import (
    AgentBotInbox,
    ChannelApi,
    Contact,
    ContactInbox,
    Conversation,
    Inbox,
    InboxMember,
    Message,
    Team,
    User,
)
from chatlake.models.conversation import STATUSES
from chatlake.models.message import MESSAGE_TYPES
from chatlake.presenters.conversations import ConversationView
from chatlake.presenters.messages import MessageView
from chatlake.queries.access import visible_inbox_ids_clause
from chatlake.queries.by_id import in_account_by_ids
from chatlake.queries.messages import last_message_ids_stmt, load_senders, message_views

PAGE_SIZE = 25
UNREAD_CAP = 10
ASSIGNEE_TYPES = ("me", "unassigned", "assigned", "all")


async def load_views(
    session: AsyncSession, account_id: int, conversations: list[Conversation]
) -> list[ConversationView]:
    """Everything the conversation JSON shows, for any number of conversations, in a fixed number of queries."""
    if not conversations:
        return []
    ids = [c.id for c in conversations]
    contacts = {
        c.id: c
        for c in await session.scalars(
            select(Contact).where(in_account_by_ids(Contact, account_id, (c.contact_id for c in conversations)))
        )
    }
    contact_inboxes = {
        ci.id: ci
        for ci in await session.scalars(
            select(ContactInbox).where(
                in_account_by_ids(ContactInbox, account_id, (c.contact_inbox_id for c in conversations))
            )
        )
    }
    inbox_rows = await session.execute(
        select(Inbox, ChannelApi)
        .outerjoin(ChannelApi, (Inbox.channel_type == "Channel::Api") & (ChannelApi.id == Inbox.channel_id))
        .where(Inbox.account_id == account_id, Inbox.id.in_({c.inbox_id for c in conversations}))
    )
    inboxes = {inbox.id: (inbox, channel) for inbox, channel in inbox_rows}
    people_ids = {c.assignee_id for c in conversations if c.assignee_id}
    team_ids = {c.team_id for c in conversations if c.team_id}
    last_messages = list(
        await session.scalars(select(Message).where(Message.id.in_(last_message_ids_stmt(account_id, ids))))
    )
    senders = await load_senders(session, account_id, last_messages)
    missing_people = people_ids - {uid for (kind, uid) in senders if kind == "User"}
    users = {uid: s for (kind, uid), s in senders.items() if kind == "User"}
    if missing_people:
        users.update({u.id: u for u in await session.scalars(select(User).where(User.id.in_(missing_people)))})
    teams = {}
    if team_ids:
        teams = {
            t.id: t
            for t in await session.scalars(select(Team).where(Team.account_id == account_id, Team.id.in_(team_ids)))
        }
    unread = dict(
        (
            await session.execute(
                select(Message.conversation_id, func.count())
                .join(Conversation, Conversation.id == Message.conversation_id)
                .where(
                    Message.account_id == account_id,
                    Message.conversation_id.in_(ids),
                    Message.message_type == MESSAGE_TYPES["incoming"],
                    or_(
                        Conversation.agent_last_seen_at.is_(None), Message.created_at > Conversation.agent_last_seen_at
                    ),
                )
                .group_by(Message.conversation_id)
            )
        ).all()
    )
    display_ids = {c.id: c.display_id for c in conversations}
    last_by_conversation = {v.message.conversation_id: v for v in message_views(last_messages, display_ids, senders)}
    views = []
    for c in conversations:
        inbox, channel = inboxes[c.inbox_id]
        views.append(
            ConversationView(
                conversation=c,
                contact=contacts[c.contact_id],
                contact_inbox=contact_inboxes[c.contact_inbox_id],
                inbox=inbox,
                channel=channel,
                assignee=users.get(c.assignee_id) if c.assignee_id else None,
                team=teams.get(c.team_id) if c.team_id else None,
                last_message=last_by_conversation.get(c.id),
                unread_count=min(unread.get(c.id, 0), UNREAD_CAP),
                labels=parse_stored_labels(c.cached_label_list),
            )
        )
    return views


async def load_view_around(
    session: AsyncSession,
    conversation: Conversation,
    *,
    inbox: Inbox,
    channel: ChannelApi | None,
    last_message: MessageView,
    known_users: tuple[User, ...] = (),
) -> ConversationView:
    """load_views for one conversation whose inbox and newest message the caller already holds.

    The message-create hot path uses it: two or three statements instead of load_views' eight.
    """
    account_id = conversation.account_id
    contact, contact_inbox = (
        await session.execute(
            select(Contact, ContactInbox)
            .join(ContactInbox, ContactInbox.contact_id == Contact.id)
            .where(ContactInbox.account_id == account_id, ContactInbox.id == conversation.contact_inbox_id)
        )
    ).one()
    assignee = None
    if conversation.assignee_id is not None:
        assignee = next((u for u in known_users if u.id == conversation.assignee_id), None) or await session.get(
            User, conversation.assignee_id
        )
    team = None
    if conversation.team_id is not None:
        team = await session.scalar(select(Team).where(Team.account_id == account_id, Team.id == conversation.team_id))
    unread = await session.scalar(
        select(func.count())
        .select_from(Message)
        .where(
            Message.account_id == account_id,
            Message.conversation_id == conversation.id,
            Message.message_type == MESSAGE_TYPES["incoming"],
            *(
                [Message.created_at > conversation.agent_last_seen_at]
                if conversation.agent_last_seen_at is not None
                else []
            ),
        )
    )
    return ConversationView(
        conversation=conversation,
        contact=contact,
        contact_inbox=contact_inbox,
        inbox=inbox,
        channel=channel,
        assignee=assignee,
        team=team,
        last_message=last_message,
        unread_count=min(int(unread or 0), UNREAD_CAP),
        labels=parse_stored_labels(conversation.cached_label_list),
    )


@dataclass
class ConversationListFilter:
    assignee_type: str = "all"
    status: str = "open"
    inbox_id: int | None = None
    team_id: int | None = None
    q: str | None = None
    labels: list[str] | None = None
    page: int = 1
    sort_by: str = "latest"

    def check(self) -> None:
        if self.assignee_type not in ASSIGNEE_TYPES:
            raise InvalidField(f"assignee_type must be one of {', '.join(ASSIGNEE_TYPES)}", ["assignee_type"])
        if self.status != "all" and self.status not in STATUSES:
            raise InvalidField("status must be one of open, resolved, pending, snoozed, all", ["status"])
        if self.page < 1:
            raise InvalidField("page must be 1 or more", ["page"])


SORTS = {
    "latest": (Conversation.last_activity_at.desc(), Conversation.id.desc()),
    "last_activity_at_desc": (Conversation.last_activity_at.desc(), Conversation.id.desc()),
    "last_activity_at_asc": (Conversation.last_activity_at.asc(), Conversation.id.asc()),
    "created_at_desc": (Conversation.created_at.desc(), Conversation.id.desc()),
    "created_at_asc": (Conversation.created_at.asc(), Conversation.id.asc()),
    "sort_on_created_at": (Conversation.created_at.asc(), Conversation.id.asc()),
    "priority_desc": (Conversation.priority.desc().nulls_last(), Conversation.last_activity_at.desc()),
    "priority_asc": (Conversation.priority.asc().nulls_last(), Conversation.last_activity_at.desc()),
}


def _base_conditions(actor: Actor, f: ConversationListFilter) -> list:
    conditions = [Conversation.account_id == actor.account_id]
    if not actor.is_administrator:
        conditions.append(Conversation.inbox_id.in_(visible_inbox_ids_clause(actor)))
    if f.q:
        conditions.append(
            Conversation.id.in_(
                select(Message.conversation_id).where(
                    Message.account_id == actor.account_id,
                    Message.message_type.in_([MESSAGE_TYPES["incoming"], MESSAGE_TYPES["outgoing"]]),
                    Message.content.ilike(f"%{_escape_like(f.q)}%", escape="\\"),
                )
            )
        )
    elif f.status != "all":
        conditions.append(Conversation.status == STATUSES[f.status])
    if f.inbox_id is not None:
        conditions.append(Conversation.inbox_id == f.inbox_id)
    if f.team_id is not None:
        conditions.append(Conversation.team_id == f.team_id)
    for label in f.labels or []:
        # cached_label_list is ",a,b," so one LIKE finds a whole label.
        conditions.append(Conversation.cached_label_list.like(f"%,{_escape_like(label)},%", escape="\\"))
    return conditions


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _assignee_condition(actor: Actor, assignee_type: str):
    if assignee_type == "me":
        return Conversation.assignee_id == actor.user.id
    if assignee_type == "unassigned":
        return Conversation.assignee_id.is_(None)
    if assignee_type == "assigned":
        return Conversation.assignee_id.is_not(None)
    return None


async def count_conversations(session: AsyncSession, actor: Actor, f: ConversationListFilter) -> dict:
    """mine/assigned/unassigned/all counts in one query; they ignore assignee_type."""
    conditions = _base_conditions(actor, f)
    row = (
        await session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(case((Conversation.assignee_id == actor.user.id, 1), else_=0)), 0),
                func.coalesce(func.sum(case((Conversation.assignee_id.is_(None), 1), else_=0)), 0),
            ).where(and_(*conditions))
        )
    ).one()
    total, mine, unassigned = (int(v) for v in row)
    return {
        "mine_count": mine,
        "assigned_count": total - unassigned,
        "unassigned_count": unassigned,
        "all_count": total,
    }


async def list_conversations(
    session: AsyncSession, actor: Actor, f: ConversationListFilter
) -> tuple[list[ConversationView], dict]:
    f.check()
    conditions = _base_conditions(actor, f)
    assignee = _assignee_condition(actor, f.assignee_type)
    if assignee is not None:
        conditions.append(assignee)
    order = SORTS.get(f.sort_by, SORTS["latest"])
    conversations = list(
        await session.scalars(
            select(Conversation)
            .where(and_(*conditions))
            .order_by(*order)
            .limit(PAGE_SIZE)
            .offset((f.page - 1) * PAGE_SIZE)
        )
    )
    meta = await count_conversations(session, actor, f)
    return await load_views(session, actor.account_id, conversations), meta


def _view_statement(visible_through=None):
    """The statement of access_conversation_view, built once: building a statement of this size costs more
    than running it. `visible_through`: the membership table that limits a non-administrator's inboxes."""
    assignee = aliased(User, name="assignee")
    capped_unread = (
        select(Message.id)
        .where(
            Message.account_id == Conversation.account_id,
            Message.conversation_id == Conversation.id,
            Message.message_type == MESSAGE_TYPES["incoming"],
            or_(Conversation.agent_last_seen_at.is_(None), Message.created_at > Conversation.agent_last_seen_at),
        )
        .limit(UNREAD_CAP)
        .correlate(Conversation)
        .subquery()
    )
    unread = select(func.count()).select_from(capped_unread).scalar_subquery()
    stmt = (
        select(Conversation, Inbox, ChannelApi, Contact, ContactInbox, assignee, Team, unread)
        .join(Inbox, and_(Inbox.account_id == Conversation.account_id, Inbox.id == Conversation.inbox_id))
        .outerjoin(ChannelApi, and_(Inbox.channel_type == "Channel::Api", ChannelApi.id == Inbox.channel_id))
        .join(Contact, Contact.id == Conversation.contact_id)
        .join(ContactInbox, ContactInbox.id == Conversation.contact_inbox_id)
        .outerjoin(assignee, assignee.id == Conversation.assignee_id)
        .outerjoin(Team, Team.id == Conversation.team_id)
        .where(Conversation.account_id == bindparam("account_id"), Conversation.display_id == bindparam("display_id"))
    )
    if visible_through is InboxMember:
        member = select(InboxMember.inbox_id).where(
            InboxMember.account_id == bindparam("account_id"), InboxMember.user_id == bindparam("actor_id")
        )
        stmt = stmt.where(Conversation.inbox_id.in_(member))
    elif visible_through is AgentBotInbox:
        connected = select(AgentBotInbox.inbox_id).where(
            AgentBotInbox.account_id == bindparam("account_id"), AgentBotInbox.agent_bot_id == bindparam("actor_id")
        )
        stmt = stmt.where(Conversation.inbox_id.in_(connected))
    return stmt


_VIEW_FOR_ADMINISTRATOR = _view_statement()
_VIEW_FOR_AGENT = _view_statement(InboxMember)
_VIEW_FOR_BOT = _view_statement(AgentBotInbox)


async def access_conversation_view(session: AsyncSession, actor, display_id: int) -> ConversationView:
    """access_conversation, loading in the same statement everything the conversation's JSON shows: its inbox
    and API channel, contact and contact inbox, assignee, team, and its unread count (counted up to the cap).

    The message-create hot path starts with it, so a new message's event costs no further reads. The view
    shows the conversation as it was before the caller's change; `last_message` is left for the caller."""
    params = {"account_id": actor.account_id, "display_id": display_id}
    if actor.is_bot:
        stmt, params["actor_id"] = _VIEW_FOR_BOT, actor.bot.id
    elif not actor.is_administrator:
        stmt, params["actor_id"] = _VIEW_FOR_AGENT, actor.user.id
    else:
        stmt = _VIEW_FOR_ADMINISTRATOR
    row = (await session.execute(stmt, params)).first()
    if row is None:
        raise NotFound()
    conversation, inbox, channel, contact, contact_inbox, user, team, unread_count = row
    return ConversationView(
        conversation=conversation,
        contact=contact,
        contact_inbox=contact_inbox,
        inbox=inbox,
        channel=channel,
        assignee=user,
        team=team,
        unread_count=min(int(unread_count or 0), UNREAD_CAP),
        labels=parse_stored_labels(conversation.cached_label_list),
    )

"""Search: GET …/conversations/search and GET …/search[/conversations|contacts|messages].

Matching is case-insensitive substring matching (ILIKE, as Chatwoot without its optional full-text
index). Conversations and messages are limited to inboxes the caller can see; contacts are
account-wide, as the contact list.
"""

from __future__ import annotations

from sqlalchemy import String, and_, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField
from chatlake.models import Contact, Conversation, Inbox, Message, User
from chatlake.models.message import MESSAGE_TYPES
from chatlake.models.user import AccountUser
from chatlake.presenters.conversations import ConversationView
from chatlake.presenters.messages import MessageView
from chatlake.presenters.search import ConversationHit
from chatlake.queries.access import visible_inbox_ids_clause
from chatlake.queries.filters import check_page, conversations_page, visible_conversations
from chatlake.queries.messages import load_senders, message_views

PAGE_SIZE = 15
MAX_QUERY = 1000


def check_query(q: str | None) -> str:
    q = (q or "").strip()
    if len(q) > MAX_QUERY or "\x00" in q:
        raise InvalidField(f"q must be text of at most {MAX_QUERY} characters", ["q"])
    try:
        q.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidField("q is not valid text", ["q"]) from None
    return q


def _pattern(q: str) -> str:
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _ilike(column, q: str):
    return column.ilike(_pattern(q), escape="\\")


def _contacts_matching(account_id: int, q: str):
    return and_(
        Contact.account_id == account_id,
        or_(
            _ilike(Contact.name, q),
            _ilike(Contact.email, q),
            _ilike(Contact.phone_number, q),
            _ilike(Contact.identifier, q),
        ),
    )


async def search_conversation_list(
    session: AsyncSession, actor: Actor, q: str | None, page: int
) -> tuple[list[ConversationView], dict]:
    """GET /conversations/search: an incoming or outgoing message containing q, the conversation's
    number (q = "42" or "#42"), or its contact's name, email, phone number or identifier."""
    check_page(page)
    q = check_query(q)
    with_message = select(Message.conversation_id).where(
        Message.account_id == actor.account_id,
        Message.message_type.in_([MESSAGE_TYPES["incoming"], MESSAGE_TYPES["outgoing"]]),
        _ilike(Message.content, q),
    )
    matches = [
        Conversation.id.in_(with_message),
        Conversation.contact_id.in_(select(Contact.id).where(_contacts_matching(actor.account_id, q))),
    ]
    number = q.removeprefix("#")
    if number.isascii() and number.isdigit() and len(number) <= 9:
        matches.append(Conversation.display_id == int(number))
    return await conversations_page(session, actor, visible_conversations(actor, or_(*matches)), page)


async def _first_messages(session: AsyncSession, account_id: int, conversations: list[Conversation]):
    if not conversations:
        return {}
    first_ids = (
        select(func.min(Message.id))
        .where(
            Message.account_id == account_id,
            Message.conversation_id.in_([c.id for c in conversations]),
            Message.message_type != MESSAGE_TYPES["activity"],
        )
        .group_by(Message.conversation_id)
    )
    messages = list(await session.scalars(select(Message).where(Message.id.in_(first_ids))))
    senders = await load_senders(session, account_id, messages)
    views = message_views(messages, {c.id: c.display_id for c in conversations}, senders)
    return {v.message.conversation_id: v for v in views}


async def _inboxes(session: AsyncSession, account_id: int, inbox_ids: set[int]) -> dict[int, Inbox]:
    if not inbox_ids:
        return {}
    rows = await session.scalars(select(Inbox).where(Inbox.account_id == account_id, Inbox.id.in_(inbox_ids)))
    return {inbox.id: inbox for inbox in rows}


async def search_conversations(session: AsyncSession, actor: Actor, q: str | None, page: int) -> list[ConversationHit]:
    """The conversation's number contains q, or its contact's name, email, phone or identifier does."""
    check_page(page)
    q = check_query(q)
    account_id = actor.account_id
    matching = or_(
        _ilike(cast(Conversation.display_id, String), q),
        Conversation.contact_id.in_(select(Contact.id).where(_contacts_matching(account_id, q))),
    )
    conversations = list(
        await session.scalars(
            select(Conversation)
            .where(visible_conversations(actor, matching))
            .order_by(Conversation.created_at.desc(), Conversation.id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    if not conversations:
        return []
    contacts = {
        c.id: c
        for c in await session.scalars(
            select(Contact).where(
                Contact.account_id == account_id, Contact.id.in_({c.contact_id for c in conversations})
            )
        )
    }
    inboxes = await _inboxes(session, account_id, {c.inbox_id for c in conversations})
    assignees: dict[int, tuple[User, int | None]] = {}
    assignee_ids = {c.assignee_id for c in conversations if c.assignee_id is not None}
    if assignee_ids:
        rows = await session.execute(
            select(User, AccountUser.role)
            .outerjoin(AccountUser, and_(AccountUser.user_id == User.id, AccountUser.account_id == account_id))
            .where(User.id.in_(assignee_ids))
        )
        assignees = {user.id: (user, role) for user, role in rows}
    first = await _first_messages(session, account_id, conversations)
    hits = []
    for c in conversations:
        user, role = assignees.get(c.assignee_id, (None, None)) if c.assignee_id is not None else (None, None)
        hits.append(
            ConversationHit(
                conversation=c,
                contact=contacts.get(c.contact_id),
                inbox=inboxes.get(c.inbox_id),
                assignee=user,
                assignee_role=role,
                first_message=first.get(c.id),
            )
        )
    return hits


async def search_contacts(session: AsyncSession, actor: Actor, q: str | None, page: int) -> list[Contact]:
    check_page(page)
    q = check_query(q)
    return list(
        await session.scalars(
            select(Contact)
            .where(_contacts_matching(actor.account_id, q))
            .order_by(Contact.last_activity_at.desc().nulls_last(), Contact.id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )


async def search_messages(
    session: AsyncSession, actor: Actor, q: str | None, page: int
) -> list[tuple[MessageView, Inbox | None]]:
    """Messages (not activity notes) whose content contains q, newest first."""
    check_page(page)
    q = check_query(q)
    account_id = actor.account_id
    stmt = select(Message).where(
        Message.account_id == account_id,
        Message.message_type != MESSAGE_TYPES["activity"],
        _ilike(Message.content, q),
    )
    if not actor.is_administrator:
        stmt = stmt.where(Message.inbox_id.in_(visible_inbox_ids_clause(actor)))
    messages = list(
        await session.scalars(
            stmt.order_by(Message.created_at.desc(), Message.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
        )
    )
    if not messages:
        return []
    display_ids = dict(
        (
            await session.execute(
                select(Conversation.id, Conversation.display_id).where(
                    Conversation.account_id == account_id,
                    Conversation.id.in_({m.conversation_id for m in messages}),
                )
            )
        ).all()
    )
    inboxes = await _inboxes(session, account_id, {m.inbox_id for m in messages})
    senders = await load_senders(session, account_id, messages)
    return [(view, inboxes.get(view.message.inbox_id)) for view in message_views(messages, display_ids, senders)]

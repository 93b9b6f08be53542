"""Contact reads beyond the list: search, recently active, a contact's conversations and inboxes."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField
from chatlake.models import ChannelApi, Contact, ContactInbox, Conversation, Inbox
from chatlake.models.base import utcnow
from chatlake.models.inbox import CHANNEL_API
from chatlake.presenters.conversations import ConversationView
from chatlake.queries.access import visible_inbox_ids_clause
from chatlake.queries.contacts import PAGE_SIZE, contact_order, escape_like
from chatlake.queries.conversations import load_views

ACTIVE_WINDOW = timedelta(minutes=5)
CONTACT_CONVERSATIONS_LIMIT = 20  # Chatwoot shows a contact's latest 20
MAX_QUERY_LENGTH = 255
MAX_INT4 = 2**31 - 1


def _check_page(page: int) -> int:
    if page < 1:
        raise InvalidField("page must be 1 or more", ["page"])
    return page


def _search_condition(q: str):
    """name, email and phone number ILIKE, identifier LIKE (case-sensitive on PostgreSQL), all as Chatwoot;
    plus the contact id when q is a number. The text is a bound parameter with LIKE wildcards escaped."""
    pattern = f"%{escape_like(q)}%"
    conditions = [
        Contact.name.ilike(pattern, escape="\\"),
        Contact.email.ilike(pattern, escape="\\"),
        Contact.phone_number.ilike(pattern, escape="\\"),
        Contact.identifier.like(pattern, escape="\\"),
    ]
    if re.fullmatch(r"[0-9]{1,10}", q) and int(q) <= MAX_INT4:
        conditions.append(Contact.id == int(q))
    return or_(*conditions)


async def search_contacts(
    session: AsyncSession, actor: Actor, *, q: str | None, page: int, sort: str | None
) -> tuple[list[Contact], bool]:
    """One page of matches and whether more follow (one extra row is read instead of counting them all)."""
    q = (q or "").strip()
    if not q:
        raise InvalidField("Specify search string with parameter q", ["q"])
    if len(q) > MAX_QUERY_LENGTH:
        raise InvalidField(f"q is too long (maximum is {MAX_QUERY_LENGTH} characters)", ["q"])
    _check_page(page)
    rows = list(
        await session.scalars(
            select(Contact)
            .where(Contact.account_id == actor.account_id, _search_condition(q))
            .order_by(*contact_order(sort))
            .limit(PAGE_SIZE + 1)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


async def active_contacts(
    session: AsyncSession, actor: Actor, *, page: int, sort: str | None
) -> tuple[list[Contact], int]:
    """Contacts active in the last few minutes: Chatwoot's "online" contacts, approximated from last activity."""
    _check_page(page)
    where = (Contact.account_id == actor.account_id, Contact.last_activity_at >= utcnow() - ACTIVE_WINDOW)
    contacts = list(
        await session.scalars(
            select(Contact).where(*where).order_by(*contact_order(sort)).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
        )
    )
    count = await session.scalar(select(func.count()).select_from(Contact).where(*where))
    return contacts, int(count or 0)


async def contact_conversations(session: AsyncSession, actor: Actor, contact: Contact) -> list[ConversationView]:
    """The contact's latest conversations in inboxes the caller can see, newest first."""
    stmt = select(Conversation).where(
        Conversation.account_id == actor.account_id, Conversation.contact_id == contact.id
    )
    if not actor.is_administrator:
        stmt = stmt.where(Conversation.inbox_id.in_(visible_inbox_ids_clause(actor)))
    conversations = list(
        await session.scalars(stmt.order_by(Conversation.id.desc()).limit(CONTACT_CONVERSATIONS_LIMIT))
    )
    return await load_views(session, actor.account_id, conversations)


async def contactable_inboxes(
    session: AsyncSession, actor: Actor, contact: Contact
) -> list[tuple[str, Inbox, ChannelApi | None]]:
    """API inboxes the caller can see, each with the source_id a new conversation of the contact would use:
    that of the contact's latest session in the inbox, else a fresh uuid (as Chatwoot)."""
    stmt = (
        select(Inbox, ChannelApi)
        .outerjoin(ChannelApi, ChannelApi.id == Inbox.channel_id)
        .where(Inbox.account_id == actor.account_id, Inbox.channel_type == CHANNEL_API)
    )
    if not actor.is_administrator:
        stmt = stmt.where(Inbox.id.in_(visible_inbox_ids_clause(actor)))
    inboxes = (await session.execute(stmt.order_by(Inbox.id))).all()
    latest: dict[int, str] = {}
    for inbox_id, source_id in await session.execute(
        select(ContactInbox.inbox_id, ContactInbox.source_id)
        .where(ContactInbox.account_id == actor.account_id, ContactInbox.contact_id == contact.id)
        .order_by(ContactInbox.id)
    ):
        latest[inbox_id] = source_id
    return [(latest.get(inbox.id) or str(uuid.uuid4()), inbox, channel) for inbox, channel in inboxes]

"""Reads of the Client (public) API: the inbox by its public identifier, the contact's session, and only
that contact's conversations and the messages a contact may see (never private notes or activity)."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from chatlake.auth.contact_actor import ContactActor, PublicInbox
from chatlake.errors import NotFound
from chatlake.models import Account, ChannelApi, ChannelWebWidget, Contact, ContactInbox, Conversation, Inbox, Message
from chatlake.models.inbox import CHANNEL_API, CHANNEL_WEB_WIDGET
from chatlake.models.message import CONTENT_TYPES, MESSAGE_TYPES
from chatlake.presenters.messages import MessageView
from chatlake.queries.messages import attach_files, load_senders, message_views

ACTIVE_ACCOUNT = 0
MAX_IDENTIFIER_LENGTH = 64
# Identifiers and website tokens are URL-safe random tokens; anything else names nothing (and never reaches SQL).
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]+$")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
MAX_ID = 2**31 - 1
PAGE_SIZE = 20
AFTER_PAGE_SIZE = 100
# A contact's conversation list is all of its conversations in Chatwoot; past this many, the newest.
MAX_CONVERSATIONS = 100


async def find_public_inbox(session: AsyncSession, identifier: str) -> PublicInbox:
    """An API inbox by its `identifier` or a website inbox by its `website_token`; 404 otherwise (also for a
    suspended account, so nothing tells the two apart)."""
    if not identifier or len(identifier) > MAX_IDENTIFIER_LENGTH or not TOKEN_RE.match(identifier):
        raise NotFound()
    row = (
        await session.execute(
            select(Inbox, ChannelApi, Account)
            .join(ChannelApi, (Inbox.channel_type == CHANNEL_API) & (ChannelApi.id == Inbox.channel_id))
            .join(Account, Account.id == Inbox.account_id)
            .where(ChannelApi.identifier == identifier, Inbox.account_id == ChannelApi.account_id)
        )
    ).first()
    if row is not None:
        inbox, channel, account = row
        public = PublicInbox(account=account, inbox=inbox, api_channel=channel, widget=None)
    else:
        row = (
            await session.execute(
                select(Inbox, ChannelWebWidget, Account)
                .join(
                    ChannelWebWidget,
                    (Inbox.channel_type == CHANNEL_WEB_WIDGET) & (ChannelWebWidget.id == Inbox.channel_id),
                )
                .join(Account, Account.id == Inbox.account_id)
                .where(ChannelWebWidget.website_token == identifier, Inbox.account_id == ChannelWebWidget.account_id)
            )
        ).first()
        if row is None:
            raise NotFound()
        inbox, widget, account = row
        public = PublicInbox(account=account, inbox=inbox, api_channel=None, widget=widget)
    if public.account.status != ACTIVE_ACCOUNT:
        raise NotFound()
    return public


async def access_session(session: AsyncSession, public: PublicInbox, source_id: str) -> ContactActor:
    """The contact of the session named `source_id` on this inbox, or 404."""
    if not source_id or len(source_id) > 255:
        raise NotFound()
    row = (
        await session.execute(
            select(ContactInbox, Contact)
            .join(Contact, (Contact.account_id == ContactInbox.account_id) & (Contact.id == ContactInbox.contact_id))
            .where(
                ContactInbox.account_id == public.account_id,
                ContactInbox.inbox_id == public.inbox.id,
                ContactInbox.source_id == source_id,
            )
        )
    ).first()
    if row is None:
        raise NotFound()
    contact_inbox, contact = row
    return ContactActor(public=public, contact=contact, contact_inbox=contact_inbox)


def visible_contact_inbox_ids(actor: ContactActor):
    """The sessions whose conversations this contact sees: its own; a verified session sees the conversations of
    every verified session of the same contact on the inbox (as Chatwoot), never an unverified one's."""
    if not actor.contact_inbox.hmac_verified:
        return [actor.contact_inbox.id]
    return select(ContactInbox.id).where(
        ContactInbox.account_id == actor.account_id,
        ContactInbox.inbox_id == actor.inbox.id,
        ContactInbox.contact_id == actor.contact.id,
        ContactInbox.hmac_verified.is_(True),
    )


def _contact_conversations(actor: ContactActor):
    return select(Conversation).where(
        Conversation.account_id == actor.account_id,
        Conversation.inbox_id == actor.inbox.id,
        Conversation.contact_id == actor.contact.id,
        Conversation.contact_inbox_id.in_(visible_contact_inbox_ids(actor)),
    )


async def access_contact_conversation(session: AsyncSession, actor: ContactActor, display_id: int) -> Conversation:
    if not 0 < display_id <= MAX_ID:
        raise NotFound()
    conversation = await session.scalar(_contact_conversations(actor).where(Conversation.display_id == display_id))
    if conversation is None:
        raise NotFound()
    return conversation


async def list_contact_conversations(session: AsyncSession, actor: ContactActor) -> list[Conversation]:
    rows = await session.scalars(
        _contact_conversations(actor).order_by(Conversation.last_activity_at.desc()).limit(MAX_CONVERSATIONS)
    )
    return list(rows)


def _public_messages(account_id: int):
    return select(Message).where(
        Message.account_id == account_id,
        Message.private.is_(False),
        Message.message_type != MESSAGE_TYPES["activity"],
    )


async def _views(session: AsyncSession, account_id: int, messages: list[Message], display_ids: dict[int, int]):
    senders = await load_senders(session, account_id, messages)
    views = message_views(messages, display_ids, senders)
    await attach_files(session, account_id, views)
    return views


async def list_public_messages(
    session: AsyncSession, conversation: Conversation, before: int | None = None, after: int | None = None
) -> list[MessageView]:
    """Oldest first: the latest 20, or 20 before `before`, or up to 100 after `after`."""
    stmt = _public_messages(conversation.account_id).where(Message.conversation_id == conversation.id)
    if before is not None:
        stmt = stmt.where(Message.id < before)
    if after is not None:
        stmt = stmt.where(Message.id > after).order_by(Message.id.asc()).limit(AFTER_PAGE_SIZE)
    else:
        stmt = stmt.order_by(Message.id.desc()).limit(PAGE_SIZE)
    messages = sorted(await session.scalars(stmt), key=lambda m: m.id)
    return await _views(session, conversation.account_id, messages, {conversation.id: conversation.display_id})


async def recent_public_messages(
    session: AsyncSession, account_id: int, conversations: list[Conversation]
) -> dict[int, list[MessageView]]:
    """The latest page of visible messages of each conversation, in a fixed number of queries."""
    if not conversations:
        return {}
    ids = [c.id for c in conversations]
    rank = func.row_number().over(partition_by=Message.conversation_id, order_by=Message.id.desc()).label("rank")
    ranked = _public_messages(account_id).where(Message.conversation_id.in_(ids)).add_columns(rank).subquery()
    newest = aliased(Message, ranked)
    rows = await session.scalars(select(newest).where(ranked.c.rank <= PAGE_SIZE).order_by(ranked.c.id))
    messages = list(rows)
    views = await _views(session, account_id, messages, {c.id: c.display_id for c in conversations})
    grouped: dict[int, list[MessageView]] = {cid: [] for cid in ids}
    for view in views:
        grouped[view.message.conversation_id].append(view)
    return grouped


async def find_survey(session: AsyncSession, conversation_uuid: str) -> tuple[ContactActor, Conversation, Message]:
    """The hosted survey page's conversation (its uuid is the link's secret), its contact, and its latest survey."""
    if not UUID_RE.match(conversation_uuid or ""):
        raise NotFound()
    row = (
        await session.execute(
            select(Conversation, Inbox, Account, Contact, ContactInbox)
            .join(Inbox, (Inbox.account_id == Conversation.account_id) & (Inbox.id == Conversation.inbox_id))
            .join(Account, Account.id == Conversation.account_id)
            .join(Contact, (Contact.account_id == Conversation.account_id) & (Contact.id == Conversation.contact_id))
            .join(
                ContactInbox,
                (ContactInbox.account_id == Conversation.account_id)
                & (ContactInbox.id == Conversation.contact_inbox_id),
            )
            .where(Conversation.uuid == conversation_uuid)
        )
    ).first()
    if row is None or row[2].status != ACTIVE_ACCOUNT:
        raise NotFound()
    conversation, inbox, account, contact, contact_inbox = row
    survey = await session.scalar(
        select(Message)
        .where(
            Message.account_id == conversation.account_id,
            Message.conversation_id == conversation.id,
            Message.content_type == CONTENT_TYPES["input_csat"],
        )
        .order_by(Message.id.desc())
        .limit(1)
    )
    if survey is None:
        raise NotFound()
    public = PublicInbox(account=account, inbox=inbox, api_channel=None, widget=None)
    return ContactActor(public=public, contact=contact, contact_inbox=contact_inbox), conversation, survey

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import AgentBot, Attachment, Contact, Conversation, Message, User
from chatlake.models.message import MESSAGE_TYPES
from chatlake.presenters.messages import MessageView
from chatlake.queries.by_id import in_account_by_ids

PAGE_SIZE = 20
AFTER_PAGE_SIZE = 100
RANGE_PAGE_SIZE = 1000


async def load_senders(
    session: AsyncSession, account_id: int, messages: Iterable[Message]
) -> dict[tuple[str, int], Contact | User | AgentBot]:
    """Senders of many messages in at most three queries (contacts, users, bots; only the kinds present)."""
    ids: dict[str, set[int]] = {"Contact": set(), "User": set(), "AgentBot": set()}
    for m in messages:
        if m.sender_type in ids and m.sender_id is not None:
            ids[m.sender_type].add(m.sender_id)
    senders: dict[tuple[str, int], Contact | User | AgentBot] = {}
    if ids["Contact"]:
        for c in await session.scalars(select(Contact).where(in_account_by_ids(Contact, account_id, ids["Contact"]))):
            senders[("Contact", c.id)] = c
    if ids["User"]:
        for u in await session.scalars(select(User).where(User.id.in_(ids["User"]))):
            senders[("User", u.id)] = u
    if ids["AgentBot"]:
        # A bot of the account, or a system bot (no account) connected to one of its inboxes.
        for b in await session.scalars(
            select(AgentBot).where(
                AgentBot.id.in_(ids["AgentBot"]), or_(AgentBot.account_id == account_id, AgentBot.account_id.is_(None))
            )
        ):
            senders[("AgentBot", b.id)] = b
    return senders


def message_views(
    messages: list[Message], display_ids: dict[int, int], senders: dict[tuple[str, int], Contact | User | AgentBot]
) -> list[MessageView]:
    return [
        MessageView(
            message=m,
            display_id=display_ids[m.conversation_id],
            sender=senders.get((m.sender_type, m.sender_id)) if m.sender_type else None,
        )
        for m in messages
    ]


async def list_messages(
    session: AsyncSession, conversation: Conversation, before: int | None, after: int | None
) -> list[MessageView]:
    """Chatwoot's cursors: latest 20; `before` → 20 older; `after` → up to 100 newer; both → up to 1000."""
    stmt = select(Message).where(
        Message.account_id == conversation.account_id, Message.conversation_id == conversation.id
    )
    if before is not None:
        stmt = stmt.where(Message.id < before)
    if after is not None:
        stmt = stmt.where(Message.id > after)
    if before is not None and after is not None:
        stmt = stmt.order_by(Message.id.asc()).limit(RANGE_PAGE_SIZE)
    elif after is not None:
        stmt = stmt.order_by(Message.id.asc()).limit(AFTER_PAGE_SIZE)
    else:
        stmt = stmt.order_by(Message.id.desc()).limit(PAGE_SIZE)
    messages = sorted(await session.scalars(stmt), key=lambda m: m.id)
    senders = await load_senders(session, conversation.account_id, messages)
    views = message_views(messages, {conversation.id: conversation.display_id}, senders)
    await attach_files(session, conversation.account_id, views)
    return views


async def attach_files(session: AsyncSession, account_id: int, views: list[MessageView]) -> None:
    """Fill each view's attachments in one query."""
    by_message = {v.message.id: v for v in views}
    if not by_message:
        return
    for attachment in await session.scalars(
        select(Attachment)
        .where(Attachment.account_id == account_id, Attachment.message_id.in_(by_message))
        .order_by(Attachment.id)
    ):
        by_message[attachment.message_id].attachments.append(attachment)


async def find_by_echo_id(
    session: AsyncSession, conversation: Conversation, echo_id: str, sender_type: str, sender_id: int
) -> Message | None:
    return await session.scalar(
        select(Message)
        .where(
            Message.account_id == conversation.account_id,
            Message.conversation_id == conversation.id,
            Message.echo_id == echo_id,
            Message.sender_type == sender_type,
            Message.sender_id == sender_id,
        )
        .limit(1)
    )


def last_message_ids_stmt(account_id: int, conversation_ids: list[int]):
    """The newest non-activity message of each conversation."""
    return (
        select(func.max(Message.id))
        .where(
            Message.account_id == account_id,
            Message.conversation_id.in_(conversation_ids),
            Message.message_type != MESSAGE_TYPES["activity"],
        )
        .group_by(Message.conversation_id)
    )

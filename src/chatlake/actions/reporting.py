"""Reporting events, written in the transaction of the change they measure (Chatwoot's ReportingEventListener).

Each costs at most one INSERT: reply events join the message's own flush, and a reopening finds the time of the
last resolution inside its INSERT.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import Conversation, Message, ReportingEvent
from chatlake.models.base import UTCDateTime
from chatlake.models.conversation import STATUSES
from chatlake.models.reporting_event import (
    CONVERSATION_OPENED,
    CONVERSATION_RESOLVED,
    FIRST_RESPONSE,
    REPLY_TIME,
)
from chatlake.queries.reports.sql import dialect_of, epoch_seconds


def _seconds(start: datetime, end: datetime) -> int:
    # Whole seconds between the truncated instants, as Chatwoot's `end.to_i - start.to_i`.
    return int(end.timestamp()) - int(start.timestamp())


def _event(
    conversation: Conversation, name: str, start: datetime, end: datetime, user_id: int | None
) -> ReportingEvent:
    value = _seconds(start, end)
    return ReportingEvent(
        account_id=conversation.account_id,
        name=name,
        value=value,
        value_in_business_hours=value,
        user_id=user_id,
        inbox_id=conversation.inbox_id,
        conversation_id=conversation.id,
        event_start_time=start,
        event_end_time=end,
        created_at=end,
        updated_at=end,
    )


def add_reply_event(
    session: AsyncSession,
    conversation: Conversation,
    message: Message,
    *,
    first_reply: bool,
    waiting_since: datetime | None,
) -> None:
    """An agent's public reply: its first response, else the time the customer waited for this reply.

    Added to the session, so it is written by the message's own next flush.
    """
    if first_reply:
        name, start = FIRST_RESPONSE, conversation.created_at
    elif waiting_since is not None:
        name, start = REPLY_TIME, waiting_since
    else:
        return
    session.add(_event(conversation, name, start, message.created_at, message.sender_id))


async def record_status_event(session: AsyncSession, conversation: Conversation, at: datetime) -> None:
    """After a status change: a resolution (time since creation) or an opening (time since the last resolution,
    0 when never resolved). Snoozing and pending are not measured."""
    if conversation.status == STATUSES["resolved"]:
        session.add(_event(conversation, CONVERSATION_RESOLVED, conversation.created_at, at, conversation.assignee_id))
    elif conversation.status == STATUSES["open"]:
        await _insert_opened_event(session, conversation, at)


async def _insert_opened_event(session: AsyncSession, conversation: Conversation, at: datetime) -> None:
    last_resolution = (
        select(func.max(ReportingEvent.event_end_time))
        .where(
            ReportingEvent.account_id == conversation.account_id,
            ReportingEvent.conversation_id == conversation.id,
            ReportingEvent.name == CONVERSATION_RESOLVED,
        )
        .scalar_subquery()
    )
    since_resolution = func.coalesce(
        literal(int(at.timestamp())) - epoch_seconds(dialect_of(session), last_resolution), 0
    )
    await session.execute(
        insert(ReportingEvent).values(
            account_id=conversation.account_id,
            name=CONVERSATION_OPENED,
            value=since_resolution,
            value_in_business_hours=since_resolution,
            user_id=conversation.assignee_id,
            inbox_id=conversation.inbox_id,
            conversation_id=conversation.id,
            event_start_time=func.coalesce(last_resolution, literal(conversation.created_at, UTCDateTime)),
            event_end_time=at,
            created_at=at,
            updated_at=at,
        )
    )

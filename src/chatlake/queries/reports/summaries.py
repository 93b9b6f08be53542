"""Per-inbox, per-agent and per-team summaries of a range, and conversations by channel type and status."""

from __future__ import annotations

from sqlalchemy import case, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import AccountUser, Conversation, Inbox, ReportingEvent, Team
from chatlake.models.conversation import STATUS_NAMES
from chatlake.models.reporting_event import CONVERSATION_RESOLVED, FIRST_RESPONSE, REPLY_TIME
from chatlake.queries.reports.periods import within


async def _conversations_by(session: AsyncSession, account_id: int, key, since, until) -> dict:
    rows = await session.execute(
        select(key, func.count())
        .where(Conversation.account_id == account_id, *within(Conversation.created_at, since, until))
        .group_by(key)
    )
    return dict(rows.all())


async def _events_by(session: AsyncSession, account_id: int, key, since, until, business_hours: bool) -> dict:
    """key → (conversations resolved, average resolution, average first response, average reply time)."""
    value = ReportingEvent.value_in_business_hours if business_hours else ReportingEvent.value

    def average_of(name: str):
        return func.avg(case((ReportingEvent.name == name, value)))

    stmt = select(
        key,
        func.count(distinct(case((ReportingEvent.name == CONVERSATION_RESOLVED, ReportingEvent.conversation_id)))),
        average_of(CONVERSATION_RESOLVED),
        average_of(FIRST_RESPONSE),
        average_of(REPLY_TIME),
    ).where(
        ReportingEvent.account_id == account_id,
        ReportingEvent.name.in_((CONVERSATION_RESOLVED, FIRST_RESPONSE, REPLY_TIME)),
        *within(ReportingEvent.created_at, since, until),
    )
    if key is Conversation.team_id:
        stmt = stmt.select_from(ReportingEvent).join(
            Conversation,
            (Conversation.account_id == ReportingEvent.account_id)
            & (Conversation.id == ReportingEvent.conversation_id),
        )
    return {row[0]: row[1:] for row in await session.execute(stmt.group_by(key))}


def _summary(id_: int, conversations: dict, events: dict) -> dict:
    resolved, resolution, first_response, reply = events.get(id_, (0, None, None, None))
    return {
        "id": id_,
        "conversations_count": conversations.get(id_, 0),
        "resolved_conversations_count": resolved,
        "avg_resolution_time": resolution,
        "avg_first_response_time": first_response,
        "avg_reply_time": reply,
    }


async def _summaries(session, account_id, ids_stmt, conversation_key, event_key, since, until, business_hours):
    ids = list(await session.scalars(ids_stmt))
    conversations = await _conversations_by(session, account_id, conversation_key, since, until)
    events = await _events_by(session, account_id, event_key, since, until, business_hours)
    return [_summary(id_, conversations, events) for id_ in ids]


async def inbox_summaries(
    session: AsyncSession, account_id: int, since=None, until=None, *, business_hours: bool = False
) -> list[dict]:
    """Every inbox: conversations started in it, and the events recorded in it, within the range."""
    ids = select(Inbox.id).where(Inbox.account_id == account_id).order_by(Inbox.id)
    return await _summaries(
        session, account_id, ids, Conversation.inbox_id, ReportingEvent.inbox_id, since, until, business_hours
    )


async def agent_summaries(
    session: AsyncSession, account_id: int, since=None, until=None, *, business_hours: bool = False
) -> list[dict]:
    """Every member: conversations started and assigned to them, and the events recorded for them."""
    ids = select(AccountUser.user_id).where(AccountUser.account_id == account_id).order_by(AccountUser.id)
    return await _summaries(
        session, account_id, ids, Conversation.assignee_id, ReportingEvent.user_id, since, until, business_hours
    )


async def team_summaries(
    session: AsyncSession, account_id: int, since=None, until=None, *, business_hours: bool = False
) -> list[dict]:
    """Every team: conversations started and in the team, and the events of conversations now in it."""
    ids = select(Team.id).where(Team.account_id == account_id).order_by(Team.id)
    return await _summaries(
        session, account_id, ids, Conversation.team_id, Conversation.team_id, since, until, business_hours
    )


async def channel_summary(session: AsyncSession, account_id: int, since=None, until=None) -> dict:
    """Conversations started in the range, by their inbox's channel type and their status now."""
    rows = await session.execute(
        select(Inbox.channel_type, Conversation.status, func.count())
        .select_from(Conversation)
        .join(Inbox, (Inbox.account_id == Conversation.account_id) & (Inbox.id == Conversation.inbox_id))
        .where(Conversation.account_id == account_id, *within(Conversation.created_at, since, until))
        .group_by(Inbox.channel_type, Conversation.status)
    )
    channels: dict[str, dict] = {}
    for channel_type, status, count in rows:
        counts = channels.setdefault(channel_type, {name: 0 for name in ("open", "resolved", "pending", "snoozed")})
        counts[STATUS_NAMES[status]] += count
    for counts in channels.values():
        counts["total"] = sum(counts.values())
    return channels

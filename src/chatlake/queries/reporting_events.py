"""Reading reporting events: the account's (paged, filtered) and one conversation's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import Conversation, ReportingEvent

EVENTS_PER_PAGE = 25


@dataclass(frozen=True)
class ReportingEventFilter:
    since: datetime | None = None
    until: datetime | None = None
    inbox_id: int | None = None
    user_id: int | None = None
    name: str | None = None
    page: int = 1


def _conditions(account_id: int, f: ReportingEventFilter) -> list:
    conditions = [ReportingEvent.account_id == account_id]
    if f.since is not None:
        conditions.append(ReportingEvent.created_at >= f.since)
    if f.until is not None:
        conditions.append(ReportingEvent.created_at < f.until)
    if f.inbox_id is not None:
        conditions.append(ReportingEvent.inbox_id == f.inbox_id)
    if f.user_id is not None:
        conditions.append(ReportingEvent.user_id == f.user_id)
    if f.name is not None:
        conditions.append(ReportingEvent.name == f.name)
    return conditions


def _with_display_id(conditions: list):
    # The conversation's number, which is what every URL and JSON of a conversation calls its id.
    return (
        select(ReportingEvent, Conversation.display_id)
        .outerjoin(
            Conversation,
            (Conversation.account_id == ReportingEvent.account_id)
            & (Conversation.id == ReportingEvent.conversation_id),
        )
        .where(*conditions)
    )


async def list_reporting_events(
    session: AsyncSession, account_id: int, f: ReportingEventFilter
) -> tuple[list[tuple[ReportingEvent, int | None]], int]:
    """A page of the account's events, newest first, and how many match in all."""
    conditions = _conditions(account_id, f)
    total = await session.scalar(select(func.count()).select_from(ReportingEvent).where(*conditions))
    rows = await session.execute(
        _with_display_id(conditions)
        .order_by(ReportingEvent.created_at.desc(), ReportingEvent.id.desc())
        .limit(EVENTS_PER_PAGE)
        .offset((f.page - 1) * EVENTS_PER_PAGE)
    )
    return [(event, display_id) for event, display_id in rows], total or 0


async def conversation_reporting_events(
    session: AsyncSession, conversation: Conversation
) -> list[tuple[ReportingEvent, int | None]]:
    """Every event of one conversation, oldest first."""
    rows = await session.execute(
        _with_display_id(
            [ReportingEvent.account_id == conversation.account_id, ReportingEvent.conversation_id == conversation.id]
        ).order_by(ReportingEvent.created_at, ReportingEvent.id)
    )
    return [(event, display_id) for event, display_id in rows]

"""The v2 report metrics: a time series per period, and totals for a range (the summary).

Counts are of conversations created, messages sent and reporting events recorded in the range; averages are
of reporting-event values (seconds). Everything is aggregated in SQL, bucketed by local period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import Conversation, Message, ReportingEvent
from chatlake.models.message import MESSAGE_TYPES
from chatlake.models.reporting_event import CONVERSATION_RESOLVED, FIRST_RESPONSE, REPLY_TIME
from chatlake.queries.reports.periods import ReportPeriod
from chatlake.queries.reports.scope import (
    ReportScope,
    conversation_conditions,
    event_conditions,
    message_conditions,
)
from chatlake.queries.reports.sql import dialect_of, period_start

# Chatwoot's names. The bot metrics count events of agent bots, which Chatlake has not got yet: always 0.
COUNT_METRICS = (
    "conversations_count",
    "incoming_messages_count",
    "outgoing_messages_count",
    "resolutions_count",
    "bot_resolutions_count",
    "bot_handoffs_count",
)
AVERAGE_METRICS = {
    "avg_first_response_time": FIRST_RESPONSE,
    "avg_resolution_time": CONVERSATION_RESOLVED,
    "reply_time": REPLY_TIME,
}
METRICS = COUNT_METRICS + tuple(AVERAGE_METRICS)
_EVENT_COUNTS = {
    "resolutions_count": CONVERSATION_RESOLVED,
    "bot_resolutions_count": "conversation_bot_resolved",
    "bot_handoffs_count": "conversation_bot_handoff",
}


@dataclass(frozen=True)
class _Source:
    """Where a metric's rows live: their time column, which rows count, and what is averaged or counted."""

    created_at: object
    conditions: list
    value: object = None  # averaged metrics
    distinct: object = None  # counted once per distinct value


def _event_value(business_hours: bool):
    return ReportingEvent.value_in_business_hours if business_hours else ReportingEvent.value


def _source(scope: ReportScope, metric: str, business_hours: bool) -> _Source:
    if metric == "conversations_count":
        return _Source(Conversation.created_at, conversation_conditions(scope))
    if metric in ("incoming_messages_count", "outgoing_messages_count"):
        message_type = MESSAGE_TYPES["incoming" if metric.startswith("incoming") else "outgoing"]
        return _Source(Message.created_at, [*message_conditions(scope), Message.message_type == message_type])
    name = AVERAGE_METRICS.get(metric) or _EVENT_COUNTS[metric]
    conditions = [*event_conditions(scope), ReportingEvent.name == name]
    if metric in AVERAGE_METRICS:
        return _Source(ReportingEvent.created_at, conditions, value=_event_value(business_hours))
    # A conversation handed to humans twice is one handoff (as Chatwoot counts them).
    distinct_by = ReportingEvent.conversation_id if metric == "bot_handoffs_count" else None
    return _Source(ReportingEvent.created_at, conditions, distinct=distinct_by)


def average_json(value: float | None, empty=0):
    """Averages go out as Chatwoot's decimals do, in a string ("3600.0"); no data is `empty`."""
    return empty if value is None else str(float(value))


async def metric_timeseries(
    session: AsyncSession, scope: ReportScope, metric: str, period: ReportPeriod, *, business_hours: bool = False
) -> list[dict]:
    """One point per period of the range, oldest first, zero where nothing happened. Averages also carry the
    number of events averaged (`count`)."""
    source = _source(scope, metric, business_hours)
    starts = period.starts()
    bucket = period_start(dialect_of(session), source.created_at, period.group_by, period.offset_seconds)
    columns = [bucket.label("bucket")]
    if source.value is not None:
        columns.append(source.value.label("value"))
    if source.distinct is not None:
        columns.append(source.distinct.label("distinct_by"))
    # Bucketed in a subquery, then grouped by its column: GROUP BY an expression holding bound parameters
    # would not match the selected one on PostgreSQL.
    rows = (
        select(*columns)
        .where(*source.conditions, source.created_at >= period.since, source.created_at < period.until)
        .subquery()
    )
    counted = func.count() if source.distinct is None else func.count(distinct(rows.c.distinct_by))
    aggregates = [rows.c.bucket, counted]
    if source.value is not None:
        aggregates.append(func.avg(rows.c.value))
    found = {row[0]: row[1:] for row in await session.execute(select(*aggregates).group_by(rows.c.bucket))}

    points = []
    for start in starts:
        count, *average = found.get(start, (0, None))
        timestamp = period.timestamp(start)
        if source.value is None:
            points.append({"value": count, "timestamp": timestamp})
        else:
            points.append({"value": average_json(average[0]), "timestamp": timestamp, "count": count})
    return points


async def metric_totals(
    session: AsyncSession, scope: ReportScope, since: datetime, until: datetime, *, business_hours: bool = False
) -> dict:
    """The summary of a range: its counts and averages, in three statements."""
    conversations = await session.scalar(
        select(func.count()).where(
            *conversation_conditions(scope), Conversation.created_at >= since, Conversation.created_at < until
        )
    )
    incoming, outgoing = MESSAGE_TYPES["incoming"], MESSAGE_TYPES["outgoing"]
    messages = (
        await session.execute(
            select(
                func.count(case((Message.message_type == incoming, 1))),
                func.count(case((Message.message_type == outgoing, 1))),
            ).where(
                *message_conditions(scope),
                Message.message_type.in_((incoming, outgoing)),
                Message.created_at >= since,
                Message.created_at < until,
            )
        )
    ).one()
    value = _event_value(business_hours)

    def average_of(name: str):
        return func.avg(case((ReportingEvent.name == name, value)))

    events = (
        await session.execute(
            select(
                func.count(case((ReportingEvent.name == CONVERSATION_RESOLVED, 1))),
                average_of(FIRST_RESPONSE),
                average_of(CONVERSATION_RESOLVED),
                average_of(REPLY_TIME),
            ).where(
                *event_conditions(scope),
                ReportingEvent.name.in_((CONVERSATION_RESOLVED, FIRST_RESPONSE, REPLY_TIME)),
                ReportingEvent.created_at >= since,
                ReportingEvent.created_at < until,
            )
        )
    ).one()
    return {
        "conversations_count": conversations or 0,
        "incoming_messages_count": messages[0],
        "outgoing_messages_count": messages[1],
        "avg_first_response_time": average_json(events[1]),
        "avg_resolution_time": average_json(events[2]),
        "resolutions_count": events[0],
        "reply_time": average_json(events[3]),
    }

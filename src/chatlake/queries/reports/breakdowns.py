"""Breakdowns of a range: first response times by channel, conversations by inbox and label, outgoing
messages by agent, team, inbox or label."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.label_storage import parse_stored_labels
from chatlake.models import AccountUser, Conversation, Inbox, Label, Message, ReportingEvent, Team, User
from chatlake.models.message import MESSAGE_TYPES
from chatlake.models.reporting_event import FIRST_RESPONSE
from chatlake.queries.reports.periods import within

HOUR = 3600
# (name, lower bound in seconds, upper bound or None): Chatwoot's buckets.
RESPONSE_TIME_BUCKETS = (
    ("0-1h", 0, HOUR),
    ("1-4h", HOUR, 4 * HOUR),
    ("4-8h", 4 * HOUR, 8 * HOUR),
    ("8-24h", 8 * HOUR, 24 * HOUR),
    ("24h+", 24 * HOUR, None),
)
OUTGOING_GROUPS = ("agent", "team", "inbox", "label")


def _in_bucket(low: int, high: int | None):
    value = ReportingEvent.value
    if high is None:
        return value >= low
    return value < high if low == 0 else (value >= low) & (value < high)


async def first_response_time_distribution(session: AsyncSession, account_id: int, since=None, until=None) -> dict:
    """channel type → {bucket: first responses recorded in the range whose time falls in it}."""
    rows = await session.execute(
        select(
            Inbox.channel_type,
            *(func.count(case((_in_bucket(low, high), 1))) for _, low, high in RESPONSE_TIME_BUCKETS),
        )
        .select_from(ReportingEvent)
        .join(Inbox, (Inbox.account_id == ReportingEvent.account_id) & (Inbox.id == ReportingEvent.inbox_id))
        .where(
            ReportingEvent.account_id == account_id,
            ReportingEvent.name == FIRST_RESPONSE,
            *within(ReportingEvent.created_at, since, until),
        )
        .group_by(Inbox.channel_type)
    )
    return {
        channel_type: {name: count for (name, _, _), count in zip(RESPONSE_TIME_BUCKETS, counts, strict=True)}
        for channel_type, *counts in rows
    }


async def inbox_label_matrix(
    session: AsyncSession,
    account_id: int,
    since=None,
    until=None,
    *,
    inbox_ids: list[int] | None = None,
    label_ids: list[int] | None = None,
) -> dict:
    """matrix[i][j]: conversations started in the range in inboxes[i] carrying labels[j] (by name order)."""
    inbox_stmt = select(Inbox.id, Inbox.name).where(Inbox.account_id == account_id)
    label_stmt = select(Label.id, Label.title).where(Label.account_id == account_id)
    if inbox_ids:
        inbox_stmt = inbox_stmt.where(Inbox.id.in_(inbox_ids))
    if label_ids:
        label_stmt = label_stmt.where(Label.id.in_(label_ids))
    inboxes = (await session.execute(inbox_stmt.order_by(Inbox.name, Inbox.id))).all()
    labels = (await session.execute(label_stmt.order_by(Label.title))).all()

    # Counted per distinct label set, then spread over its labels here: one row per (inbox, set), not per label.
    counts: dict[tuple[int, str], int] = {}
    if inboxes and labels:
        rows = await session.execute(
            select(Conversation.inbox_id, Conversation.cached_label_list, func.count())
            .where(
                Conversation.account_id == account_id,
                Conversation.inbox_id.in_([inbox_id for inbox_id, _ in inboxes]),
                Conversation.cached_label_list != "",
                *within(Conversation.created_at, since, until),
            )
            .group_by(Conversation.inbox_id, Conversation.cached_label_list)
        )
        for inbox_id, stored, count in rows:
            for title in parse_stored_labels(stored):
                counts[inbox_id, title] = counts.get((inbox_id, title), 0) + count
    return {
        "inboxes": [{"id": inbox_id, "name": name} for inbox_id, name in inboxes],
        "labels": [{"id": label_id, "title": title} for label_id, title in labels],
        "matrix": [[counts.get((inbox_id, title), 0) for _, title in labels] for inbox_id, _ in inboxes],
    }


def _named(group_by: str, account_id: int):
    """The column outgoing messages are grouped by, and a query of (id, name) of what it names."""
    if group_by == "inbox":
        return Message.inbox_id, select(Inbox.id, Inbox.name).where(Inbox.account_id == account_id)
    if group_by == "team":
        return Conversation.team_id, select(Team.id, Team.name).where(Team.account_id == account_id)
    members = select(User.id, User.name).join(AccountUser, AccountUser.user_id == User.id)
    return Conversation.assignee_id, members.where(AccountUser.account_id == account_id)


async def outgoing_messages_count(
    session: AsyncSession, account_id: int, group_by: str, since=None, until=None
) -> list[dict]:
    """[{id, name, outgoing_messages_count}] for every agent, team, inbox or label with outgoing messages in the
    range, most first. Agents and teams are the conversation's assignee and team (as Chatwoot); for agents, bot
    messages do not count."""
    conditions = [
        Message.account_id == account_id,
        Message.message_type == MESSAGE_TYPES["outgoing"],
        *within(Message.created_at, since, until),
    ]
    joined = (Conversation.account_id == Message.account_id) & (Conversation.id == Message.conversation_id)
    if group_by == "label":
        return await _outgoing_by_label(session, account_id, conditions, joined)
    key, names = _named(group_by, account_id)
    stmt = select(key, func.count()).select_from(Message).where(*conditions)
    if group_by != "inbox":
        stmt = stmt.join(Conversation, joined).where(key.is_not(None))
    if group_by == "agent":
        stmt = stmt.where(Message.sender_type.is_distinct_from("AgentBot"))
    counts = dict((await session.execute(stmt.group_by(key))).all())
    if not counts:
        return []
    found = dict((await session.execute(names.where(names.selected_columns[0].in_(list(counts))))).all())
    return _ranked([(id_, found.get(id_), count) for id_, count in counts.items()])


async def _outgoing_by_label(session: AsyncSession, account_id: int, conditions: list, joined) -> list[dict]:
    """Counted per distinct label set, then spread over its labels; a label no longer in the catalogue has no id."""
    rows = await session.execute(
        select(Conversation.cached_label_list, func.count())
        .select_from(Message)
        .join(Conversation, joined)
        .where(*conditions, Conversation.cached_label_list != "")
        .group_by(Conversation.cached_label_list)
    )
    counts: dict[str, int] = {}
    for stored, count in rows:
        for title in parse_stored_labels(stored):
            counts[title] = counts.get(title, 0) + count
    if not counts:
        return []
    labels = select(Label.title, Label.id).where(Label.account_id == account_id, Label.title.in_(list(counts)))
    ids = dict((await session.execute(labels)).all())
    return _ranked([(ids.get(title), title, count) for title, count in counts.items()])


def _ranked(rows: list[tuple]) -> list[dict]:
    rows.sort(key=lambda row: (-row[2], row[1] or "", row[0] or 0))
    return [{"id": id_, "name": name, "outgoing_messages_count": count} for id_, name, count in rows]

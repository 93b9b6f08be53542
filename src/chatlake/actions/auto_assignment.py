"""Auto-assignment: round robin among the inbox's online members (and the team's, when one is set), honouring the
inbox's capacity (`auto_assignment_config.max_assignment_limit`: open conversations per agent in the inbox).

Online means availability "online" and either a live dashboard connection (presence) or `auto_offline` turned
off (as Chatwoot). The next agent is the eligible member the inbox assigned to least recently
(`inbox_members.last_assigned_at`), which is round robin and stays fair (within one) however conversations
arrive. Choosing happens under the account row lock on PostgreSQL (SQLite has one writer), so concurrent
creations never pick from the same stale state. Conversations that find nobody wait, unassigned and open; they
are assigned oldest first when an agent frees up (a conversation resolved, snoozed or reassigned, in the same
transaction) or comes online (the worker's schedule, jobs/inbox_schedule.py).
"""

from __future__ import annotations

import logging

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.assignments import set_assignee
from chatlake.actions.conversation_changes import begin_change
from chatlake.actions.system_actor import system_actor
from chatlake.errors import ChatlakeError
from chatlake.models import Account, AccountUser, Conversation, Event, Inbox, InboxMember, TeamMember, User
from chatlake.models.base import utcnow
from chatlake.models.conversation import STATUSES
from chatlake.models.user import AVAILABILITY
from chatlake.presence import present_user_ids
from chatlake.queries.reports.sql import dialect_of

log = logging.getLogger("chatlake.auto_assignment")

OPEN = STATUSES["open"]
ONLINE = AVAILABILITY["online"]
MAX_WAITING_PER_ROUND = 200


def assignment_limit(inbox: Inbox) -> int | None:
    value = (inbox.auto_assignment_config or {}).get("max_assignment_limit")
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number > 0 else None


async def _serialise(session: AsyncSession, inbox: Inbox) -> None:
    """Choosing and assigning happen under the account row lock, the one every event-recording transaction takes
    (events/outbox.py): concurrent choices in an account never read the same counts, and since that lock is
    already held (or taken first) wherever this runs, lock order stays the one the rest of the code uses."""
    if dialect_of(session) == "postgresql":
        await session.execute(select(Account.id).where(Account.id == inbox.account_id).with_for_update())


async def next_assignee(session: AsyncSession, inbox: Inbox, team_id: int | None, present: set[int]):
    """(InboxMember, User) of the next agent to assign in this inbox, or None when nobody online has room."""
    open_count = (
        select(func.count())
        .where(
            Conversation.account_id == inbox.account_id,
            Conversation.inbox_id == inbox.id,
            Conversation.status == OPEN,
            Conversation.assignee_id == InboxMember.user_id,
        )
        .correlate(InboxMember)
        .scalar_subquery()
    )
    stmt = (
        select(InboxMember, User)
        .join(
            AccountUser,
            (AccountUser.account_id == InboxMember.account_id) & (AccountUser.user_id == InboxMember.user_id),
        )
        .join(User, User.id == InboxMember.user_id)
        .where(
            InboxMember.account_id == inbox.account_id,
            InboxMember.inbox_id == inbox.id,
            AccountUser.availability == ONLINE,
            or_(AccountUser.auto_offline.is_(False), AccountUser.user_id.in_(present or {-1})),
        )
        .order_by(InboxMember.last_assigned_at.asc().nulls_first(), InboxMember.id)
        .limit(1)
    )
    if team_id is not None:
        team_members = select(TeamMember.user_id).where(
            TeamMember.account_id == inbox.account_id, TeamMember.team_id == team_id
        )
        stmt = stmt.where(InboxMember.user_id.in_(team_members))
    limit = assignment_limit(inbox)
    if limit is not None:
        stmt = stmt.where(open_count < limit)
    row = (await session.execute(stmt)).first()
    return None if row is None else (row[0], row[1])


async def _assign(session: AsyncSession, account: Account, conversation: Conversation, member, user) -> None:
    change = await begin_change(session, system_actor(account), conversation)
    await set_assignee(session, change, user)
    member.last_assigned_at = utcnow()
    await session.flush()


def needs_assignee(conversation: Conversation) -> bool:
    return conversation.status == OPEN and conversation.assignee_id is None


def _wants_assignee(payload: dict) -> tuple[bool, int | None]:
    """(open and unassigned?, team id) from a conversation event's body, so deciding reads nothing."""
    meta = payload.get("meta") or {}
    team = meta.get("team")
    team_id = team.get("id") if isinstance(team, dict) else None
    return payload.get("status") == "open" and not meta.get("assignee"), team_id


async def auto_assign_from_event(session: AsyncSession, inbox: Inbox, event: Event) -> None:
    """At the request edge: the transaction recorded the event, so it holds the account row lock already. Costs
    the one statement that chooses; the conversation and account are read only when someone is chosen."""
    wants, team_id = _wants_assignee(event.payload or {})
    if not inbox.enable_auto_assignment or not wants:
        return
    chosen = await next_assignee(session, inbox, team_id, await present_user_ids(inbox.account_id))
    if chosen is None:
        return
    try:
        # In a savepoint: an assignment that cannot be made never loses the change that set it off.
        async with session.begin_nested():
            conversation = await session.get(Conversation, event.conversation_id)
            if conversation is None or conversation.account_id != inbox.account_id or not needs_assignee(conversation):
                return
            await _assign(session, await session.get(Account, inbox.account_id), conversation, *chosen)
    except ChatlakeError as exc:
        log.warning("auto-assignment of conversation %s skipped: %s", event.conversation_id, exc.message)


async def assign_waiting(session: AsyncSession, account: Account, inbox: Inbox) -> int:
    """Assigns the inbox's waiting conversations (open, unassigned), oldest first, while agents have room."""
    if not inbox.enable_auto_assignment:
        return 0
    await _serialise(session, inbox)
    present = await present_user_ids(inbox.account_id)
    waiting = list(
        await session.scalars(
            select(Conversation)
            .where(
                Conversation.account_id == inbox.account_id,
                Conversation.inbox_id == inbox.id,
                Conversation.status == OPEN,
                Conversation.assignee_id.is_(None),
            )
            .order_by(Conversation.created_at, Conversation.id)
            .limit(MAX_WAITING_PER_ROUND)
        )
    )
    assigned = 0
    for conversation in waiting:
        chosen = await next_assignee(session, inbox, conversation.team_id, present)
        if chosen is None:
            if conversation.team_id is None:
                break  # nobody has room at all; a team's conversation may still find a team member below
            continue
        await _assign(session, account, conversation, *chosen)
        assigned += 1
    return assigned


async def unassign_departed(session: AsyncSession, account: Account, inbox: Inbox, user_ids: set[int]) -> None:
    """Members who left the inbox lose its conversations (not yet resolved); open ones are assigned again."""
    if not user_ids:
        return
    conversations = list(
        await session.scalars(
            select(Conversation)
            .where(
                Conversation.account_id == inbox.account_id,
                Conversation.inbox_id == inbox.id,
                Conversation.assignee_id.in_(user_ids),
                Conversation.status != STATUSES["resolved"],
            )
            .order_by(Conversation.created_at, Conversation.id)
        )
    )
    actor = system_actor(account)
    for conversation in conversations:
        change = await begin_change(session, actor, conversation)
        await set_assignee(session, change, None)
    if conversations:
        await assign_waiting(session, account, inbox)

"""Assigning a conversation to an agent or a team."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.conversation_changes import ConversationChange, begin_change, changed
from chatlake.actions.notifications import notify_assignment
from chatlake.auth.actor import Actor, AnyActor
from chatlake.errors import InvalidField, NotFound
from chatlake.events import types
from chatlake.models import AccountUser, Conversation, Team, TeamMember, User
from chatlake.queries.access import access_team

ASSIGNED = "Assigned to {assignee} by {actor}"
SELF_ASSIGNED = "{actor} self-assigned this conversation"
UNASSIGNED = "Conversation unassigned by {actor}"
TEAM_ASSIGNED = "Assigned to {team} by {actor}"
TEAM_UNASSIGNED = "Unassigned from {team} by {actor}"
MAX_ID = 2**31 - 1  # ids are 32-bit integers; anything larger names nothing


def check_id(value, field: str) -> int | None:
    """An id from a body, as a number or a digit string; null and 0 mean "none" (Chatwoot clears on both)."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    else:
        raise InvalidField(f"{field} must be an id", [field])
    if number < 0:
        raise InvalidField(f"{field} must be an id", [field])
    if number > MAX_ID:
        raise NotFound()
    return number or None


async def access_agent_membership(session: AsyncSession, actor: AnyActor, user_id: int) -> tuple[User, AccountUser]:
    """A user of the caller's account with their membership (role, availability), or 404."""
    row = (
        await session.execute(
            select(User, AccountUser)
            .join(AccountUser, AccountUser.user_id == User.id)
            .where(AccountUser.account_id == actor.account_id, User.id == user_id)
        )
    ).first()
    if row is None:
        raise NotFound()
    return row[0], row[1]


async def do_assign_agent(
    session: AsyncSession, actor: AnyActor, conversation: Conversation, assignee_id
) -> tuple[User, AccountUser] | None:
    """Assign `assignee_id` (null or 0 unassigns); returns the assignee and their membership."""
    user_id = check_id(assignee_id, "assignee_id")
    agent = await access_agent_membership(session, actor, user_id) if user_id is not None else None
    change = await begin_change(session, actor, conversation)
    await set_assignee(session, change, agent[0] if agent else None)
    return agent


async def do_self_assign(session: AsyncSession, actor: Actor, conversation: Conversation) -> None:
    change = await begin_change(session, actor, conversation)
    await set_assignee(session, change, actor.user)


async def set_assignee(session: AsyncSession, change: ConversationChange, assignee: User | None) -> None:
    conversation = change.conversation
    previous = conversation.assignee_id
    current = assignee.id if assignee else None
    if previous == current:
        return
    conversation.assignee_id = current
    await session.flush()
    await change.note(session, _assignee_note(change, assignee))
    view = await change.updated(session, [changed("assignee_id", previous, current)], also=(types.AssigneeChanged,))
    if assignee is not None:
        await notify_assignment(session, change.actor, view, assignee)


def _assignee_note(change: ConversationChange, assignee: User | None) -> str:
    if assignee is None:
        return UNASSIGNED.format(actor=change.actor_name)
    if ("User", assignee.id) == change.actor.sender:
        return SELF_ASSIGNED.format(actor=change.actor_name)
    return ASSIGNED.format(assignee=assignee.name, actor=change.actor_name)


async def do_assign_team(session: AsyncSession, actor: AnyActor, conversation: Conversation, team_id) -> Team | None:
    """Assign `team_id` (null or 0 clears). An assignee who is not in the new team is unassigned."""
    new_id = check_id(team_id, "team_id")
    team = await access_team(session, actor, new_id) if new_id is not None else None
    previous_id = conversation.team_id
    if previous_id == new_id:
        return team
    previous_team = None
    if previous_id is not None:
        previous_team = await session.scalar(
            select(Team).where(Team.account_id == actor.account_id, Team.id == previous_id)
        )
    change = await begin_change(session, actor, conversation)
    changes = [changed("team_id", previous_id, new_id)]
    dropped_assignee = conversation.assignee_id
    if team is not None and dropped_assignee is not None and not await _is_member(session, team, dropped_assignee):
        conversation.assignee_id = None
        changes.append(changed("assignee_id", dropped_assignee, None))
    else:
        dropped_assignee = None
    conversation.team_id = new_id
    await session.flush()
    if team is not None:
        await change.note(session, TEAM_ASSIGNED.format(team=team.name, actor=change.actor_name))
    elif previous_team is not None:
        await change.note(session, TEAM_UNASSIGNED.format(team=previous_team.name, actor=change.actor_name))
    if dropped_assignee is not None:
        await change.note(session, UNASSIGNED.format(actor=change.actor_name))
    also = (types.TeamChanged,) if dropped_assignee is None else (types.AssigneeChanged, types.TeamChanged)
    await change.updated(session, changes, also=also)
    return team


async def _is_member(session: AsyncSession, team: Team, user_id: int) -> bool:
    member = await session.scalar(
        select(TeamMember.id).where(
            TeamMember.account_id == team.account_id, TeamMember.team_id == team.id, TeamMember.user_id == user_id
        )
    )
    return member is not None

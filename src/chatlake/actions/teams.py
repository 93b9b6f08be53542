"""Teams of an account and their members."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.administration import check_administrator, check_bool, check_user_ids, flush_unique
from chatlake.actions.audit import changes_between, record_audit
from chatlake.actions.checks import check_text
from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField
from chatlake.models import AccountUser, Conversation, Team, TeamMember, User
from chatlake.queries.access import access_team
from chatlake.queries.agents import access_agents

DESCRIPTION_MAX = 10_000


def _check_name(value) -> str:
    # Chatwoot stores team names lower-cased, so "Sales" and "sales" are one team.
    return check_text(value, "name", required=True).lower()


async def _check_name_free(session: AsyncSession, account_id: int, name: str, team_id: int | None = None) -> None:
    stmt = select(Team.id).where(Team.account_id == account_id, Team.name == name)
    if team_id is not None:
        stmt = stmt.where(Team.id != team_id)
    if await session.scalar(stmt) is not None:
        raise InvalidField("Name has already been taken", ["name"])


async def do_create_team(
    session: AsyncSession,
    actor: Actor,
    *,
    name: str | None,
    description: str | None = None,
    allow_auto_assign: bool | None = None,
) -> Team:
    check_administrator(actor)
    name = _check_name(name)
    description = check_text(description, "description", max_length=DESCRIPTION_MAX)
    allow_auto_assign = check_bool(allow_auto_assign, "allow_auto_assign") if allow_auto_assign is not None else True
    await _check_name_free(session, actor.account_id, name)
    team = Team(account_id=actor.account_id, name=name, description=description, allow_auto_assign=allow_auto_assign)
    session.add(team)
    await flush_unique(session, "name")
    await record_audit(session, actor, "create", team, _audited(team))
    return team


def _audited(team: Team) -> dict:
    return {"name": team.name, "description": team.description, "allow_auto_assign": team.allow_auto_assign}


async def do_update_team(session: AsyncSession, actor: Actor, team_id: int, changes: dict) -> Team:
    """`changes` holds only the fields the caller sent: name, description, allow_auto_assign."""
    check_administrator(actor)
    team = await access_team(session, actor, team_id)
    before = _audited(team)
    if "name" in changes:
        name = _check_name(changes["name"])
        await _check_name_free(session, actor.account_id, name, team.id)
        team.name = name
    if "description" in changes:
        team.description = check_text(changes["description"], "description", max_length=DESCRIPTION_MAX)
    if changes.get("allow_auto_assign") is not None:
        team.allow_auto_assign = check_bool(changes["allow_auto_assign"], "allow_auto_assign")
    await flush_unique(session, "name")
    audited = changes_between(before, _audited(team))
    if audited:
        await record_audit(session, actor, "update", team, audited)
    return team


async def do_delete_team(session: AsyncSession, actor: Actor, team_id: int) -> None:
    check_administrator(actor)
    team = await access_team(session, actor, team_id)
    await session.execute(
        delete(TeamMember).where(TeamMember.account_id == actor.account_id, TeamMember.team_id == team.id)
    )
    # The team's conversations stay, without a team (Chatwoot nullifies them too).
    await session.execute(
        update(Conversation)
        .where(Conversation.account_id == actor.account_id, Conversation.team_id == team.id)
        .values(team_id=None)
        .execution_options(synchronize_session=False)
    )
    await record_audit(session, actor, "destroy", team, _audited(team))
    await session.delete(team)
    await session.flush()


async def _member_ids(session: AsyncSession, account_id: int, team_id: int) -> set[int]:
    return set(
        await session.scalars(
            select(TeamMember.user_id).where(TeamMember.account_id == account_id, TeamMember.team_id == team_id)
        )
    )


async def do_add_team_members(
    session: AsyncSession, actor: Actor, team_id: int, user_ids
) -> list[tuple[User, AccountUser]]:
    """Add members; returns the agents named in the request (Chatwoot's response)."""
    check_administrator(actor)
    team = await access_team(session, actor, team_id)
    agents = await access_agents(session, actor.account_id, check_user_ids(user_ids))
    current = await _member_ids(session, actor.account_id, team.id)
    for user, _membership in agents:
        if user.id not in current:
            session.add(TeamMember(account_id=actor.account_id, team_id=team.id, user_id=user.id))
    await session.flush()
    return agents


async def do_replace_team_members(
    session: AsyncSession, actor: Actor, team_id: int, user_ids
) -> list[tuple[User, AccountUser]]:
    """Make the team's members exactly `user_ids`; returns those agents."""
    check_administrator(actor)
    team = await access_team(session, actor, team_id)
    agents = await access_agents(session, actor.account_id, check_user_ids(user_ids))
    wanted = {user.id for user, _membership in agents}
    current = await _member_ids(session, actor.account_id, team.id)
    if current - wanted:
        await session.execute(
            delete(TeamMember).where(
                TeamMember.account_id == actor.account_id,
                TeamMember.team_id == team.id,
                TeamMember.user_id.in_(current - wanted),
            )
        )
    for user_id in wanted - current:
        session.add(TeamMember(account_id=actor.account_id, team_id=team.id, user_id=user_id))
    await session.flush()
    return agents


async def do_remove_team_members(session: AsyncSession, actor: Actor, team_id: int, user_ids) -> None:
    check_administrator(actor)
    team = await access_team(session, actor, team_id)
    agents = await access_agents(session, actor.account_id, check_user_ids(user_ids))
    if agents:
        await session.execute(
            delete(TeamMember).where(
                TeamMember.account_id == actor.account_id,
                TeamMember.team_id == team.id,
                TeamMember.user_id.in_([user.id for user, _membership in agents]),
            )
        )
    await session.flush()

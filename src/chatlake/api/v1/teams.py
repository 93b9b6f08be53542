from __future__ import annotations

from fastapi import APIRouter, Response
from sqlalchemy import select

from chatlake.actions.teams import (
    do_add_team_members,
    do_create_team,
    do_delete_team,
    do_remove_team_members,
    do_replace_team_members,
    do_update_team,
)
from chatlake.api.admin_schemas import TeamIn, UserIds
from chatlake.api.deps import CurrentActor, Session
from chatlake.auth.actor import Actor
from chatlake.models import Team, TeamMember
from chatlake.presenters.agents import agents_json
from chatlake.presenters.teams import team_json
from chatlake.queries.access import access_team
from chatlake.queries.agents import team_member_agents

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Teams"])


async def _my_team_ids(session, actor: Actor) -> set[int]:
    return set(
        await session.scalars(
            select(TeamMember.team_id).where(
                TeamMember.account_id == actor.account_id, TeamMember.user_id == actor.user.id
            )
        )
    )


@router.get("/teams")
async def index(session: Session, actor: CurrentActor) -> list[dict]:
    teams = await session.scalars(select(Team).where(Team.account_id == actor.account_id).order_by(Team.id))
    mine = await _my_team_ids(session, actor)
    return [team_json(team, team.id in mine) for team in teams]


@router.post("/teams")
async def create(body: TeamIn, session: Session, actor: CurrentActor) -> dict:
    team = await do_create_team(
        session, actor, name=body.name, description=body.description, allow_auto_assign=body.allow_auto_assign
    )
    return team_json(team, False)


@router.get("/teams/{team_id}")
async def show(team_id: int, session: Session, actor: CurrentActor) -> dict:
    team = await access_team(session, actor, team_id)
    return team_json(team, team.id in await _my_team_ids(session, actor))


@router.patch("/teams/{team_id}")
@router.put("/teams/{team_id}")
async def update(team_id: int, body: TeamIn, session: Session, actor: CurrentActor) -> dict:
    team = await do_update_team(session, actor, team_id, body.changes())
    return team_json(team, team.id in await _my_team_ids(session, actor))


@router.delete("/teams/{team_id}")
async def destroy(team_id: int, session: Session, actor: CurrentActor) -> Response:
    await do_delete_team(session, actor, team_id)
    return Response(status_code=200)


@router.get("/teams/{team_id}/team_members")
async def members(team_id: int, session: Session, actor: CurrentActor) -> list[dict]:
    team = await access_team(session, actor, team_id)
    return agents_json(await team_member_agents(session, actor.account_id, team.id))


@router.post("/teams/{team_id}/team_members")
async def add_members(team_id: int, body: UserIds, session: Session, actor: CurrentActor) -> list[dict]:
    return agents_json(await do_add_team_members(session, actor, team_id, body.user_ids))


@router.patch("/teams/{team_id}/team_members")
async def replace_members(team_id: int, body: UserIds, session: Session, actor: CurrentActor) -> list[dict]:
    return agents_json(await do_replace_team_members(session, actor, team_id, body.user_ids))


@router.delete("/teams/{team_id}/team_members")
async def remove_members(team_id: int, body: UserIds, session: Session, actor: CurrentActor) -> Response:
    await do_remove_team_members(session, actor, team_id, body.user_ids)
    return Response(status_code=200)

"""Settings > Teams: teams of agents and their members."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from sqlalchemy import select
from starlette.responses import Response

from chatlake.actions.teams import do_create_team, do_delete_team, do_replace_team_members, do_update_team
from chatlake.errors import NotFound
from chatlake.models import Team, TeamMember
from chatlake.queries.access import access_team
from chatlake.queries.agents import list_agents, team_member_agents
from chatlake.web.deps import AdministratorActor, DbSession
from chatlake.web.errors import DashboardError
from chatlake.web.forms import refused_back_to, require_csrf, see_other
from chatlake.web.notices import notice
from chatlake.web.pages import form_values
from chatlake.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])

LIST = "/app/settings/teams"


async def _team(session, actor, team_id: int) -> Team:
    try:
        return await access_team(session, actor, team_id)
    except NotFound:
        raise DashboardError(404, "This team does not exist.") from None


@router.get(LIST)
async def team_list(request: Request, session: DbSession, actor: AdministratorActor) -> Response:
    teams = list(await session.scalars(select(Team).where(Team.account_id == actor.account_id).order_by(Team.name)))
    counts: dict[int, int] = {}
    for team_id in await session.scalars(select(TeamMember.team_id).where(TeamMember.account_id == actor.account_id)):
        counts[team_id] = counts.get(team_id, 0) + 1
    return render(
        request,
        "settings/teams.html",
        user=actor.user,
        account=actor.account,
        current_page="settings",
        settings_area="teams",
        teams=teams,
        member_counts=counts,
    )


@router.post(LIST)
async def team_create(request: Request, session: DbSession, actor: AdministratorActor) -> Response:
    form = await request.form()
    with refused_back_to(LIST, form):
        team = await do_create_team(
            session,
            actor,
            name=form_values.text(form, "name"),
            description=form_values.text(form, "description") or None,
            allow_auto_assign=form_values.checked(form, "allow_auto_assign"),
        )
    notice(request, f"Team “{team.name}” created. Add its members below.")
    return see_other(f"{LIST}/{team.id}")


@router.get(LIST + "/{team_id:int}")
async def team_detail(request: Request, team_id: int, session: DbSession, actor: AdministratorActor) -> Response:
    team = await _team(session, actor, team_id)
    members = {user.id for user, _m in await team_member_agents(session, actor.account_id, team.id)}
    return render(
        request,
        "settings/team.html",
        user=actor.user,
        account=actor.account,
        current_page="settings",
        settings_area="teams",
        team=team,
        agents=await list_agents(session, actor.account_id),
        member_ids=members,
    )


@router.post(LIST + "/{team_id:int}")
async def team_update(request: Request, team_id: int, session: DbSession, actor: AdministratorActor) -> Response:
    form = await request.form()
    back = f"{LIST}/{team_id}"
    changes: dict = form_values.sent(form, "name", "description")
    changes["allow_auto_assign"] = form_values.checked(form, "allow_auto_assign")
    with refused_back_to(back, form):
        await do_update_team(session, actor, (await _team(session, actor, team_id)).id, changes)
    notice(request, "Team saved.")
    return see_other(back)


@router.post(LIST + "/{team_id:int}/members")
async def team_members(request: Request, team_id: int, session: DbSession, actor: AdministratorActor) -> Response:
    team = await _team(session, actor, team_id)
    form = await request.form()
    with refused_back_to(f"{LIST}/{team.id}"):
        await do_replace_team_members(session, actor, team.id, form_values.ids(form, "user_ids"))
    notice(request, "Team members saved.")
    return see_other(f"{LIST}/{team.id}#members")


@router.post(LIST + "/{team_id:int}/delete")
async def team_delete(request: Request, team_id: int, session: DbSession, actor: AdministratorActor) -> Response:
    team = await _team(session, actor, team_id)
    await do_delete_team(session, actor, team.id)
    notice(request, f"Team “{team.name}” deleted.")
    return see_other(LIST)

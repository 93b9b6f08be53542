"""Settings > Agents: invite members with a role, change roles, remove members."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from chatlake.actions.agents import do_create_agent, do_remove_agent, do_update_agent
from chatlake.actions.profile import check_new_password, do_set_initial_password, hash_new_password
from chatlake.models.user import ROLES
from chatlake.queries.agents import list_agents
from chatlake.web.deps import AdministratorActor, DbSession
from chatlake.web.display import person_name
from chatlake.web.forms import refused_back_to, require_csrf, see_other
from chatlake.web.notices import notice
from chatlake.web.pages import form_values
from chatlake.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])

LIST = "/app/settings/agents"
ROLE_CHOICES = [("agent", "Agent"), ("administrator", "Administrator")]
ROLE_NAMES = {number: name for name, number in ROLES.items()}


@router.get(LIST)
async def agent_list(request: Request, session: DbSession, actor: AdministratorActor) -> Response:
    return render(
        request,
        "settings/agents.html",
        user=actor.user,
        account=actor.account,
        current_page="settings",
        settings_area="agents",
        agents=await list_agents(session, actor.account_id),
        role_choices=ROLE_CHOICES,
        role_names=ROLE_NAMES,
    )


@router.post(LIST)
async def agent_create(request: Request, session: DbSession, actor: AdministratorActor) -> Response:
    form = await request.form()
    password = form_values.text(form, "password") or ""
    with refused_back_to(LIST, form):
        password_hash = await hash_new_password(check_new_password(password, None)) if password else None
        user, _membership = await do_create_agent(
            session,
            actor,
            name=form_values.text(form, "name"),
            email=form_values.text(form, "email"),
            role=form_values.text(form, "role") or "agent",
        )
    signs_in = bool(user.password_hash)
    if password_hash is not None:
        signs_in = await do_set_initial_password(session, user, password_hash) or signs_in
    notice(
        request,
        f"{person_name(user)} was added."
        + ("" if signs_in else " They have no password yet, so they can use the API token only until one is set."),
    )
    return see_other(LIST)


@router.post(LIST + "/{user_id:int}/role")
async def agent_role(request: Request, user_id: int, session: DbSession, actor: AdministratorActor) -> Response:
    form = await request.form()
    with refused_back_to(LIST):
        user, _membership = await do_update_agent(session, actor, user_id, {"role": form_values.text(form, "role")})
    notice(
        request,
        f"{person_name(user)} is now {'an administrator' if form.get('role') == 'administrator' else 'an agent'}.",
    )
    return see_other(LIST)


@router.post(LIST + "/{user_id:int}/remove")
async def agent_remove(request: Request, user_id: int, session: DbSession, actor: AdministratorActor) -> Response:
    with refused_back_to(LIST):
        await do_remove_agent(session, actor, user_id)
    notice(request, "The member was removed from the account.")
    return see_other(LIST)

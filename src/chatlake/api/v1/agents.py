from __future__ import annotations

from fastapi import APIRouter, Response

from chatlake.actions.agents import do_create_agent, do_remove_agent, do_update_agent
from chatlake.api.admin_schemas import AgentIn
from chatlake.api.deps import CurrentActor, Session
from chatlake.presenters.agents import account_agent_json, agents_json
from chatlake.queries.agents import list_agents

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Agents"])


@router.get("/agents")
async def index(session: Session, actor: CurrentActor) -> list[dict]:
    return agents_json(await list_agents(session, actor.account_id))


@router.post("/agents")
async def create(body: AgentIn, session: Session, actor: CurrentActor) -> dict:
    user, membership = await do_create_agent(
        session,
        actor,
        name=body.name,
        email=body.email,
        role=body.role,
        availability=body.availability_value,
        auto_offline=body.auto_offline,
    )
    return account_agent_json(user, membership)


@router.patch("/agents/{agent_id}")
@router.put("/agents/{agent_id}")
async def update(agent_id: int, body: AgentIn, session: Session, actor: CurrentActor) -> dict:
    changes = {k: v for k, v in body.changes().items() if k in ("name", "role", "auto_offline")}
    if body.availability_value is not None:
        changes["availability"] = body.availability_value
    user, membership = await do_update_agent(session, actor, agent_id, changes)
    return account_agent_json(user, membership)


@router.delete("/agents/{agent_id}")
async def destroy(agent_id: int, session: Session, actor: CurrentActor) -> Response:
    await do_remove_agent(session, actor, agent_id)
    return Response(status_code=200)

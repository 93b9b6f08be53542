from __future__ import annotations

from fastapi import APIRouter, Response

from chatlake.actions.inbox_members import do_add_inbox_members, do_remove_inbox_members, do_replace_inbox_members
from chatlake.api.admin_schemas import InboxMembersIn
from chatlake.api.deps import CurrentActor, Session
from chatlake.presenters.agents import agents_json
from chatlake.queries.access import access_inbox
from chatlake.queries.agents import inbox_member_agents

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Inboxes"])


@router.get("/inbox_members/{inbox_id}")
async def show(inbox_id: int, session: Session, actor: CurrentActor) -> dict:
    inbox, _channel = await access_inbox(session, actor, inbox_id)
    return {"payload": agents_json(await inbox_member_agents(session, actor.account_id, inbox.id))}


@router.post("/inbox_members")
async def add(body: InboxMembersIn, session: Session, actor: CurrentActor) -> dict:
    inbox = await do_add_inbox_members(session, actor, body.inbox_id, body.user_ids)
    return {"payload": agents_json(await inbox_member_agents(session, actor.account_id, inbox.id))}


@router.patch("/inbox_members")
async def replace(body: InboxMembersIn, session: Session, actor: CurrentActor) -> dict:
    inbox = await do_replace_inbox_members(session, actor, body.inbox_id, body.user_ids)
    return {"payload": agents_json(await inbox_member_agents(session, actor.account_id, inbox.id))}


@router.delete("/inbox_members")
async def remove(body: InboxMembersIn, session: Session, actor: CurrentActor) -> Response:
    await do_remove_inbox_members(session, actor, body.inbox_id, body.user_ids)
    return Response(status_code=200)

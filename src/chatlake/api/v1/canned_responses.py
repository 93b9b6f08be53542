from __future__ import annotations

from fastapi import APIRouter, Response

from chatlake.actions.canned_responses import (
    do_create_canned_response,
    do_delete_canned_response,
    do_update_canned_response,
)
from chatlake.api.admin_schemas import CannedResponseIn
from chatlake.api.deps import CurrentActor, Session
from chatlake.presenters.canned_responses import canned_response_json
from chatlake.queries.canned_responses import list_canned_responses

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Canned Responses"])


@router.get("/canned_responses")
async def index(session: Session, actor: CurrentActor, search: str | None = None) -> list[dict]:
    return [canned_response_json(c) for c in await list_canned_responses(session, actor.account_id, search)]


@router.post("/canned_responses")
async def create(body: CannedResponseIn, session: Session, actor: CurrentActor) -> dict:
    canned = await do_create_canned_response(session, actor, short_code=body.short_code, content=body.content)
    return canned_response_json(canned)


@router.patch("/canned_responses/{canned_response_id}")
@router.put("/canned_responses/{canned_response_id}")
async def update(canned_response_id: int, body: CannedResponseIn, session: Session, actor: CurrentActor) -> dict:
    return canned_response_json(await do_update_canned_response(session, actor, canned_response_id, body.changes()))


@router.delete("/canned_responses/{canned_response_id}")
async def destroy(canned_response_id: int, session: Session, actor: CurrentActor) -> Response:
    await do_delete_canned_response(session, actor, canned_response_id)
    return Response(status_code=200)

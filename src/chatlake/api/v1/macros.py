"""Macros: /macros CRUD and /macros/{id}/execute (Chatwoot's routes and payloads)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from chatlake.actions.macro_runner import do_execute_macro
from chatlake.actions.macros import do_create_macro, do_delete_macro, do_update_macro
from chatlake.api.admin_schemas import Wrapped
from chatlake.api.deps import CurrentActor, Session
from chatlake.api.schemas import Body
from chatlake.presenters.macros import macro_json
from chatlake.queries.macros import access_macro, list_macros, macro_authors

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Macros"])


class MacroIn(Wrapped):
    wrapper = "macro"
    name: Any = None
    visibility: Any = None
    actions: Any = None


class ExecuteIn(Body):
    conversation_ids: Any = None


async def _one(session, macro) -> dict:
    return {"payload": macro_json(macro, await macro_authors(session, [macro]))}


@router.get("/macros")
async def index(session: Session, actor: CurrentActor) -> dict:
    macros = await list_macros(session, actor)
    users = await macro_authors(session, macros)
    return {"payload": [macro_json(macro, users) for macro in macros]}


@router.post("/macros")
async def create(body: MacroIn, session: Session, actor: CurrentActor) -> dict:
    macro = await do_create_macro(session, actor, name=body.name, visibility=body.visibility, actions=body.actions)
    return await _one(session, macro)


@router.get("/macros/{macro_id}")
async def show(macro_id: int, session: Session, actor: CurrentActor) -> dict:
    return await _one(session, await access_macro(session, actor, macro_id))


@router.patch("/macros/{macro_id}")
@router.put("/macros/{macro_id}")
async def update(macro_id: int, body: MacroIn, session: Session, actor: CurrentActor) -> dict:
    return await _one(session, await do_update_macro(session, actor, macro_id, body.changes()))


@router.delete("/macros/{macro_id}")
async def destroy(macro_id: int, session: Session, actor: CurrentActor) -> Response:
    await do_delete_macro(session, actor, macro_id)
    return Response(status_code=200)


@router.post("/macros/{macro_id}/execute")
async def execute(macro_id: int, body: ExecuteIn, session: Session, actor: CurrentActor) -> Response:
    await do_execute_macro(session, actor, macro_id, body.conversation_ids)
    return Response(status_code=200)

from __future__ import annotations

from fastapi import APIRouter, Response

from chatlake.actions.administration import check_administrator
from chatlake.actions.labels import do_create_label, do_delete_label, do_update_label
from chatlake.api.admin_schemas import LabelIn
from chatlake.api.deps import CurrentActor, Session
from chatlake.presenters.labels import label_json
from chatlake.queries.labels import access_label, list_labels

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Labels"])


@router.get("/labels")
async def index(session: Session, actor: CurrentActor) -> dict:
    return {"payload": [label_json(label) for label in await list_labels(session, actor.account_id)]}


@router.post("/labels")
async def create(body: LabelIn, session: Session, actor: CurrentActor) -> dict:
    label = await do_create_label(
        session,
        actor,
        title=body.title,
        description=body.description,
        color=body.color,
        show_on_sidebar=body.show_on_sidebar,
    )
    return label_json(label)


@router.get("/labels/{label_id}")
async def show(label_id: int, session: Session, actor: CurrentActor) -> dict:
    # Chatwoot's LabelPolicy lets agents list labels but show only to administrators.
    check_administrator(actor)
    return label_json(await access_label(session, actor.account_id, label_id))


@router.patch("/labels/{label_id}")
@router.put("/labels/{label_id}")
async def update(label_id: int, body: LabelIn, session: Session, actor: CurrentActor) -> dict:
    return label_json(await do_update_label(session, actor, label_id, body.changes()))


@router.delete("/labels/{label_id}")
async def destroy(label_id: int, session: Session, actor: CurrentActor) -> Response:
    await do_delete_label(session, actor, label_id)
    return Response(status_code=200)

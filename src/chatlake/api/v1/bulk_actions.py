"""POST /bulk_actions (Chatwoot's route): one change on many conversations, or labels on many contacts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from chatlake.actions.bulk_actions import do_bulk_label_contacts, do_bulk_update_conversations
from chatlake.api.deps import CurrentActor, Session
from chatlake.api.schemas import Body
from chatlake.errors import InvalidField

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Bulk Actions"])


class BulkActionIn(Body):
    type: Any = None
    ids: Any = None
    fields: Any = None
    labels: Any = None


@router.post("/bulk_actions")
async def create(body: BulkActionIn, session: Session, actor: CurrentActor) -> Response:
    kind = body.type.strip().capitalize() if isinstance(body.type, str) else None
    if kind == "Conversation":
        await do_bulk_update_conversations(session, actor, body.ids, body.fields, body.labels)
    elif kind == "Contact":
        await do_bulk_label_contacts(session, actor, body.ids, body.labels)
    else:
        raise InvalidField("type must be Conversation or Contact", ["type"])
    return Response(status_code=200)

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from chatlake.actions.custom_filters import (
    check_filter_type,
    do_create_custom_filter,
    do_delete_custom_filter,
    do_update_custom_filter,
)
from chatlake.api.admin_schemas import Wrapped
from chatlake.api.deps import CurrentActor, Session
from chatlake.presenters.custom_filters import custom_filter_json
from chatlake.queries.custom_filters import access_custom_filter, list_custom_filters

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Custom Filters"])


class CustomFilterIn(Wrapped):
    wrapper = "custom_filter"
    name: Any = None
    filter_type: Any = None
    # The spec's name for filter_type (Chatwoot's controller reads filter_type).
    type: Any = None
    query: Any = None

    def fields(self) -> dict:
        fields = {k: v for k, v in self.changes().items() if k != "type"}
        if "filter_type" not in fields and "type" in self.model_fields_set:
            fields["filter_type"] = self.type
        return fields


@router.get("/custom_filters")
async def index(session: Session, actor: CurrentActor, filter_type: str = "conversation") -> list[dict]:
    """The caller's own filters of one type (conversation when not given, as Chatwoot)."""
    filters = await list_custom_filters(session, actor, check_filter_type(filter_type))
    return [custom_filter_json(f) for f in filters]


@router.post("/custom_filters")
async def create(body: CustomFilterIn, session: Session, actor: CurrentActor) -> dict:
    return custom_filter_json(await do_create_custom_filter(session, actor, body.fields()))


@router.get("/custom_filters/{custom_filter_id}")
async def show(custom_filter_id: int, session: Session, actor: CurrentActor) -> dict:
    return custom_filter_json(await access_custom_filter(session, actor, custom_filter_id))


@router.patch("/custom_filters/{custom_filter_id}")
@router.put("/custom_filters/{custom_filter_id}")
async def update(custom_filter_id: int, body: CustomFilterIn, session: Session, actor: CurrentActor) -> dict:
    return custom_filter_json(await do_update_custom_filter(session, actor, custom_filter_id, body.fields()))


@router.delete("/custom_filters/{custom_filter_id}", status_code=204)
async def destroy(custom_filter_id: int, session: Session, actor: CurrentActor) -> Response:
    await do_delete_custom_filter(session, actor, custom_filter_id)
    return Response(status_code=204)

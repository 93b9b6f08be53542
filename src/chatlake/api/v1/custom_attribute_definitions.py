from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from chatlake.actions.custom_attributes import (
    check_enum,
    do_create_custom_attribute_definition,
    do_delete_custom_attribute_definition,
    do_update_custom_attribute_definition,
)
from chatlake.api.admin_schemas import Wrapped
from chatlake.api.deps import CurrentActor, Session
from chatlake.models.custom_attribute_definition import ATTRIBUTE_MODELS
from chatlake.presenters.custom_attributes import custom_attribute_definition_json
from chatlake.queries.custom_attributes import (
    access_custom_attribute_definition,
    list_custom_attribute_definitions,
)

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Custom Attributes"])


class CustomAttributeDefinitionIn(Wrapped):
    """Checked by the action, so a 422 names the field whatever type was sent."""

    wrapper = "custom_attribute_definition"
    attribute_display_name: Any = None
    attribute_display_type: Any = None
    attribute_description: Any = None
    attribute_key: Any = None
    attribute_model: Any = None
    attribute_values: Any = None
    regex_pattern: Any = None
    regex_cue: Any = None
    default_value: Any = None


@router.get("/custom_attribute_definitions")
async def index(session: Session, actor: CurrentActor, attribute_model: str | None = None) -> list[dict]:
    """`attribute_model`: 0, 1, conversation_attribute or contact_attribute; absent: both."""
    model = check_enum(attribute_model, ATTRIBUTE_MODELS, "attribute_model") if attribute_model else None
    definitions = await list_custom_attribute_definitions(session, actor.account_id, model)
    return [custom_attribute_definition_json(d) for d in definitions]


@router.post("/custom_attribute_definitions")
async def create(body: CustomAttributeDefinitionIn, session: Session, actor: CurrentActor) -> dict:
    definition = await do_create_custom_attribute_definition(session, actor, body.changes())
    return custom_attribute_definition_json(definition)


@router.get("/custom_attribute_definitions/{definition_id}")
async def show(definition_id: int, session: Session, actor: CurrentActor) -> dict:
    definition = await access_custom_attribute_definition(session, actor.account_id, definition_id)
    return custom_attribute_definition_json(definition)


@router.patch("/custom_attribute_definitions/{definition_id}")
@router.put("/custom_attribute_definitions/{definition_id}")
async def update(definition_id: int, body: CustomAttributeDefinitionIn, session: Session, actor: CurrentActor) -> dict:
    definition = await do_update_custom_attribute_definition(session, actor, definition_id, body.changes())
    return custom_attribute_definition_json(definition)


@router.delete("/custom_attribute_definitions/{definition_id}", status_code=204)
async def destroy(definition_id: int, session: Session, actor: CurrentActor) -> Response:
    await do_delete_custom_attribute_definition(session, actor, definition_id)
    return Response(status_code=204)

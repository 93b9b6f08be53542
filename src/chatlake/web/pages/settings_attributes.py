"""Settings > Custom attributes: the typed attributes of contacts and conversations."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from chatlake.actions.custom_attributes import (
    do_create_custom_attribute_definition,
    do_delete_custom_attribute_definition,
    do_update_custom_attribute_definition,
)
from chatlake.models.custom_attribute_definition import ATTRIBUTE_MODEL_NAMES, DISPLAY_TYPE_NAMES, DISPLAY_TYPES
from chatlake.queries.custom_attributes import list_custom_attribute_definitions
from chatlake.web.deps import AdministratorActor, DbSession
from chatlake.web.forms import refused_back_to, require_csrf, see_other
from chatlake.web.notices import notice
from chatlake.web.pages import form_values
from chatlake.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])

LIST = "/app/settings/attributes"
MODEL_CHOICES = [("contact_attribute", "Contact"), ("conversation_attribute", "Conversation")]
TYPE_CHOICES = [(name, name.capitalize()) for name in DISPLAY_TYPES]


def _values(form) -> list[str]:
    """A list attribute's choices, one per line (or comma-separated) in the form."""
    raw = form_values.text(form, "attribute_values") or ""
    return [item.strip() for line in raw.splitlines() for item in line.split(",") if item.strip()]


@router.get(LIST)
async def attribute_list(request: Request, session: DbSession, actor: AdministratorActor) -> Response:
    return render(
        request,
        "settings/attributes.html",
        user=actor.user,
        account=actor.account,
        current_page="settings",
        settings_area="attributes",
        definitions=await list_custom_attribute_definitions(session, actor.account_id, None),
        model_names=ATTRIBUTE_MODEL_NAMES,
        type_names=DISPLAY_TYPE_NAMES,
        model_choices=MODEL_CHOICES,
        type_choices=TYPE_CHOICES,
    )


@router.post(LIST)
async def attribute_create(request: Request, session: DbSession, actor: AdministratorActor) -> Response:
    form = await request.form()
    fields: dict = form_values.sent(
        form, "attribute_display_name", "attribute_key", "attribute_model", "attribute_display_type"
    )
    fields["attribute_description"] = form_values.text(form, "attribute_description") or None
    fields["attribute_values"] = _values(form)
    with refused_back_to(LIST, form):
        definition = await do_create_custom_attribute_definition(session, actor, fields)
    notice(request, f"Attribute “{definition.attribute_display_name}” created.")
    return see_other(LIST)


@router.post(LIST + "/{definition_id:int}")
async def attribute_update(
    request: Request, definition_id: int, session: DbSession, actor: AdministratorActor
) -> Response:
    form = await request.form()
    changes: dict = form_values.sent(form, "attribute_display_name")
    changes["attribute_description"] = form_values.text(form, "attribute_description") or None
    if "attribute_values" in form:
        changes["attribute_values"] = _values(form)
    with refused_back_to(LIST):
        await do_update_custom_attribute_definition(session, actor, definition_id, changes)
    notice(request, "Attribute saved.")
    return see_other(LIST)


@router.post(LIST + "/{definition_id:int}/delete")
async def attribute_delete(
    request: Request, definition_id: int, session: DbSession, actor: AdministratorActor
) -> Response:
    with refused_back_to(LIST):
        await do_delete_custom_attribute_definition(session, actor, definition_id)
    notice(request, "Attribute deleted. Values already stored stay in the records.")
    return see_other(LIST)

"""One contact's page: details and custom attributes (editable), labels, previous conversations, notes."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from chatlake.actions.contact_notes import do_create_note, do_delete_note
from chatlake.actions.contact_updates import contact_labels, do_set_contact_labels, do_update_contact
from chatlake.errors import InvalidField, NotFound
from chatlake.models import Contact, CustomAttributeDefinition
from chatlake.models.custom_attribute_definition import ATTRIBUTE_MODELS, DISPLAY_TYPE_NAMES
from chatlake.queries.access import access_contact
from chatlake.queries.contact_notes import access_note, list_notes
from chatlake.queries.contact_search import contact_conversations
from chatlake.queries.custom_attributes import list_custom_attribute_definitions
from chatlake.queries.labels import list_labels
from chatlake.web.deps import AccountActor, DbSession
from chatlake.web.errors import DashboardError
from chatlake.web.forms import refused_back_to, require_csrf, see_other
from chatlake.web.notices import notice
from chatlake.web.pages import form_values
from chatlake.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])

PAGE = "/app/contacts/{contact_id:int}"
# Kept in additional_attributes, where Chatwoot's contact form puts them.
ADDITIONAL_FIELDS = {"company_name": "Company", "city": "City", "country_code": "Country code"}


async def _contact(session, actor, contact_id: int) -> Contact:
    try:
        return await access_contact(session, actor, contact_id)
    except NotFound:
        raise DashboardError(404, "This contact does not exist.") from None


def _typed(definition: CustomAttributeDefinition, raw: str | None):
    """A posted attribute value in the type its definition gives; blank clears it."""
    kind = DISPLAY_TYPE_NAMES.get(definition.attribute_display_type, "text")
    if kind == "checkbox":
        return raw is not None
    if raw is None or raw.strip() == "":
        return None
    raw = raw.strip()
    if kind in ("number", "currency", "percent"):
        try:
            number = float(raw)
        except ValueError:
            raise InvalidField(
                f"{definition.attribute_display_name} must be a number", [definition.attribute_key]
            ) from None
        return int(number) if number.is_integer() else number
    if kind == "list" and definition.attribute_values and raw not in definition.attribute_values:
        raise InvalidField(
            f"{definition.attribute_display_name} must be one of its choices", [definition.attribute_key]
        )
    return raw


@router.get(PAGE)
async def contact_page(request: Request, contact_id: int, session: DbSession, actor: AccountActor) -> Response:
    contact = await _contact(session, actor, contact_id)
    definitions = await list_custom_attribute_definitions(
        session, actor.account_id, ATTRIBUTE_MODELS["contact_attribute"]
    )
    defined = {d.attribute_key for d in definitions}
    custom = contact.custom_attributes or {}
    return render(
        request,
        "contact.html",
        user=actor.user,
        account=actor.account,
        current_page="contacts",
        contact=contact,
        additional=contact.additional_attributes or {},
        additional_fields=ADDITIONAL_FIELDS,
        definitions=definitions,
        type_names=DISPLAY_TYPE_NAMES,
        custom=custom,
        undefined_attributes={key: value for key, value in custom.items() if key not in defined},
        contact_labels=contact_labels(contact),
        labels=await list_labels(session, actor.account_id),
        conversations=await contact_conversations(session, actor, contact),
        notes=await list_notes(session, contact),
    )


@router.post(PAGE)
async def contact_update(request: Request, contact_id: int, session: DbSession, actor: AccountActor) -> Response:
    contact = await _contact(session, actor, contact_id)
    form = await request.form()
    changes: dict = form_values.sent(form, "name", "email", "phone_number", "identifier")
    changes["additional_attributes"] = {
        key: (form_values.text(form, key) or "").strip() or None for key in ADDITIONAL_FIELDS if key in form
    }
    with refused_back_to(f"/app/contacts/{contact.id}", form):
        await do_update_contact(session, actor, contact, changes)
    notice(request, "Contact saved.")
    return see_other(f"/app/contacts/{contact.id}")


@router.post(PAGE + "/attributes")
async def contact_attributes(request: Request, contact_id: int, session: DbSession, actor: AccountActor) -> Response:
    contact = await _contact(session, actor, contact_id)
    form = await request.form()
    definitions = await list_custom_attribute_definitions(
        session, actor.account_id, ATTRIBUTE_MODELS["contact_attribute"]
    )
    back = f"/app/contacts/{contact.id}#attributes"
    with refused_back_to(back):
        values = {d.attribute_key: _typed(d, form_values.text(form, f"attr-{d.attribute_key}")) for d in definitions}
        await do_update_contact(session, actor, contact, {"custom_attributes": values})
    notice(request, "Attributes saved.")
    return see_other(back)


@router.post(PAGE + "/labels")
async def contact_labels_update(request: Request, contact_id: int, session: DbSession, actor: AccountActor) -> Response:
    contact = await _contact(session, actor, contact_id)
    form = await request.form()
    back = f"/app/contacts/{contact.id}#labels"
    with refused_back_to(back):
        await do_set_contact_labels(session, actor, contact, [v for v in form.getlist("labels") if isinstance(v, str)])
    notice(request, "Labels saved.")
    return see_other(back)


@router.post(PAGE + "/notes")
async def note_create(request: Request, contact_id: int, session: DbSession, actor: AccountActor) -> Response:
    contact = await _contact(session, actor, contact_id)
    form = await request.form()
    back = f"/app/contacts/{contact.id}#notes"
    with refused_back_to(back, form):
        await do_create_note(session, actor, contact, form_values.text(form, "content"))
    notice(request, "Note added.")
    return see_other(back)


@router.post(PAGE + "/notes/{note_id:int}/delete")
async def note_delete(
    request: Request, contact_id: int, note_id: int, session: DbSession, actor: AccountActor
) -> Response:
    contact = await _contact(session, actor, contact_id)
    try:
        note, _user, _membership = await access_note(session, contact, note_id)
    except NotFound:
        raise DashboardError(404, "This note does not exist.") from None
    await do_delete_note(session, note)
    notice(request, "Note deleted.")
    return see_other(f"/app/contacts/{contact.id}#notes")

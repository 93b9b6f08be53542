"""Settings > Labels and Settings > Canned responses: the account's shared words."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from chatlake.actions.canned_responses import (
    do_create_canned_response,
    do_delete_canned_response,
    do_update_canned_response,
)
from chatlake.actions.labels import do_create_label, do_delete_label, do_update_label
from chatlake.queries.canned_responses import list_canned_responses
from chatlake.queries.labels import list_labels
from chatlake.web.deps import AdministratorActor, DbSession
from chatlake.web.forms import refused_back_to, require_csrf, see_other
from chatlake.web.notices import notice
from chatlake.web.pages import form_values
from chatlake.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])

LABELS = "/app/settings/labels"
CANNED = "/app/settings/canned-responses"


def _label_fields(form) -> dict:
    fields: dict = form_values.sent(form, "title", "description", "color")
    fields["show_on_sidebar"] = form_values.checked(form, "show_on_sidebar")
    return fields


@router.get(LABELS)
async def label_list(request: Request, session: DbSession, actor: AdministratorActor) -> Response:
    return render(
        request,
        "settings/labels.html",
        user=actor.user,
        account=actor.account,
        current_page="settings",
        settings_area="labels",
        labels=await list_labels(session, actor.account_id),
    )


@router.post(LABELS)
async def label_create(request: Request, session: DbSession, actor: AdministratorActor) -> Response:
    form = await request.form()
    fields = _label_fields(form)
    with refused_back_to(LABELS, form):
        label = await do_create_label(
            session,
            actor,
            title=fields.get("title"),
            description=fields.get("description") or None,
            color=fields.get("color"),
            show_on_sidebar=fields["show_on_sidebar"],
        )
    notice(request, f"Label “{label.title}” created.")
    return see_other(LABELS)


@router.post(LABELS + "/{label_id:int}")
async def label_update(request: Request, label_id: int, session: DbSession, actor: AdministratorActor) -> Response:
    form = await request.form()
    with refused_back_to(LABELS):
        label = await do_update_label(session, actor, label_id, _label_fields(form))
    notice(request, f"Label “{label.title}” saved.")
    return see_other(LABELS)


@router.post(LABELS + "/{label_id:int}/delete")
async def label_delete(request: Request, label_id: int, session: DbSession, actor: AdministratorActor) -> Response:
    with refused_back_to(LABELS):
        await do_delete_label(session, actor, label_id)
    notice(request, "Label deleted.")
    return see_other(LABELS)


@router.get(CANNED)
async def canned_list(request: Request, session: DbSession, actor: AdministratorActor) -> Response:
    return render(
        request,
        "settings/canned_responses.html",
        user=actor.user,
        account=actor.account,
        current_page="settings",
        settings_area="canned-responses",
        canned_responses=await list_canned_responses(session, actor.account_id),
    )


@router.post(CANNED)
async def canned_create(request: Request, session: DbSession, actor: AdministratorActor) -> Response:
    form = await request.form()
    with refused_back_to(CANNED, form):
        await do_create_canned_response(
            session, actor, short_code=form_values.text(form, "short_code"), content=form_values.text(form, "content")
        )
    notice(request, "Canned response created.")
    return see_other(CANNED)


@router.post(CANNED + "/{canned_id:int}")
async def canned_update(request: Request, canned_id: int, session: DbSession, actor: AdministratorActor) -> Response:
    form = await request.form()
    with refused_back_to(CANNED):
        await do_update_canned_response(session, actor, canned_id, form_values.sent(form, "short_code", "content"))
    notice(request, "Canned response saved.")
    return see_other(CANNED)


@router.post(CANNED + "/{canned_id:int}/delete")
async def canned_delete(request: Request, canned_id: int, session: DbSession, actor: AdministratorActor) -> Response:
    with refused_back_to(CANNED):
        await do_delete_canned_response(session, actor, canned_id)
    notice(request, "Canned response deleted.")
    return see_other(CANNED)

"""Settings > Account: the account's name, language, contact details and auto-resolve."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from chatlake.actions.account import do_update_account
from chatlake.web.deps import AdministratorActor, DbSession
from chatlake.web.errors import DashboardError
from chatlake.web.forms import refused_back_to, require_csrf, see_other
from chatlake.web.notices import notice
from chatlake.web.pages import form_values
from chatlake.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])

PAGE = "/app/settings/account"


@router.get(PAGE)
async def account_settings(request: Request, actor: AdministratorActor) -> Response:
    return render(
        request,
        "settings/account.html",
        user=actor.user,
        account=actor.account,
        current_page="settings",
        settings_area="account",
        auto_resolve_after=(actor.account.settings or {}).get("auto_resolve_after"),
    )


@router.post(PAGE)
async def account_update(request: Request, session: DbSession, actor: AdministratorActor) -> Response:
    form = await request.form()
    changes: dict = form_values.sent(form, "name", "locale", "domain", "support_email")
    minutes = (form_values.text(form, "auto_resolve_after") or "").strip()
    if minutes and not minutes.isdigit():
        raise DashboardError(400, "Auto-resolve must be a whole number of minutes.")
    changes["auto_resolve_after"] = int(minutes) if minutes else None
    with refused_back_to(PAGE, form):
        await do_update_account(session, actor, changes)
    notice(request, "Account settings saved.")
    return see_other(PAGE)

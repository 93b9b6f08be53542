"""Profile settings: who you are, your password, and the access token for the API."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from chatlake.actions.profile import (
    check_new_password,
    do_change_password,
    do_reset_access_token,
    do_update_profile,
    hash_new_password,
)
from chatlake.auth.passwords import verify_password
from chatlake.auth.tokens import access_token_of
from chatlake.errors import InvalidField
from chatlake.web.deps import AccountActor, DbSession
from chatlake.web.forms import refused_back_to, require_csrf, see_other
from chatlake.web.notices import notice
from chatlake.web.pages import form_values
from chatlake.web.signin import signed_in_session_token
from chatlake.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])

PROFILE = "/app/profile"
WRONG_CURRENT_PASSWORD = "The current password is not correct."


@router.get(PROFILE)
async def profile_settings(request: Request, session: DbSession, actor: AccountActor) -> Response:
    access_token = await access_token_of(session, "User", actor.user.id)
    return render(
        request,
        "profile.html",
        user=actor.user,
        account=actor.account,
        current_page="profile",
        access_token=access_token,
    )


@router.post(PROFILE)
async def profile_update(request: Request, session: DbSession, actor: AccountActor) -> Response:
    form = await request.form()
    with refused_back_to(PROFILE, form):
        await do_update_profile(session, actor.user, form_values.sent(form, "name", "display_name"))
    notice(request, "Profile saved.")
    return see_other(PROFILE)


@router.post(PROFILE + "/password")
async def password_change(request: Request, session: DbSession, actor: AccountActor) -> Response:
    form = await request.form()
    user = actor.user
    with refused_back_to(PROFILE + "#password"):
        new_password = check_new_password(
            form_values.text(form, "password"), form_values.text(form, "password_confirmation") or ""
        )
        current = form_values.text(form, "current_password") or ""
        if not await run_in_threadpool(verify_password, user.password_hash, current):
            raise InvalidField(WRONG_CURRENT_PASSWORD, ["current_password"])
        await do_change_password(
            session,
            user,
            await hash_new_password(new_password),
            keep_dashboard_session=signed_in_session_token(request),
        )
    notice(request, "Password changed. You were signed out everywhere else.")
    return see_other(PROFILE)


@router.post(PROFILE + "/access-token")
async def access_token_reset(request: Request, session: DbSession, actor: AccountActor) -> Response:
    await do_reset_access_token(session, actor.user)
    notice(request, "A new access token was made. The old one no longer works: update your API clients.")
    return see_other(PROFILE + "#token-heading")

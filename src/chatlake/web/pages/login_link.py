"""One-time sign-in links (made by the Platform API's `GET /users/{id}/login`): the link signs the
browser in once, then it is spent; an expired, spent or altered link shows the sign-in form instead."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from chatlake.actions.audit import do_record_sign_in
from chatlake.actions.dashboard_sessions import do_start_dashboard_session
from chatlake.actions.platform_users import do_use_login_link
from chatlake.web.signin import HOME, sign_in
from chatlake.web.templating import render

router = APIRouter(include_in_schema=False)

LINK_REFUSED = "This sign-in link has expired or was already used. Please sign in with your password."


@router.get("/app/login/link")
async def use_login_link(
    request: Request,
    email: Annotated[str, Query()] = "",
    sso_auth_token: Annotated[str, Query()] = "",
) -> Response:
    runtime = request.app.state.runtime
    user = None
    if sso_auth_token:
        async with runtime.db.transaction() as session:
            user = await do_use_login_link(session, email, sso_auth_token)
            if user is not None:
                session_token = await do_start_dashboard_session(session, user)
                await do_record_sign_in(session, user, request.client.host if request.client else None)
    if user is None:
        response = render(request, "login.html", status_code=401, email=email, return_to="", error=LINK_REFUSED)
        # The token is in this page's URL: keep it out of Referer headers.
        response.headers["Referrer-Policy"] = "no-referrer"
        return response
    sign_in(request, user, session_token)
    return RedirectResponse(HOME, status_code=303)

"""Signing in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from chatlake.actions.audit import do_record_sign_in
from chatlake.web.credentials import user_for_credentials
from chatlake.web.csrf import csrf_ok
from chatlake.web.errors import DashboardError
from chatlake.web.signin import safe_return_path, sign_in, sign_out, signed_in_user_id
from chatlake.web.templating import render

router = APIRouter(include_in_schema=False)

FORM_EXPIRED = "This form has expired. Please try again."
WRONG_CREDENTIALS = "Invalid email or password."


def _login_page(request: Request, *, status_code: int = 200, email: str = "", return_to: str = "", error: str = ""):
    return render(
        request, "login.html", status_code=status_code, email=email, return_to=safe_return_path(return_to), error=error
    )


@router.get("/app/login")
async def login_form(request: Request, return_to: Annotated[str, Query(alias="next")] = "") -> Response:
    if signed_in_user_id(request) is not None:
        return RedirectResponse(safe_return_path(return_to), status_code=303)
    return _login_page(request, return_to=return_to)


@router.post("/app/login")
async def login(
    request: Request,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    return_to: Annotated[str, Form(alias="next")] = "",
) -> Response:
    if not csrf_ok(request, csrf_token):
        return _login_page(request, status_code=403, email=email, return_to=return_to, error=FORM_EXPIRED)
    user = await user_for_credentials(request.app.state.runtime.db, email, password)
    if user is None:
        return _login_page(request, status_code=401, email=email, return_to=return_to, error=WRONG_CREDENTIALS)
    async with request.app.state.runtime.db.transaction() as session:
        await do_record_sign_in(session, user, request.client.host if request.client else None)
    sign_in(request, user)
    return RedirectResponse(safe_return_path(return_to), status_code=303)


@router.post("/app/logout")
async def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    if not csrf_ok(request, csrf_token):
        raise DashboardError(403, FORM_EXPIRED)
    sign_out(request)
    return RedirectResponse("/app/login", status_code=303)

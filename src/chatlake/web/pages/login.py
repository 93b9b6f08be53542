"""Signing in (throttled: `actions/login_throttle.py`) and out."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from chatlake.actions.audit import do_record_sign_in
from chatlake.actions.dashboard_sessions import do_end_dashboard_session, do_start_dashboard_session
from chatlake.actions.login_throttle import (
    ThrottlePolicy,
    do_clear_login_failures,
    do_count_sign_in_attempt,
    throttle_keys,
)
from chatlake.actions.throttle_counters import counting_transaction
from chatlake.config import Settings
from chatlake.web.credentials import user_for_credentials
from chatlake.web.csrf import csrf_ok
from chatlake.web.errors import DashboardError
from chatlake.web.known_device import known_device, remember_device
from chatlake.web.signin import safe_return_path, sign_in, sign_out, signed_in_session_token, signed_in_user_id
from chatlake.web.templating import render

router = APIRouter(include_in_schema=False)

FORM_EXPIRED = "This form has expired. Please try again."
WRONG_CREDENTIALS = "Invalid email or password."


def throttle_policy(settings: Settings) -> ThrottlePolicy:
    return ThrottlePolicy(
        per_email=settings.login_failures_per_email,
        per_address=settings.login_failures_per_address,
        window=timedelta(seconds=settings.login_failure_window_seconds),
    )


def too_many_attempts(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return (
        "Too many failed sign-in attempts. For your account's safety, signing in is paused: "
        f"please try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )


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
    runtime = request.app.state.runtime
    policy = throttle_policy(runtime.settings)
    # The client's address as uvicorn reports it: the peer, or X-Forwarded-For from a trusted proxy only.
    address = request.client.host if request.client else None
    keys = throttle_keys(email, address, known_device(request, email))
    # Counted and committed before the password is looked at: concurrent guesses cannot share one count.
    async with counting_transaction(runtime.db) as session:
        wait = await do_count_sign_in_attempt(session, policy, keys)
    if wait:
        # Refused before the password is looked at, so a locked-out guesser learns nothing more.
        response = _login_page(
            request, status_code=429, email=email, return_to=return_to, error=too_many_attempts(wait)
        )
        response.headers["Retry-After"] = str(wait)
        return response
    user = await user_for_credentials(runtime.db, email, password)
    if user is None:
        return _login_page(request, status_code=401, email=email, return_to=return_to, error=WRONG_CREDENTIALS)
    async with runtime.db.transaction() as session:
        await do_clear_login_failures(session, keys)
        session_token = await do_start_dashboard_session(session, user)
        await do_record_sign_in(session, user, address)
    sign_in(request, user, session_token)
    response = RedirectResponse(safe_return_path(return_to), status_code=303)
    remember_device(request, response, email)
    return response


@router.post("/app/logout")
async def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    if not csrf_ok(request, csrf_token):
        raise DashboardError(403, FORM_EXPIRED)
    session_token = signed_in_session_token(request)
    if session_token:
        async with request.app.state.runtime.db.transaction() as session:
            await do_end_dashboard_session(session, session_token)
    sign_out(request)
    return RedirectResponse("/app/login", status_code=303)

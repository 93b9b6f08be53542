"""Chatwoot's client sign-in (devise_token_auth): `POST /auth/sign_in`, `DELETE /auth/sign_out`,
`GET /auth/validate_token`, as Chatwoot's mobile and desktop apps call them.

Sign-in answers `{"data": <user>}` with the `access-token`, `token-type`, `client`, `expiry` and `uid`
headers; the Application API then accepts those headers (api/devise_credentials.py) or the user's
`access_token` from the body. Failed sign-ins count against the same limits, in the same table, as the
dashboard's (per email and per client address), so the two doors share one budget.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict

from chatlake.actions.audit import do_record_sign_in
from chatlake.actions.client_sign_ins import ClientCredentials, do_end_client_sign_in, do_start_client_sign_in
from chatlake.actions.login_throttle import (
    ThrottlePolicy,
    do_clear_login_failures,
    do_count_sign_in_attempt,
    throttle_keys,
)
from chatlake.actions.platform_users import do_use_login_link
from chatlake.actions.throttle_counters import counting_transaction
from chatlake.api.platform.users import render_user
from chatlake.api.responses import JSON
from chatlake.auth.credentials import user_for_password
from chatlake.auth.devise_tokens import client_sign_in_for
from chatlake.models import User

router = APIRouter(tags=["Client sign-in"])

INVALID_CREDENTIALS = "Invalid login credentials. Please try again."
NOT_SIGNED_IN = "User was not found or was not logged in."


class SignInIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    email: str = ""
    password: str = ""
    # A one-time link's token (GET /platform/api/v1/users/{id}/login) instead of a password, as in Chatwoot.
    sso_auth_token: str = ""


def _policy(settings) -> ThrottlePolicy:
    return ThrottlePolicy(
        per_email=settings.login_failures_per_email,
        per_address=settings.login_failures_per_address,
        window=timedelta(seconds=settings.login_failure_window_seconds),
    )


def _refused(status: int, message: str, headers: dict | None = None) -> JSON:
    return JSON({"success": False, "errors": [message]}, status_code=status, headers=headers)


def _credential_headers(user: User, credentials: ClientCredentials) -> dict[str, str]:
    return {
        "access-token": credentials.access_token,
        "token-type": "Bearer",
        "client": credentials.client,
        "expiry": str(int(credentials.expires_at.timestamp())),
        "uid": user.email,
        "Cache-Control": "no-store",
    }


async def _user_for(runtime, body: SignInIn) -> User | None:
    if body.sso_auth_token:
        async with runtime.db.transaction() as writer:
            return await do_use_login_link(writer, body.email, body.sso_auth_token)
    return await user_for_password(runtime.db, body.email, body.password)


@router.post("/auth/sign_in")
async def sign_in(body: SignInIn, request: Request) -> JSON:
    runtime = request.app.state.runtime
    policy = _policy(runtime.settings)
    address = request.client.host if request.client else None
    keys = throttle_keys(body.email, address)
    # Counted and committed before the password is looked at, as the dashboard's sign-in (web/pages/login.py).
    async with counting_transaction(runtime.db) as session:
        wait = await do_count_sign_in_attempt(session, policy, keys)
    if wait:
        minutes = max(1, -(-wait // 60))
        plural = "s" if minutes != 1 else ""
        message = f"Too many failed sign-in attempts. Please try again in {minutes} minute{plural}."
        return _refused(429, message, {"Retry-After": str(wait)})
    user = await _user_for(runtime, body)
    if user is None:
        return _refused(401, INVALID_CREDENTIALS)
    async with runtime.db.transaction() as session:
        await do_clear_login_failures(session, keys)
        credentials = await do_start_client_sign_in(session, user)
        await do_record_sign_in(session, user, address)
        answer = {"data": await render_user(session, user)}
    return JSON(answer, headers=_credential_headers(user, credentials))


def _client_headers(request: Request) -> tuple[str | None, str | None, str | None]:
    return request.headers.get("access-token"), request.headers.get("client"), request.headers.get("uid")


@router.delete("/auth/sign_out")
async def sign_out(request: Request) -> JSON:
    async with request.app.state.runtime.db.transaction() as session:
        found = await client_sign_in_for(session, *_client_headers(request))
        if found is not None:
            await do_end_client_sign_in(session, found[0])
    if found is None:
        return _refused(404, NOT_SIGNED_IN)
    return JSON({"success": True})


@router.get("/auth/validate_token")
async def validate_token(request: Request) -> JSON:
    async with request.app.state.runtime.db.read_transaction() as session:
        found = await client_sign_in_for(session, *_client_headers(request))
        answer: Any = None if found is None else {"success": True, "data": await render_user(session, found[1])}
    if answer is None:
        return _refused(401, "Invalid login credentials")
    return JSON(answer)

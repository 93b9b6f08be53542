"""Who may call the workspace's JSON endpoints: a signed-in member of the account, sending the session's
CSRF token in the X-CSRF-Token header on every write (a form on another site cannot set headers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from chatlake.auth.actor import Actor
from chatlake.auth.tokens import actor_in_account
from chatlake.errors import Forbidden, Unauthorized
from chatlake.web.csrf import csrf_ok
from chatlake.web.deps import DbSession
from chatlake.web.signin import signed_in_session_token, signed_in_user_id
from chatlake.web.user_lookup import first_account_id, user_of_dashboard_session

CSRF_HEADER = "X-CSRF-Token"
CSRF_REFUSED = "Missing or invalid CSRF token"


def _check_csrf(request: Request) -> None:
    if not csrf_ok(request, request.headers.get(CSRF_HEADER, "")):
        raise Forbidden(CSRF_REFUSED)


async def _workspace_actor(request: Request, session: DbSession) -> Actor:
    # JSON callers get 401 rather than the pages' redirect to the login form. As for pages, the sign-in
    # must still be live: a copy of the cookie taken before sign-out or a password change is worth nothing.
    user_id = signed_in_user_id(request)
    session_token = signed_in_session_token(request)
    user = None
    if user_id is not None and session_token is not None:
        user = await user_of_dashboard_session(session, user_id, session_token)
    if user is None:
        raise Unauthorized("Sign in to continue")
    account_id = await first_account_id(session, user)
    if account_id is None:
        raise Unauthorized("You are not a member of any account")
    return await actor_in_account(session, user, account_id)


CsrfChecked = Depends(_check_csrf)
WorkspaceActor = Annotated[Actor, Depends(_workspace_actor)]

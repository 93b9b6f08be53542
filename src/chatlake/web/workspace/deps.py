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
from chatlake.web.signin import signed_in_user_id
from chatlake.web.user_lookup import first_account_id, user_with_id

CSRF_HEADER = "X-CSRF-Token"
CSRF_REFUSED = "Missing or invalid CSRF token"


def _check_csrf(request: Request) -> None:
    if not csrf_ok(request, request.headers.get(CSRF_HEADER, "")):
        raise Forbidden(CSRF_REFUSED)


async def _workspace_actor(request: Request, session: DbSession) -> Actor:
    # JSON callers get 401 rather than the pages' redirect to the login form.
    user_id = signed_in_user_id(request)
    user = await user_with_id(session, user_id) if user_id is not None else None
    if user is None:
        raise Unauthorized("Sign in to continue")
    account_id = await first_account_id(session, user)
    if account_id is None:
        raise Unauthorized("You are not a member of any account")
    return await actor_in_account(session, user, account_id)


CsrfChecked = Depends(_check_csrf)
WorkspaceActor = Annotated[Actor, Depends(_workspace_actor)]

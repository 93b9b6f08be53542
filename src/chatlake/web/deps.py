"""Per-request dependencies of dashboard pages: a database transaction, the signed-in user, their account."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.automation_runner import run_automations
from chatlake.api.message_uploads import discard_uncommitted_files, remove_files_after_commit
from chatlake.auth.actor import Actor
from chatlake.auth.tokens import actor_in_account
from chatlake.errors import Unauthorized
from chatlake.events.outbox import EVENTS_RECORDED
from chatlake.models import User
from chatlake.web.errors import DashboardError, SignInRequired
from chatlake.web.notices import notice
from chatlake.web.signin import sign_out, signed_in_session_token, signed_in_user_id
from chatlake.web.user_lookup import first_account_id, user_of_dashboard_session

SESSION_ENDED = "Your session has ended (signed out, or the password was changed). Please sign in again."
ADMINISTRATORS_ONLY = "Only administrators of this account can open its settings."


async def _db_session(request: Request) -> AsyncIterator[AsyncSession]:
    runtime = request.app.state.runtime
    # GET pages and the fragments the workspace re-fetches on every event only read: on SQLite they
    # must not queue for the write lock (nor hold up writers) as a write transaction would.
    reads_only = request.method in ("GET", "HEAD")
    session = None
    try:
        async with runtime.db.read_transaction() if reads_only else runtime.db.transaction() as session:
            yield session
            if not reads_only:
                # Before the commit: a rule's changes are stored with the change that set them off.
                await run_automations(session)
    except BaseException:
        # Files a reply uploaded before its transaction failed go again (as in the API).
        if session is not None:
            await discard_uncommitted_files(session, runtime.attachments)
        raise
    # Committed: only now may the events a dashboard write recorded be pushed and delivered.
    runtime.after_commit(bool(session.info.get(EVENTS_RECORDED)))
    await remove_files_after_commit(session, runtime.attachments)


# scope="function": the connection goes back to the pool before the page is sent.
DbSession = Annotated[AsyncSession, Depends(_db_session, scope="function")]


async def _signed_in_user(request: Request, session: DbSession) -> User:
    user_id = signed_in_user_id(request)
    session_token = signed_in_session_token(request)
    user = None
    if user_id is not None and session_token is not None:
        user = await user_of_dashboard_session(session, user_id, session_token)
    if user is None:
        # A cookie naming a deleted user or an ended sign-in is worth nothing; drop it rather than keep sending it.
        sign_out(request)
        if user_id is not None:
            notice(request, SESSION_ENDED, "error")
        raise SignInRequired()
    return user


SignedInUser = Annotated[User, Depends(_signed_in_user)]


async def _account_actor(request: Request, session: DbSession, user: SignedInUser) -> Actor:
    account_id = await first_account_id(session, user)
    if account_id is None:
        raise DashboardError(403, "Your user is not a member of any account.")
    try:
        actor = await actor_in_account(session, user, account_id)
    except Unauthorized as exc:
        raise DashboardError(403, exc.message) from None
    # The page frame shows settings links to administrators only.
    request.state.actor = actor
    return actor


AccountActor = Annotated[Actor, Depends(_account_actor)]


async def _administrator(actor: AccountActor) -> Actor:
    if not actor.is_administrator:
        raise DashboardError(403, ADMINISTRATORS_ONLY)
    return actor


AdministratorActor = Annotated[Actor, Depends(_administrator)]

"""Request-scoped dependencies: one transaction per request, the caller, their account."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.automation_runner import run_automations
from chatlake.api.message_uploads import discard_uncommitted_files, remove_files_after_commit
from chatlake.auth.actor import Actor, AnyActor
from chatlake.auth.tokens import cached_actor, user_for_token
from chatlake.events.outbox import EVENTS_RECORDED
from chatlake.models import User
from chatlake.runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    runtime = get_runtime(request)
    await runtime.db.cache.refresh()
    # The session connects at its first statement: on SQLite a write request takes the one writer
    # connection only then, after authentication and body parsing, and gives it back at commit.
    reads_only = request.method in ("GET", "HEAD")
    factory = runtime.db.read_sessionmaker if reads_only else runtime.db.sessionmaker
    async with factory() as session:
        try:
            async with session.begin():
                yield session
                # Before the commit: a rule's changes are stored with the change that set them off.
                await run_automations(session)
        except BaseException:
            await discard_uncommitted_files(session, runtime.attachments)
            raise
        # Committed: only now may side effects (webhooks, pushes) be set off, and removed files go.
        runtime.after_commit(bool(session.info.get(EVENTS_RECORDED)))
        await remove_files_after_commit(session, runtime.attachments)


# scope="function": the commit happens before the response is sent, so a 2xx means "stored".
Session = Annotated[AsyncSession, Depends(_session, scope="function")]


def _token(request: Request) -> str | None:
    # Rack folds "api_access_token" and "api-access-token" into one header; clients use both.
    return request.headers.get("api_access_token") or request.headers.get("api-access-token")


async def _current_user(request: Request, session: Session) -> User:
    return await user_for_token(session, _token(request))


CurrentUser = Annotated[User, Depends(_current_user)]


async def _actor(request: Request, account_id: Annotated[int, Path()]) -> Actor:
    db = get_runtime(request).db
    await db.cache.refresh()
    return await cached_actor(db, _token(request), account_id)


CurrentActor = Annotated[Actor, Depends(_actor)]


async def _actor_or_bot(request: Request, account_id: Annotated[int, Path()]) -> AnyActor:
    db = get_runtime(request).db
    await db.cache.refresh()
    return await cached_actor(db, _token(request), account_id, bots_too=True)


# Only for the endpoints Chatwoot opens to agent-bot tokens; everywhere else a bot's token is a 401.
CurrentActorOrBot = Annotated[AnyActor, Depends(_actor_or_bot)]

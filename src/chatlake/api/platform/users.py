"""Platform users: provisioning, and a one-time dashboard sign-in link."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.platform_users import (
    do_create_login_link,
    do_platform_create_user,
    do_platform_delete_user,
    do_platform_update_user,
)
from chatlake.api.admin_schemas import Wrapped
from chatlake.api.deps import Session
from chatlake.api.platform.deps import CurrentPlatformApp
from chatlake.auth.tokens import access_token_of
from chatlake.models import Account, AccountUser, User
from chatlake.presenters.platform import platform_user_json
from chatlake.queries.platform import access_permissible

router = APIRouter(prefix="/platform/api/v1", tags=["Platform: Users"])

# Where a sign-in link lands: it signs the browser in once and goes on to the dashboard.
LOGIN_LINK_PATH = "/app/login/link"


class UserIn(Wrapped):
    wrapper = "user"
    name: Any = None
    display_name: Any = None
    email: Any = None
    password: Any = None
    custom_attributes: Any = None


async def render_user(session: AsyncSession, user: User) -> dict:
    memberships = (
        await session.execute(
            select(AccountUser, Account)
            .join(Account, Account.id == AccountUser.account_id)
            .where(AccountUser.user_id == user.id)
            .order_by(AccountUser.id)
        )
    ).all()
    token = await access_token_of(session, "User", user.id)
    return platform_user_json(user, [(m, a) for m, a in memberships], token)


@router.post("/users")
async def create(body: UserIn, session: Session, app: CurrentPlatformApp) -> dict:
    return await render_user(session, await do_platform_create_user(session, app, body.changes()))


@router.get("/users/{id}")
async def show(id: int, session: Session, app: CurrentPlatformApp) -> dict:  # noqa: A002 - Chatwoot's name
    return await render_user(session, await access_permissible(session, app, "User", id))


@router.patch("/users/{id}")
@router.put("/users/{id}", include_in_schema=False)
async def update(id: int, body: UserIn, session: Session, app: CurrentPlatformApp) -> dict:  # noqa: A002
    user = await access_permissible(session, app, "User", id)
    return await render_user(session, await do_platform_update_user(session, user, body.changes()))


@router.delete("/users/{id}")
async def destroy(id: int, session: Session, app: CurrentPlatformApp) -> Response:  # noqa: A002
    await do_platform_delete_user(session, await access_permissible(session, app, "User", id))
    return Response(status_code=200)


@router.get("/users/{id}/login")
async def login_link(id: int, request: Request, session: Session, app: CurrentPlatformApp) -> dict:  # noqa: A002
    user = await access_permissible(session, app, "User", id)
    runtime = request.app.state.runtime
    # A GET's transaction is a reader's (on SQLite it could not become a writer while another writes):
    # the link is stored in a writing transaction of its own.
    async with runtime.db.transaction() as writer:
        token = await do_create_login_link(writer, await writer.get(User, user.id))
    base = runtime.settings.public_url.rstrip("/")
    return {"url": f"{base}{LOGIN_LINK_PATH}?{urlencode({'email': user.email, 'sso_auth_token': token})}"}

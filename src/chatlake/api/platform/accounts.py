"""Platform accounts and their members."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Response
from sqlalchemy import select

from chatlake.actions.account_deletion import do_delete_account
from chatlake.actions.assignments import check_id
from chatlake.actions.platform_accounts import (
    do_platform_create_account,
    do_platform_remove_account_user,
    do_platform_set_account_user,
    do_platform_update_account,
)
from chatlake.api.admin_schemas import Wrapped
from chatlake.api.deps import Session
from chatlake.api.platform.deps import CurrentPlatformApp
from chatlake.api.schemas import Body
from chatlake.errors import InvalidField
from chatlake.models import AccountUser
from chatlake.presenters.platform import account_user_json, platform_account_json
from chatlake.queries.platform import access_permissible

router = APIRouter(prefix="/platform/api/v1", tags=["Platform: Accounts"])


class AccountIn(Wrapped):
    wrapper = "account"
    name: Any = None
    locale: Any = None
    domain: Any = None
    support_email: Any = None
    status: Any = None
    limits: Any = None
    custom_attributes: Any = None
    features: Any = None  # accepted and ignored: Chatlake has no feature flags


class AccountUserIn(Body):
    user_id: Any = None
    role: Any = None


def _fields(body: AccountIn) -> dict:
    return {k: v for k, v in body.changes().items() if k != "features"}


@router.post("/accounts")
async def create(body: AccountIn, session: Session, app: CurrentPlatformApp) -> dict:
    return platform_account_json(await do_platform_create_account(session, app, _fields(body)))


@router.get("/accounts/{account_id}")
async def show(account_id: int, session: Session, app: CurrentPlatformApp) -> dict:
    return platform_account_json(await access_permissible(session, app, "Account", account_id))


@router.patch("/accounts/{account_id}")
@router.put("/accounts/{account_id}", include_in_schema=False)
async def update(account_id: int, body: AccountIn, session: Session, app: CurrentPlatformApp) -> dict:
    account = await access_permissible(session, app, "Account", account_id)
    return platform_account_json(await do_platform_update_account(session, account, _fields(body)))


@router.delete("/accounts/{account_id}")
async def destroy(account_id: int, session: Session, app: CurrentPlatformApp) -> Response:
    account = await access_permissible(session, app, "Account", account_id)
    await do_delete_account(session, account)
    return Response(status_code=200)


@router.get("/accounts/{account_id}/account_users")
async def list_account_users(account_id: int, session: Session, app: CurrentPlatformApp) -> list[dict]:
    account = await access_permissible(session, app, "Account", account_id)
    rows = await session.scalars(
        select(AccountUser).where(AccountUser.account_id == account.id).order_by(AccountUser.id)
    )
    return [account_user_json(m) for m in rows]


def _user_id(value) -> int:
    if value is None or value == "":
        raise InvalidField("user_id can't be blank", ["user_id"])
    return check_id(value, "user_id")


@router.post("/accounts/{account_id}/account_users")
async def create_account_user(account_id: int, body: AccountUserIn, session: Session, app: CurrentPlatformApp) -> dict:
    account = await access_permissible(session, app, "Account", account_id)
    # The user, like the account, must be the app's: an app cannot enrol another app's users.
    user = await access_permissible(session, app, "User", _user_id(body.user_id))
    return account_user_json(await do_platform_set_account_user(session, account, user, body.role))


@router.delete("/accounts/{account_id}/account_users")
async def delete_account_user(
    body: AccountUserIn, session: Session, app: CurrentPlatformApp, account_id: int = Path()
) -> Response:
    account = await access_permissible(session, app, "Account", account_id)
    await do_platform_remove_account_user(session, account, _user_id(body.user_id))
    return Response(status_code=200)

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from chatlake.actions.profile import do_update_profile
from chatlake.api.admin_schemas import Wrapped
from chatlake.api.deps import CurrentUser, Session
from chatlake.auth.tokens import access_token_of
from chatlake.models import Account, AccountUser, User
from chatlake.presenters.users import AVAILABILITY_NAMES, ROLE_NAMES

router = APIRouter(prefix="/api/v1", tags=["Profile"])


class ProfileIn(Wrapped):
    wrapper = "profile"
    name: Any = None
    display_name: Any = None
    email: Any = None
    message_signature: Any = None
    phone_number: Any = None
    ui_settings: Any = None
    availability: Any = None
    account_id: Any = None
    current_password: Any = None
    password: Any = None
    password_confirmation: Any = None


@router.get("/profile")
async def show(session: Session, user: CurrentUser) -> dict:
    return await _profile_json(session, user)


@router.put("/profile")
@router.patch("/profile")
async def update(body: ProfileIn, session: Session, user: CurrentUser) -> dict:
    await do_update_profile(session, user, body.changes())
    return await _profile_json(session, user)


async def _profile_json(session: Session, user: User) -> dict:
    memberships = (
        await session.execute(
            select(AccountUser, Account)
            .join(Account, Account.id == AccountUser.account_id)
            .where(AccountUser.user_id == user.id)
            .order_by(AccountUser.id)
        )
    ).all()
    accounts = [
        {
            "id": account.id,
            "name": account.name,
            "role": ROLE_NAMES[membership.role],
            "availability": AVAILABILITY_NAMES.get(membership.availability, "offline"),
            "availability_status": AVAILABILITY_NAMES.get(membership.availability, "offline"),
            "auto_offline": membership.auto_offline,
            "active_at": None,
            "status": "active" if account.status == 0 else "suspended",
        }
        for membership, account in memberships
    ]
    first = memberships[0][0] if memberships else None
    return {
        "id": user.id,
        "access_token": await access_token_of(session, "User", user.id),
        "account_id": first.account_id if first else None,
        "accounts": accounts,
        "available_name": user.display_name or user.name,
        "avatar_url": "",
        "confirmed": True,
        "display_name": user.display_name,
        "message_signature": user.message_signature,
        "email": user.email,
        "name": user.name,
        "provider": "email",
        "pubsub_token": user.pubsub_token,
        "role": ROLE_NAMES[first.role] if first else None,
        "ui_settings": user.ui_settings or {},
        "uid": user.email,
        "type": "user",
    }

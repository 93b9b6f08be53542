from __future__ import annotations

from chatlake.models import AccountUser, User
from chatlake.models.user import AVAILABILITY, ROLES

ROLE_NAMES = {v: k for k, v in ROLES.items()}
AVAILABILITY_NAMES = {v: k for k, v in AVAILABILITY.items()}


def user_push(user: User | None) -> dict | None:
    if user is None:
        return None
    return {
        "id": user.id,
        "name": user.name,
        "available_name": user.display_name or user.name,
        "avatar_url": "",
        "type": "user",
        "availability_status": "online",
        "thumbnail": "",
    }


def user_webhook(user: User) -> dict:
    return {"id": user.id, "name": user.name, "email": user.email, "type": "user"}


def agent_json(user: User, membership: AccountUser) -> dict:
    return {
        "id": user.id,
        "account_id": membership.account_id,
        "availability_status": AVAILABILITY_NAMES.get(membership.availability, "offline"),
        "auto_offline": membership.auto_offline,
        "confirmed": True,
        "email": user.email,
        "available_name": user.display_name or user.name,
        "name": user.name,
        "role": ROLE_NAMES[membership.role],
        "thumbnail": "",
    }

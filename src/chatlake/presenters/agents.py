from __future__ import annotations

from chatlake.models import AccountUser, User
from chatlake.presenters.users import agent_json


def account_agent_json(user: User, membership: AccountUser) -> dict:
    """The spec's `agent` object: the shared agent shape plus `custom_role_id` (no custom roles here)."""
    return {**agent_json(user, membership), "custom_role_id": None}


def agents_json(rows) -> list[dict]:
    return [account_agent_json(user, membership) for user, membership in rows]

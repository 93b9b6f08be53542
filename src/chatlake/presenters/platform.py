"""Platform API shapes: Chatwoot's platform account, account user and user views."""

from __future__ import annotations

from chatlake.models import Account, AccountUser, User
from chatlake.presenters.account import STATUS_NAMES
from chatlake.presenters.agent_bots import agent_bot_json
from chatlake.presenters.common import iso
from chatlake.presenters.users import AVAILABILITY_NAMES, ROLE_NAMES


def platform_account_json(account: Account) -> dict:
    return {
        "id": account.id,
        "name": account.name,
        "locale": account.locale,
        "domain": account.domain,
        "support_email": account.support_email,
        "status": STATUS_NAMES.get(account.status, "active"),
        "features": {},
        "limits": account.limits or {},
        "custom_attributes": account.custom_attributes or {},
        "created_at": iso(account.created_at),
    }


def account_user_json(membership: AccountUser) -> dict:
    """The account_users row as Rails renders a record: every column, enums by name."""
    return {
        "id": membership.id,
        "account_id": membership.account_id,
        "user_id": membership.user_id,
        "role": ROLE_NAMES[membership.role],
        "inviter_id": None,
        "availability": AVAILABILITY_NAMES.get(membership.availability, "online"),
        "auto_offline": membership.auto_offline,
        "active_at": iso(membership.active_at) if membership.active_at else None,
        "created_at": iso(membership.created_at),
        "updated_at": iso(membership.updated_at),
    }


def platform_user_json(user: User, memberships: list[tuple[AccountUser, Account]], access_token: str | None) -> dict:
    """Chatwoot's user view (the one /profile and sign-in answer), with the user's custom attributes."""
    accounts = [
        {
            "id": account.id,
            "name": account.name,
            "status": STATUS_NAMES.get(account.status, "active"),
            "active_at": iso(membership.active_at) if membership.active_at else None,
            "role": ROLE_NAMES[membership.role],
            "permissions": [ROLE_NAMES[membership.role]],
            "availability": AVAILABILITY_NAMES.get(membership.availability, "online"),
            "availability_status": AVAILABILITY_NAMES.get(membership.availability, "online"),
            "auto_offline": membership.auto_offline,
            "custom_role_id": None,
            "custom_role": None,
        }
        for membership, account in memberships
    ]
    first = memberships[0][0] if memberships else None
    body = {
        "id": user.id,
        "access_token": access_token,
        "available_name": user.display_name or user.name,
        "avatar_url": "",
        "confirmed": True,
        "display_name": user.display_name,
        "message_signature": user.message_signature,
        "email": user.email,
        "inviter_id": None,
        "name": user.name,
        "provider": "email",
        "pubsub_token": user.pubsub_token,
        "ui_settings": user.ui_settings or {},
        "uid": user.email,
        "type": None,
        "custom_attributes": user.custom_attributes or {},
        "accounts": accounts,
    }
    if first is not None:
        # A user of no account yet has neither (Chatwoot renders null, which its own spec's types refuse).
        body.update(account_id=first.account_id, role=ROLE_NAMES[first.role])
    return body


def platform_agent_bot_json(bot, access_token: str | None) -> dict:
    """The app that holds the bot sees its credentials, as an administrator of its account would."""
    body = agent_bot_json(bot, access_token=access_token, show_secrets=True)
    if bot.account_id is None:  # agent_bot_json hides a system bot's credentials from accounts
        body.update(outgoing_url=bot.outgoing_url, access_token=access_token, secret=bot.secret)
    return body

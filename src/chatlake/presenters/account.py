from __future__ import annotations

from chatlake.models import Account
from chatlake.models.account import ACCOUNT_STATUSES
from chatlake.presenters.common import iso

STATUS_NAMES = {v: k for k, v in ACCOUNT_STATUSES.items()}


def account_json(account: Account) -> dict:
    return {
        "id": account.id,
        "name": account.name,
        "locale": account.locale,
        "domain": account.domain,
        "support_email": account.support_email,
        "status": STATUS_NAMES.get(account.status, "active"),
        "created_at": iso(account.created_at),
        "cache_keys": {},
        "features": {},
        "settings": account.settings or {},
        "custom_attributes": account.custom_attributes or {},
        # Chatwoot's version check and enterprise features have no counterpart here.
        "latest_chatwoot_version": None,
        "subscribed_features": [],
    }

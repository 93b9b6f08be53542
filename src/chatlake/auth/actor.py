"""Who is calling, resolved once per request."""

from __future__ import annotations

from dataclasses import dataclass

from chatlake.models import Account, User
from chatlake.models.user import ROLES


@dataclass(frozen=True)
class Actor:
    user: User
    account: Account
    role: int
    # Set when an automation rule acts: its changes are the system's, attributed to no user.
    automation_rule_id: int | None = None

    @property
    def account_id(self) -> int:
        return self.account.id

    @property
    def is_automation(self) -> bool:
        return self.automation_rule_id is not None

    @property
    def is_administrator(self) -> bool:
        return self.role == ROLES["administrator"]

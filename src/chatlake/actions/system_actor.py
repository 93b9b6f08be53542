"""The actor for changes the system makes on its own (auto-assignment, out-of-office and greeting messages,
auto-resolve, snooze reopening): an administrator's reach inside the account, as no user."""

from __future__ import annotations

from chatlake.auth.actor import Actor
from chatlake.models import Account, User
from chatlake.models.user import ROLES

SYSTEM_NAME = "System"
# Actor.is_automation keys on a rule id; 0 names no rule: messages it writes have no sender, notifications
# name no user.
NO_RULE = 0


def system_actor(account: Account) -> Actor:
    system = User(name=SYSTEM_NAME, email="system@chatlake.invalid", display_name=SYSTEM_NAME)
    return Actor(user=system, account=account, role=ROLES["administrator"], automation_rule_id=NO_RULE)

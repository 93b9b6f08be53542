"""Who is calling, resolved once per request: a member of the account, or an agent bot."""

from __future__ import annotations

from dataclasses import dataclass

from chatlake.models import Account, AgentBot, User
from chatlake.models.user import ROLES


@dataclass(frozen=True)
class Actor:
    """A user acting in one of their accounts with their role there."""

    user: User
    account: Account
    role: int
    # Set when an automation rule acts: its changes are the system's, attributed to no user.
    automation_rule_id: int | None = None

    is_bot = False

    @property
    def account_id(self) -> int:
        return self.account.id

    @property
    def is_automation(self) -> bool:
        return self.automation_rule_id is not None

    @property
    def is_administrator(self) -> bool:
        return self.role == ROLES["administrator"]

    @property
    def name(self) -> str:
        return self.user.name

    @property
    def sender(self) -> tuple[str | None, int | None]:
        """(sender_type, sender_id) of what this actor writes: an automation's is the system's, from no one."""
        if self.is_automation:
            return None, None
        return "User", self.user.id


@dataclass(frozen=True)
class BotActor:
    """An agent bot acting in an account. It is never an administrator and sees only the inboxes it is
    connected to there; only the few endpoints that take `CurrentActorOrBot` let it in at all."""

    bot: AgentBot
    account: Account

    is_bot = True
    is_administrator = False
    is_automation = False

    @property
    def account_id(self) -> int:
        return self.account.id

    @property
    def name(self) -> str:
        return self.bot.name

    @property
    def sender(self) -> tuple[str, int]:
        return "AgentBot", self.bot.id


AnyActor = Actor | BotActor

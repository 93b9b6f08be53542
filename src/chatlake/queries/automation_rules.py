from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.cache.tracking import CHANGED, CONFIG_CACHE
from chatlake.errors import NotFound
from chatlake.models import AutomationRule


async def list_automation_rules(session: AsyncSession, account_id: int) -> list[AutomationRule]:
    return list(
        await session.scalars(
            select(AutomationRule).where(AutomationRule.account_id == account_id).order_by(AutomationRule.id)
        )
    )


async def active_rules_for(session: AsyncSession, account_id: int, event_names: set[str]) -> list[AutomationRule]:
    """The account's active rules for these events. All of an account's active rules are read once and kept in
    the process's configuration cache until a rule (or anything cached) changes: a message that sets off no
    rule costs no statement here. The rules are detached snapshots: read them, never change them."""
    cache = session.info.get(CONFIG_CACHE)
    rules = cache.automation_rules.get(account_id) if cache is not None else None
    if rules is None:
        rules = list(
            await session.scalars(
                select(AutomationRule)
                .where(AutomationRule.account_id == account_id, AutomationRule.active.is_(True))
                .order_by(AutomationRule.id)
            )
        )
        # Not from a transaction that changes configuration itself: it might still roll back.
        if cache is not None and not session.info.get(CHANGED):
            for rule in rules:
                session.expunge(rule)
            cache.automation_rules[account_id] = rules
    return [rule for rule in rules if rule.event_name in event_names]


async def access_automation_rule(session: AsyncSession, account_id: int, rule_id: int) -> AutomationRule:
    rule = await session.scalar(
        select(AutomationRule).where(AutomationRule.account_id == account_id, AutomationRule.id == rule_id)
    )
    if rule is None:
        raise NotFound()
    return rule

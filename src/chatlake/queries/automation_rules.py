from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.errors import NotFound
from chatlake.models import AutomationRule


async def list_automation_rules(session: AsyncSession, account_id: int) -> list[AutomationRule]:
    return list(
        await session.scalars(
            select(AutomationRule).where(AutomationRule.account_id == account_id).order_by(AutomationRule.id)
        )
    )


async def active_rules_for(session: AsyncSession, account_id: int, event_names: set[str]) -> list[AutomationRule]:
    return list(
        await session.scalars(
            select(AutomationRule)
            .where(
                AutomationRule.account_id == account_id,
                AutomationRule.event_name.in_(sorted(event_names)),
                AutomationRule.active.is_(True),
            )
            .order_by(AutomationRule.id)
        )
    )


async def access_automation_rule(session: AsyncSession, account_id: int, rule_id: int) -> AutomationRule:
    rule = await session.scalar(
        select(AutomationRule).where(AutomationRule.account_id == account_id, AutomationRule.id == rule_id)
    )
    if rule is None:
        raise NotFound()
    return rule

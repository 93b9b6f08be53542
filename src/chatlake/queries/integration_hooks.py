from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.errors import NotFound
from chatlake.models import Inbox, IntegrationHook, Webhook


async def access_hook(session: AsyncSession, account_id: int, hook_id: int) -> IntegrationHook:
    hook = await session.scalar(
        select(IntegrationHook).where(IntegrationHook.account_id == account_id, IntegrationHook.id == hook_id)
    )
    if hook is None:
        raise NotFound()
    return hook


async def hook_count(session: AsyncSession, account_id: int, app_id: str) -> int:
    return await session.scalar(
        select(func.count())
        .select_from(IntegrationHook)
        .where(IntegrationHook.account_id == account_id, IntegrationHook.app_id == app_id)
    )


async def hooks_by_app(session: AsyncSession, account_id: int) -> tuple[dict[str, list[IntegrationHook]], dict]:
    """Every hook of the account grouped by app, and the names of their inboxes (two statements)."""
    hooks = list(
        await session.scalars(
            select(IntegrationHook).where(IntegrationHook.account_id == account_id).order_by(IntegrationHook.id)
        )
    )
    grouped: dict[str, list[IntegrationHook]] = {}
    for hook in hooks:
        grouped.setdefault(hook.app_id, []).append(hook)
    return grouped, await inbox_names(session, account_id, {h.inbox_id for h in hooks if h.inbox_id})


async def inbox_names(session: AsyncSession, account_id: int, inbox_ids: set[int]) -> dict[int, str]:
    if not inbox_ids:
        return {}
    rows = await session.execute(
        select(Inbox.id, Inbox.name).where(Inbox.account_id == account_id, Inbox.id.in_(inbox_ids))
    )
    return dict(rows.all())


async def has_webhooks(session: AsyncSession, account_id: int) -> bool:
    return await session.scalar(select(Webhook.id).where(Webhook.account_id == account_id).limit(1)) is not None

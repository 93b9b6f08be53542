"""What the dashboard's filters and conversation actions offer: the caller's inboxes, the account's teams."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.models import Inbox, Team
from chatlake.queries.access import visible_inbox_ids_clause


async def visible_inboxes(session: AsyncSession, actor: Actor) -> list[Inbox]:
    stmt = select(Inbox).where(Inbox.account_id == actor.account_id).order_by(Inbox.name, Inbox.id)
    if not actor.is_administrator:
        stmt = stmt.where(Inbox.id.in_(visible_inbox_ids_clause(actor)))
    return list(await session.scalars(stmt))


async def account_teams(session: AsyncSession, account_id: int) -> list[Team]:
    return list(await session.scalars(select(Team).where(Team.account_id == account_id).order_by(Team.name)))

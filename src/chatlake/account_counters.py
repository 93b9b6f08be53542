"""Per-account sequence numbers kept on the account row (conversation numbers, event cursors)."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import Account


async def next_account_number(session: AsyncSession, account_id: int, counter) -> int:
    """Increment `counter` (an Account column) and return it. Works alike on SQLite and PostgreSQL; the
    row lock it takes is held until commit, so numbers follow commit order and are never reused."""
    return (
        await session.execute(
            update(Account).where(Account.id == account_id).values({counter: counter + 1}).returning(counter)
        )
    ).scalar_one()

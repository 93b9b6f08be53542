"""Per-account sequence numbers kept on the account row (conversation numbers, event cursors)."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import Account


async def next_account_number(session: AsyncSession, account_id: int, counter) -> int:
    """Increment `counter` (an Account column) and return it. Works alike on SQLite and PostgreSQL; the
    row lock it takes is held until commit, so numbers follow commit order and are never reused."""
    # On the table, not the mapped class: a counter is not a configuration change (cache/tracking.py).
    accounts = Account.__table__
    column = accounts.c[counter.key]
    return (
        await session.execute(
            update(accounts).where(accounts.c.id == account_id).values({column: column + 1}).returning(column)
        )
    ).scalar_one()

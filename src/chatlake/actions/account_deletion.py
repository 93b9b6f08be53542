"""Deleting an account and everything it owns, in one transaction.

The tables are found by walking the models' metadata rather than listed by hand: every tenant-owned table
carries `account_id` (docs/architecture.md, Tenancy), so a table added later is covered without anyone
remembering to add it here. Rows that belong to the account without carrying its id (its bots' access
tokens, platform apps' grants to the account and its bots) are deleted by name first; stored files go
after the commit. Users are installation-wide and stay: they only lose their membership.
"""

from __future__ import annotations

import logging

from sqlalchemy import Table, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.attachments import FILES_TO_REMOVE
from chatlake.actions.platform_apps import do_forget_grants
from chatlake.models import AccessToken, Account, AgentBot, Attachment, Base

log = logging.getLogger("chatlake.accounts")


def tenant_tables() -> list[Table]:
    """Tables holding an `account_id`, children before parents (so foreign keys never block a delete)."""
    return [
        table
        for table in reversed(Base.metadata.sorted_tables)
        if "account_id" in table.c and table.name != Account.__tablename__
    ]


async def do_delete_account(session: AsyncSession, account: Account) -> dict[str, int]:
    """Answers how many rows went from each table (for the log and the tests)."""
    account_id = account.id
    bot_ids = list(await session.scalars(select(AgentBot.id).where(AgentBot.account_id == account_id)))
    if bot_ids:
        await session.execute(
            delete(AccessToken).where(AccessToken.owner_type == "AgentBot", AccessToken.owner_id.in_(bot_ids))
        )
    await do_forget_grants(session, "AgentBot", bot_ids)
    await do_forget_grants(session, "Account", [account_id])
    files = list(await session.scalars(select(Attachment.storage_key).where(Attachment.account_id == account_id)))
    removed: dict[str, int] = {}
    for table in tenant_tables():
        result = await session.execute(
            delete(table).where(table.c.account_id == account_id).execution_options(synchronize_session=False)
        )
        if result.rowcount:
            removed[table.name] = result.rowcount
    await session.execute(delete(Account).where(Account.id == account_id).execution_options(synchronize_session=False))
    session.expunge(account)
    session.info.setdefault(FILES_TO_REMOVE, []).extend(files)
    log.info("account %s deleted: %s", account_id, removed)
    return removed

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from chatlake.models import AuditLog

AUDIT_PAGE_SIZE = 15


async def audit_log_page(session: AsyncSession, account_id: int, page: int) -> tuple[list[tuple[AuditLog, int]], int]:
    """A page of the account's log, newest first, each entry with its version (its rank among the entries
    of the same object), and the total number of entries: two statements."""
    earlier = aliased(AuditLog)
    version = (
        select(func.count())
        .where(
            earlier.account_id == AuditLog.account_id,
            earlier.auditable_type == AuditLog.auditable_type,
            earlier.auditable_id == AuditLog.auditable_id,
            earlier.id <= AuditLog.id,
        )
        .correlate(AuditLog)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(AuditLog, version)
        .where(AuditLog.account_id == account_id)
        .order_by(AuditLog.id.desc())
        .limit(AUDIT_PAGE_SIZE)
        .offset((page - 1) * AUDIT_PAGE_SIZE)
    )
    total = await session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.account_id == account_id))
    return [(entry, number) for entry, number in rows], int(total or 0)

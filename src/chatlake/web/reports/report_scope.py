"""Whom the Reports page's totals and charts are about: the whole account, one agent or one inbox.

One query parameter, `scope=account`, `agent:<user id>` or `inbox:<inbox id>`, so a report stays a link.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.errors import NotFound
from chatlake.queries.reports.scope import ReportScope, access_report_scope
from chatlake.web.errors import DashboardError

KINDS = ("agent", "inbox")
NOT_IN_ACCOUNT = "That agent or inbox is not part of this account."


def parse_scope_param(value: str | None) -> tuple[str, int | None]:
    text = (value or "").strip()
    if text in ("", "account"):
        return "account", None
    kind, _, number = text.partition(":")
    if kind not in KINDS or not number.isdigit() or not 0 < int(number) < 2**31:
        raise DashboardError(400, "Show must be the whole account, an agent or an inbox.")
    return kind, int(number)


async def access_page_scope(session: AsyncSession, account_id: int, value: str | None) -> ReportScope:
    kind, id_ = parse_scope_param(value)
    try:
        return await access_report_scope(session, account_id, kind, id_)
    except NotFound:
        raise DashboardError(404, NOT_IN_ACCOUNT) from None


def scope_param(scope: ReportScope) -> str:
    return "account" if scope.type == "account" else f"{scope.type}:{scope.id}"

"""Query parameters the v2 report routes share, checked in one place (422 naming the parameter)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.queries.reports.params import check_flag, check_id, check_one_of
from chatlake.queries.reports.scope import REPORT_TYPES, ReportScope, access_report_scope


def check_scope_params(type_: str | None, id_: str | None) -> tuple[str, int | None]:
    kind = check_one_of(type_, REPORT_TYPES, "type")
    return kind, None if kind == "account" else check_id(id_, "id", required=True)


async def access_scope(session: AsyncSession, actor: Actor, kind: str, id_: int | None) -> ReportScope:
    return await access_report_scope(session, actor.account_id, kind, id_)


def check_business_hours(business_hours: str | None, enable_business_hours: str | None) -> bool:
    """Chatwoot's summaries read `business_hours`, its time series `enable_business_hours`: either works."""
    return check_flag(business_hours, "business_hours") or check_flag(enable_business_hours, "enable_business_hours")

"""v2 summary reports (administrators): per channel type, inbox, agent and team, over an optional range."""

from __future__ import annotations

import calendar
from datetime import datetime

from fastapi import APIRouter

from chatlake.actions.administration import check_administrator
from chatlake.api.deps import CurrentActor, Session
from chatlake.api.v2.report_params import check_business_hours
from chatlake.errors import ChatlakeError
from chatlake.queries.reports.params import check_range
from chatlake.queries.reports.summaries import agent_summaries, channel_summary, inbox_summaries, team_summaries

router = APIRouter(prefix="/api/v2/accounts/{account_id}/summary_reports", tags=["Reports"])

CHANNEL_MAX_MONTHS = 6


class DateRangeTooLong(ChatlakeError):
    """The spec answers 400 for a channel summary over more than six months."""

    status_code = 400


def _months_later(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


@router.get("/channel")
async def channel(session: Session, actor: CurrentActor, since: str | None = None, until: str | None = None) -> dict:
    check_administrator(actor)
    start, end = check_range(since, until, required=False)
    if start is not None and end is not None and end > _months_later(start, CHANNEL_MAX_MONTHS):
        raise DateRangeTooLong(f"Date range cannot exceed {CHANNEL_MAX_MONTHS} months")
    return await channel_summary(session, actor.account_id, start, end)


def _summary_route(path: str, build):
    @router.get(path, name=f"{path.strip('/')}_summary")
    async def summary(
        session: Session,
        actor: CurrentActor,
        since: str | None = None,
        until: str | None = None,
        business_hours: str | None = None,
    ) -> list[dict]:
        check_administrator(actor)
        start, end = check_range(since, until, required=False)
        return await build(
            session, actor.account_id, start, end, business_hours=check_business_hours(business_hours, None)
        )

    return summary


inbox = _summary_route("/inbox", inbox_summaries)
agent = _summary_route("/agent", agent_summaries)
team = _summary_route("/team", team_summaries)

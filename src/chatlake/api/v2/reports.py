"""v2 reports (administrators): metric time series, summaries with the previous period, open conversations,
and breakdowns. Chatwoot answers agents 401 here, and so do we."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from chatlake.actions.administration import check_administrator
from chatlake.api.deps import CurrentActor, Session
from chatlake.api.v2.report_params import access_scope, check_business_hours, check_scope_params
from chatlake.queries.reports.breakdowns import (
    OUTGOING_GROUPS,
    first_response_time_distribution,
    inbox_label_matrix,
    outgoing_messages_count,
)
from chatlake.queries.reports.live import account_conversation_metrics, agent_conversation_metrics
from chatlake.queries.reports.metrics import METRICS, metric_timeseries, metric_totals
from chatlake.queries.reports.params import (
    check_group_by,
    check_id,
    check_ids,
    check_one_of,
    check_page,
    check_range,
    check_timezone_offset,
)
from chatlake.queries.reports.periods import ReportPeriod

router = APIRouter(prefix="/api/v2/accounts/{account_id}", tags=["Reports"])

TypeParam = Annotated[str | None, Query(alias="type")]
IdParam = Annotated[str | None, Query(alias="id")]


@router.get("/reports")
async def timeseries(
    session: Session,
    actor: CurrentActor,
    metric: str | None = None,
    type_: TypeParam = None,
    id_: IdParam = None,
    since: str | None = None,
    until: str | None = None,
    group_by: str | None = None,
    timezone_offset: str | None = None,
    business_hours: str | None = None,
    enable_business_hours: str | None = None,
) -> list[dict]:
    check_administrator(actor)
    metric = check_one_of(metric, METRICS, "metric")
    kind, scope_id = check_scope_params(type_, id_)
    start, end = check_range(since, until, required=True)
    period = ReportPeriod(start, end, check_group_by(group_by), check_timezone_offset(timezone_offset))
    hours_only = check_business_hours(business_hours, enable_business_hours)
    scope = await access_scope(session, actor, kind, scope_id)
    return await metric_timeseries(session, scope, metric, period, business_hours=hours_only)


@router.get("/reports/summary")
async def summary(
    session: Session,
    actor: CurrentActor,
    type_: TypeParam = None,
    id_: IdParam = None,
    since: str | None = None,
    until: str | None = None,
    business_hours: str | None = None,
    enable_business_hours: str | None = None,
) -> dict:
    """The range's totals, and under `previous` those of the range of the same length just before it."""
    check_administrator(actor)
    kind, scope_id = check_scope_params(type_, id_)
    start, end = check_range(since, until, required=True)
    hours_only = check_business_hours(business_hours, enable_business_hours)
    scope = await access_scope(session, actor, kind, scope_id)
    current = await metric_totals(session, scope, start, end, business_hours=hours_only)
    current["previous"] = await metric_totals(session, scope, start - (end - start), start, business_hours=hours_only)
    return current


@router.get("/reports/conversations")
@router.get("/reports/conversations/")
async def conversations(
    session: Session,
    actor: CurrentActor,
    type_: TypeParam = None,
    user_id: str | None = None,
    page: str | None = None,
):
    """Open conversations now: `type=account` → {open, unattended, unassigned}; `type=agent` → per member."""
    check_administrator(actor)
    kind = check_one_of(type_, ("account", "agent"), "type")
    if kind == "account":
        return await account_conversation_metrics(session, actor.account_id)
    member_id, page_number = check_id(user_id, "user_id"), check_page(page)
    if member_id is not None:
        await access_scope(session, actor, "agent", member_id)
    return await agent_conversation_metrics(session, actor.account_id, page=page_number, user_id=member_id)


@router.get("/reports/first_response_time_distribution")
async def response_time_distribution(
    session: Session, actor: CurrentActor, since: str | None = None, until: str | None = None
) -> dict:
    check_administrator(actor)
    start, end = check_range(since, until, required=False)
    return await first_response_time_distribution(session, actor.account_id, start, end)


def _listed(request: Request, name: str) -> list[int]:
    params = request.query_params
    return check_ids(params.getlist(f"{name}[]") + params.getlist(name), name)


@router.get("/reports/inbox_label_matrix")
async def label_matrix(
    request: Request, session: Session, actor: CurrentActor, since: str | None = None, until: str | None = None
) -> dict:
    """`inbox_ids[]` and `label_ids[]` narrow the rows and columns."""
    check_administrator(actor)
    start, end = check_range(since, until, required=False)
    inbox_ids, label_ids = _listed(request, "inbox_ids"), _listed(request, "label_ids")
    return await inbox_label_matrix(
        session, actor.account_id, start, end, inbox_ids=inbox_ids or None, label_ids=label_ids or None
    )


@router.get("/reports/outgoing_messages_count")
async def outgoing_messages(
    session: Session,
    actor: CurrentActor,
    group_by: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[dict]:
    check_administrator(actor)
    grouping = check_one_of(group_by, OUTGOING_GROUPS, "group_by")
    start, end = check_range(since, until, required=False)
    return await outgoing_messages_count(session, actor.account_id, grouping, start, end)

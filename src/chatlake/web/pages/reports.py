"""Reports: conversations, messages, first response and resolution times over a range, by period, agent and
inbox. Administrators only, as the v2 reports API."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.responses import Response

from chatlake.web.deps import AccountActor, DbSession
from chatlake.web.errors import DashboardError
from chatlake.web.reports.date_range import GROUPINGS, PRESETS, parse_report_range
from chatlake.web.reports.page_data import reports_page
from chatlake.web.reports.report_scope import access_page_scope, scope_param
from chatlake.web.templating import render

router = APIRouter(include_in_schema=False)

PAGE = "/app/reports"
PRESET_NAMES = {"7d": "Last 7 days", "30d": "Last 30 days"}
ADMINISTRATORS_ONLY = "Only administrators of this account can open its reports."


@router.get(PAGE)
async def reports(request: Request, session: DbSession, actor: AccountActor) -> Response:
    if not actor.is_administrator:
        raise DashboardError(403, ADMINISTRATORS_ONLY)
    chosen = parse_report_range(request.query_params, datetime.now(UTC).date())
    scope = await access_page_scope(session, actor.account_id, request.query_params.get("scope"))
    shown = scope_param(scope)
    report = await reports_page(session, actor, chosen, scope)

    def link(**changes: str) -> str:
        query = chosen.query(**changes)
        if shown != "account":
            query["scope"] = shown
        return f"{PAGE}?{urlencode(query)}"

    names = {"agent": report.agent_names, "inbox": report.inbox_names}
    return render(
        request,
        "reports.html",
        user=actor.user,
        account=actor.account,
        current_page="reports",
        chosen=chosen,
        report=report,
        shown=shown,
        shown_name=names[scope.type].get(scope.id, "") if scope.type in names else "",
        shown_kind=scope.type,
        presets=[(key, PRESET_NAMES[key], link(range=key)) for key in PRESETS],
        groupings=[(key, name, link(group_by=key)) for key, name in GROUPINGS],
        kept_range=chosen.query(),
        whole_account=f"{PAGE}?{urlencode(chosen.query())}",
    )

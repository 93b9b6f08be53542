"""Settings > Health: what the installation's health checks say now, and this account's webhook endpoints
that are failing or disabled (an administrator sees their own account's endpoints, never another's)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from chatlake.operations.health import health_report
from chatlake.queries.health import account_endpoints, webhook_backlog
from chatlake.web.deps import AdministratorActor, DbSession
from chatlake.web.templating import render

router = APIRouter(include_in_schema=False)

PAGE = "/app/settings/health"
CHECK_NAMES = {
    "database": "Database",
    "migrations": "Schema migrations",
    "delivery_worker": "Delivery worker",
    "webhook_backlog": "Webhook backlog",
    "realtime": "Real-time backend",
}
ENDPOINT_KINDS = {"webhook": "Webhook", "api_inbox": "API inbox", "agent_bot": "Agent bot"}


@router.get(PAGE)
async def health_page(request: Request, session: DbSession, actor: AdministratorActor) -> Response:
    report = await health_report(request.app.state.runtime)
    return render(
        request,
        "settings/health.html",
        user=actor.user,
        account=actor.account,
        current_page="settings",
        settings_area="health",
        report=report,
        check_names=CHECK_NAMES,
        backlog=await webhook_backlog(session, actor.account_id),
        endpoints=await account_endpoints(session, actor.account_id),
        endpoint_kinds=ENDPOINT_KINDS,
    )

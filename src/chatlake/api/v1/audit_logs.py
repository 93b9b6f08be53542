from __future__ import annotations

from fastapi import APIRouter

from chatlake.actions.administration import check_administrator
from chatlake.api.deps import CurrentActor, Session
from chatlake.presenters.audit_logs import audit_log_json
from chatlake.queries.audit_logs import AUDIT_PAGE_SIZE, audit_log_page
from chatlake.queries.filters import check_page

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Audit Logs"])


@router.get("/audit_logs")
async def index(session: Session, actor: CurrentActor, page: int = 1) -> dict:
    check_administrator(actor)
    check_page(page)
    entries, total = await audit_log_page(session, actor.account_id, page)
    return {
        "per_page": AUDIT_PAGE_SIZE,
        "total_entries": total,
        "current_page": page,
        "audit_logs": [audit_log_json(entry, version) for entry, version in entries],
    }

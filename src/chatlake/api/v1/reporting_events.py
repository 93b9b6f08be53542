"""Reporting events (administrators): the account's, paged, and one conversation's."""

from __future__ import annotations

import math

from fastapi import APIRouter

from chatlake.actions.administration import check_administrator
from chatlake.api.deps import CurrentActor, Session
from chatlake.presenters.reporting_events import reporting_event_json
from chatlake.queries.access import access_conversation
from chatlake.queries.reporting_events import (
    EVENTS_PER_PAGE,
    ReportingEventFilter,
    conversation_reporting_events,
    list_reporting_events,
)
from chatlake.queries.reports.params import check_id, check_page, check_range

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Reports"])


@router.get("/reporting_events")
async def index(
    session: Session,
    actor: CurrentActor,
    page: str | None = None,
    since: str | None = None,
    until: str | None = None,
    inbox_id: str | None = None,
    user_id: str | None = None,
    name: str | None = None,
    event_name: str | None = None,
) -> dict:
    check_administrator(actor)
    start, end = check_range(since, until, required=False)
    f = ReportingEventFilter(
        since=start,
        until=end,
        inbox_id=check_id(inbox_id, "inbox_id"),
        user_id=check_id(user_id, "user_id"),
        # The spec calls it `name`; Chatwoot's controller reads `event_name`.
        name=(name or event_name or "").strip() or None,
        page=check_page(page),
    )
    rows, total = await list_reporting_events(session, actor.account_id, f)
    return {
        "payload": [reporting_event_json(*row) for row in rows],
        "meta": {"count": total, "current_page": f.page, "total_pages": math.ceil(total / EVENTS_PER_PAGE)},
    }


@router.get("/conversations/{conversation_id}/reporting_events")
async def conversation_events(conversation_id: int, session: Session, actor: CurrentActor) -> list[dict]:
    check_administrator(actor)
    conversation = await access_conversation(session, actor, conversation_id)
    return [reporting_event_json(*row) for row in await conversation_reporting_events(session, conversation)]

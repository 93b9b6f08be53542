"""Satisfaction ratings (Chatwoot's `csat_survey_responses` routes, not in its published spec): administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from chatlake.actions.administration import check_administrator
from chatlake.api.deps import CurrentActor, Session
from chatlake.presenters.common import unix
from chatlake.presenters.contacts import contact_push
from chatlake.presenters.users import user_push
from chatlake.queries.csat import check_filter, csat_metrics, list_csat_responses

router = APIRouter(prefix="/api/v1/accounts/{account_id}/csat_survey_responses", tags=["CSAT"])

Ids = Annotated[list[int], Query(alias="user_ids[]")]
Ratings = Annotated[list[int], Query(alias="rating[]")]


@router.get("")
async def index(
    session: Session,
    actor: CurrentActor,
    since: str | None = None,
    until: str | None = None,
    inbox_id: int | None = None,
    user_ids: Ids = [],  # noqa: B006 - FastAPI copies query defaults
    ratings: Ratings = [],  # noqa: B006
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> list:
    check_administrator(actor)
    f = check_filter(since, until, inbox_id, user_ids, ratings)
    return [
        {
            "id": response.id,
            "rating": response.rating,
            "feedback_message": response.feedback_message or "",
            "account_id": response.account_id,
            "message_id": response.message_id,
            "conversation_id": display_id,
            "contact": contact_push(contact),
            "assigned_agent": user_push(agent),
            "created_at": unix(response.created_at),
        }
        for response, display_id, contact, agent in await list_csat_responses(session, actor.account_id, f, page)
    ]


@router.get("/metrics")
async def metrics(
    session: Session,
    actor: CurrentActor,
    since: str | None = None,
    until: str | None = None,
    inbox_id: int | None = None,
    user_ids: Ids = [],  # noqa: B006
    ratings: Ratings = [],  # noqa: B006
) -> dict:
    check_administrator(actor)
    return await csat_metrics(session, actor.account_id, check_filter(since, until, inbox_id, user_ids, ratings))

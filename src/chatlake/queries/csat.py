"""Reads of satisfaction ratings for the Application API and reports: account-scoped, filtered, paged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.errors import InvalidField
from chatlake.models import Contact, Conversation, CsatSurveyResponse, Message, User
from chatlake.models.message import CONTENT_TYPES

PAGE_SIZE = 25


@dataclass(frozen=True)
class CsatFilter:
    since: datetime | None = None
    until: datetime | None = None
    inbox_id: int | None = None
    user_ids: tuple[int, ...] = ()
    ratings: tuple[int, ...] = ()


def _unix(value: str | None, field: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return datetime.fromtimestamp(int(float(value)), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise InvalidField(f"{field} must be a unix timestamp", [field]) from None


def check_filter(since, until, inbox_id, user_ids, ratings) -> CsatFilter:
    if any(not 1 <= r <= 5 for r in ratings):
        raise InvalidField("rating must be 1 to 5", ["rating"])
    return CsatFilter(_unix(since, "since"), _unix(until, "until"), inbox_id, tuple(user_ids), tuple(ratings))


def _conditions(account_id: int, f: CsatFilter) -> list:
    conditions = [CsatSurveyResponse.account_id == account_id]
    if f.since is not None:
        conditions.append(CsatSurveyResponse.created_at >= f.since)
    if f.until is not None:
        conditions.append(CsatSurveyResponse.created_at <= f.until)
    if f.inbox_id is not None:
        conditions.append(
            CsatSurveyResponse.conversation_id.in_(
                select(Conversation.id).where(
                    Conversation.account_id == account_id, Conversation.inbox_id == f.inbox_id
                )
            )
        )
    if f.user_ids:
        conditions.append(CsatSurveyResponse.assigned_agent_id.in_(f.user_ids))
    if f.ratings:
        conditions.append(CsatSurveyResponse.rating.in_(f.ratings))
    return conditions


async def list_csat_responses(session: AsyncSession, account_id: int, f: CsatFilter, page: int) -> list[tuple]:
    """(response, conversation display id, contact, assigned agent or None), newest first, in one query."""
    stmt = (
        select(CsatSurveyResponse, Conversation.display_id, Contact, User)
        .join(
            Conversation,
            (Conversation.account_id == CsatSurveyResponse.account_id)
            & (Conversation.id == CsatSurveyResponse.conversation_id),
        )
        .join(
            Contact,
            (Contact.account_id == CsatSurveyResponse.account_id) & (Contact.id == CsatSurveyResponse.contact_id),
        )
        .outerjoin(User, User.id == CsatSurveyResponse.assigned_agent_id)
        .where(*_conditions(account_id, f))
        .order_by(CsatSurveyResponse.created_at.desc(), CsatSurveyResponse.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    return [tuple(row) for row in await session.execute(stmt)]


async def csat_metrics(session: AsyncSession, account_id: int, f: CsatFilter) -> dict:
    rows = await session.execute(
        select(CsatSurveyResponse.rating, func.count())
        .where(*_conditions(account_id, f))
        .group_by(CsatSurveyResponse.rating)
    )
    ratings = {str(rating): count for rating, count in rows}
    sent = (
        select(func.count())
        .select_from(Message)
        .where(Message.account_id == account_id, Message.content_type == CONTENT_TYPES["input_csat"])
    )
    if f.since is not None:
        sent = sent.where(Message.created_at >= f.since)
    if f.until is not None:
        sent = sent.where(Message.created_at <= f.until)
    if f.inbox_id is not None:
        sent = sent.where(Message.inbox_id == f.inbox_id)
    total_sent = await session.scalar(sent) or 0
    total = sum(ratings.values())
    satisfied = ratings.get("4", 0) + ratings.get("5", 0)
    return {
        "total_count": total,
        "ratings_count": ratings,
        "total_sent_messages_count": total_sent,
        "response_rate": round(total * 100 / total_sent, 2) if total_sent else 0,
        "satisfaction_score": round(satisfied * 100 / total, 2) if total else 0,
    }

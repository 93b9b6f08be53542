"""Conversations open right now: for the account, and per agent (Chatwoot's `reports/conversations`)."""

from __future__ import annotations

from sqlalchemy import case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import AccountUser, Conversation, User
from chatlake.models.conversation import STATUSES
from chatlake.models.user import AVAILABILITY

AGENTS_PER_PAGE = 25
_AVAILABILITY_NAMES = {value: name for name, value in AVAILABILITY.items()}

# Unattended: nobody has answered yet, or the customer is waiting for an answer again.
_UNATTENDED = or_(Conversation.first_reply_created_at.is_(None), Conversation.waiting_since.is_not(None))


def _open(account_id: int) -> list:
    return [Conversation.account_id == account_id, Conversation.status == STATUSES["open"]]


async def account_conversation_metrics(session: AsyncSession, account_id: int) -> dict:
    open_, unattended, unassigned = (
        await session.execute(
            select(
                func.count(),
                func.count(case((_UNATTENDED, 1))),
                func.count(case((Conversation.assignee_id.is_(None), 1))),
            ).where(*_open(account_id))
        )
    ).one()
    return {"open": open_, "unattended": unattended, "unassigned": unassigned}


async def agent_conversation_metrics(
    session: AsyncSession, account_id: int, *, page: int = 1, user_id: int | None = None
) -> list[dict]:
    """A page of 25 members (or the one asked for), each with the open conversations assigned to them; the page
    is sorted by open conversations, most first."""
    members = (
        select(User, AccountUser)
        .join(AccountUser, AccountUser.user_id == User.id)
        .where(AccountUser.account_id == account_id)
    )
    if user_id is not None:
        members = members.where(User.id == user_id)
    rows = (
        await session.execute(
            members.order_by(AccountUser.id).limit(AGENTS_PER_PAGE).offset((page - 1) * AGENTS_PER_PAGE)
        )
    ).all()
    ids = [user.id for user, _ in rows]
    counts = {
        assignee: (open_, unattended)
        for assignee, open_, unattended in await session.execute(
            select(Conversation.assignee_id, func.count(), func.count(case((_UNATTENDED, 1))))
            .where(*_open(account_id), Conversation.assignee_id.in_(ids))
            .group_by(Conversation.assignee_id)
        )
    }
    agents = []
    for user, membership in rows:
        open_, unattended = counts.get(user.id, (0, 0))
        agents.append(
            {
                "id": user.id,
                "name": user.name,
                "email": user.email,
                "thumbnail": "",
                "availability": _AVAILABILITY_NAMES.get(membership.availability, "offline"),
                "metric": {"open": open_, "unattended": unattended},
            }
        )
    return sorted(agents, key=lambda agent: -agent["metric"]["open"])

"""Several conversations by number at once, inside the caller's account and inboxes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.assignments import check_id
from chatlake.auth.actor import AnyActor
from chatlake.errors import InvalidField, NotFound
from chatlake.models import Conversation
from chatlake.queries.access import visible_inbox_ids_clause

MAX_BATCH = 1000


def check_display_ids(value, field: str) -> list[int]:
    """A non-empty list of conversation numbers (numbers or digit strings); duplicates dropped, order kept."""
    if not isinstance(value, list) or not value:
        raise InvalidField(f"{field} must be a non-empty list of conversation ids", [field])
    if len(value) > MAX_BATCH:
        raise InvalidField(f"At most {MAX_BATCH} {field} are allowed", [field])
    ids: list[int] = []
    for item in value:
        number = check_id(item, field)
        if number is None:
            raise InvalidField(f"{field} must be a non-empty list of conversation ids", [field])
        if number not in ids:
            ids.append(number)
    return ids


async def access_conversations(session: AsyncSession, actor: AnyActor, display_ids: list[int]) -> list[Conversation]:
    """All of them, in the order asked, or 404 when any is not the caller's to see (nothing is acted on then)."""
    stmt = select(Conversation).where(
        Conversation.account_id == actor.account_id, Conversation.display_id.in_(display_ids)
    )
    if not actor.is_administrator:
        stmt = stmt.where(Conversation.inbox_id.in_(visible_inbox_ids_clause(actor)))
    found = {c.display_id: c for c in await session.scalars(stmt)}
    if len(found) != len(display_ids):
        raise NotFound()
    return [found[number] for number in display_ids]

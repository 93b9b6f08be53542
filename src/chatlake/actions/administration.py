"""Shared pieces of the account-administration actions: the role check and input checks."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField, Unauthorized

NOT_AUTHORIZED = "You are not authorized to do this action"


def check_administrator(actor: Actor) -> None:
    """Chatwoot refuses an agent an administrator-only action with 401, not 403."""
    if not actor.is_administrator:
        raise Unauthorized(NOT_AUTHORIZED)


def check_user_ids(value, field: str = "user_ids") -> list[int]:
    """A list of user ids; duplicates dropped, order kept."""
    if not isinstance(value, list | tuple) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise InvalidField(f"{field} must be a list of user ids", [field])
    return list(dict.fromkeys(value))


def check_bool(value, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidField(f"{field.replace('_', ' ').capitalize()} must be true or false", [field])
    return value


async def flush_unique(session: AsyncSession, field: str) -> None:
    """Flush; a unique index that a concurrent request won first is the same 422 as the checked case."""
    try:
        await session.flush()
    except IntegrityError:
        raise InvalidField(f"{field.replace('_', ' ').capitalize()} has already been taken", [field]) from None

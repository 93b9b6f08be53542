"""Custom filters ("custom views"): a user's saved filter queries, private to that user."""

from __future__ import annotations

import math

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.custom_attributes import check_enum, check_plain_text
from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField
from chatlake.models import CustomFilter
from chatlake.models.custom_filter import FILTER_TYPES
from chatlake.queries.custom_filters import access_custom_filter, count_custom_filters

MAX_FILTERS_PER_USER = 50  # Chatwoot's limit per user and account
MAX_QUERY_BYTES = 64 * 1024
MAX_DEPTH = 32


def check_filter_type(value) -> int:
    return check_enum(value, FILTER_TYPES, "filter_type")


def _storable(value, depth: int = 0) -> bool:
    """JSON both databases store: finite numbers, strings without NUL, valid Unicode, bounded depth."""
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, dict):
        return all(_storable(k, depth + 1) and _storable(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return all(_storable(v, depth + 1) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return abs(value) < 2**63
    if isinstance(value, str):
        if "\x00" in value:
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
    return True


def check_query(value) -> dict:
    if not isinstance(value, dict):
        raise InvalidField("Query must be a JSON object", ["query"])
    if not _storable(value):
        raise InvalidField("Query holds values that cannot be stored", ["query"])
    if len(orjson.dumps(value)) > MAX_QUERY_BYTES:
        raise InvalidField(f"Query is too large (maximum is {MAX_QUERY_BYTES // 1024} KB)", ["query"])
    return value


def check_name(value) -> str:
    return check_plain_text(value, "name", required=True)


async def do_create_custom_filter(session: AsyncSession, actor: Actor, fields: dict) -> CustomFilter:
    custom_filter = CustomFilter(
        account_id=actor.account_id,
        user_id=actor.user.id,
        name=check_name(fields.get("name")),
        filter_type=check_filter_type(fields["filter_type"]) if fields.get("filter_type") is not None else 0,
        query=check_query(fields.get("query")),
    )
    if await count_custom_filters(session, actor) >= MAX_FILTERS_PER_USER:
        raise InvalidField(
            f"We do not allow creating more than {MAX_FILTERS_PER_USER} custom views per account per user",
            ["account_id"],
        )
    session.add(custom_filter)
    await session.flush()
    return custom_filter


async def do_update_custom_filter(session: AsyncSession, actor: Actor, filter_id: int, changes: dict) -> CustomFilter:
    """`changes` holds only the fields the caller sent: name, filter_type, query."""
    custom_filter = await access_custom_filter(session, actor, filter_id)
    if "name" in changes:
        custom_filter.name = check_name(changes["name"])
    if "filter_type" in changes:
        custom_filter.filter_type = check_filter_type(changes["filter_type"])
    if "query" in changes:
        custom_filter.query = check_query(changes["query"])
    await session.flush()
    return custom_filter


async def do_delete_custom_filter(session: AsyncSession, actor: Actor, filter_id: int) -> None:
    custom_filter = await access_custom_filter(session, actor, filter_id)
    await session.delete(custom_filter)
    await session.flush()

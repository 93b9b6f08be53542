"""Canned responses: saved replies an agent inserts by short code. Every member may manage them (as Chatwoot)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.administration import flush_unique
from chatlake.actions.checks import check_text
from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField
from chatlake.models import CannedResponse
from chatlake.queries.canned_responses import access_canned_response

CONTENT_MAX = 150_000


def check_short_code(value) -> str:
    return check_text(value, "short_code", required=True)


def check_content(value) -> str:
    return check_text(value, "content", max_length=CONTENT_MAX, required=True)


async def _check_short_code_free(
    session: AsyncSession, account_id: int, short_code: str, canned_id: int | None = None
) -> None:
    stmt = select(CannedResponse.id).where(
        CannedResponse.account_id == account_id, CannedResponse.short_code == short_code
    )
    if canned_id is not None:
        stmt = stmt.where(CannedResponse.id != canned_id)
    if await session.scalar(stmt) is not None:
        raise InvalidField("Short code has already been taken", ["short_code"])


async def do_create_canned_response(
    session: AsyncSession, actor: Actor, *, short_code: str | None, content: str | None
) -> CannedResponse:
    canned = CannedResponse(
        account_id=actor.account_id, short_code=check_short_code(short_code), content=check_content(content)
    )
    await _check_short_code_free(session, actor.account_id, canned.short_code)
    session.add(canned)
    await flush_unique(session, "short_code")
    return canned


async def do_update_canned_response(
    session: AsyncSession, actor: Actor, canned_id: int, changes: dict
) -> CannedResponse:
    """`changes` holds only the fields the caller sent: short_code, content."""
    canned = await access_canned_response(session, actor.account_id, canned_id)
    if "short_code" in changes:
        short_code = check_short_code(changes["short_code"])
        await _check_short_code_free(session, actor.account_id, short_code, canned.id)
        canned.short_code = short_code
    if "content" in changes:
        canned.content = check_content(changes["content"])
    await flush_unique(session, "short_code")
    return canned


async def do_delete_canned_response(session: AsyncSession, actor: Actor, canned_id: int) -> None:
    canned = await access_canned_response(session, actor.account_id, canned_id)
    await session.delete(canned)
    await session.flush()

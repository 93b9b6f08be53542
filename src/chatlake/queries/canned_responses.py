from __future__ import annotations

from sqlalchemy import case, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.errors import NotFound
from chatlake.models import CannedResponse


async def list_canned_responses(
    session: AsyncSession, account_id: int, search: str | None = None
) -> list[CannedResponse]:
    stmt = select(CannedResponse).where(CannedResponse.account_id == account_id)
    if search:
        short_code, content = CannedResponse.short_code, CannedResponse.content
        stmt = stmt.where(
            or_(short_code.icontains(search, autoescape=True), content.icontains(search, autoescape=True))
        ).order_by(
            # Chatwoot's ranking: short codes that start with the term, then contain it, then content matches.
            case(
                (short_code.istartswith(search, autoescape=True), 0),
                (short_code.icontains(search, autoescape=True), 1),
                else_=2,
            ),
            CannedResponse.id,
        )
    else:
        stmt = stmt.order_by(CannedResponse.id)
    return list(await session.scalars(stmt))


async def access_canned_response(session: AsyncSession, account_id: int, canned_id: int) -> CannedResponse:
    canned = await session.scalar(
        select(CannedResponse).where(CannedResponse.account_id == account_id, CannedResponse.id == canned_id)
    )
    if canned is None:
        raise NotFound()
    return canned

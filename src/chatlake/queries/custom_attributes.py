from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.errors import NotFound
from chatlake.models import CustomAttributeDefinition


async def list_custom_attribute_definitions(
    session: AsyncSession, account_id: int, attribute_model: int | None
) -> list[CustomAttributeDefinition]:
    stmt = select(CustomAttributeDefinition).where(CustomAttributeDefinition.account_id == account_id)
    if attribute_model is not None:
        stmt = stmt.where(CustomAttributeDefinition.attribute_model == attribute_model)
    return list(await session.scalars(stmt.order_by(CustomAttributeDefinition.id)))


async def access_custom_attribute_definition(
    session: AsyncSession, account_id: int, definition_id: int
) -> CustomAttributeDefinition:
    definition = await session.scalar(
        select(CustomAttributeDefinition).where(
            CustomAttributeDefinition.account_id == account_id, CustomAttributeDefinition.id == definition_id
        )
    )
    if definition is None:
        raise NotFound()
    return definition

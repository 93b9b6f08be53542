"""What a platform app may reach: the records it created or was granted (platform_app_permissibles)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.errors import NotFound
from chatlake.models import Account, AgentBot, PlatformApp, PlatformAppPermissible, User
from chatlake.queries.agent_bots import MAX_ID

MODELS = {"Account": Account, "User": User, "AgentBot": AgentBot}


def _granted(app: PlatformApp, kind: str):
    return select(PlatformAppPermissible.permissible_id).where(
        PlatformAppPermissible.platform_app_id == app.id, PlatformAppPermissible.permissible_type == kind
    )


async def access_permissible(session: AsyncSession, app: PlatformApp, kind: str, record_id: int):
    """The record if this app may reach it; otherwise 404, whether it exists or not (no existence leak)."""
    model = MODELS[kind]
    if record_id is None or not 0 < record_id <= MAX_ID:
        raise NotFound()
    record = await session.scalar(select(model).where(model.id == record_id, model.id.in_(_granted(app, kind))))
    if record is None:
        raise NotFound()
    return record


async def granted_records(session: AsyncSession, app: PlatformApp, kind: str) -> list:
    model = MODELS[kind]
    return list(await session.scalars(select(model).where(model.id.in_(_granted(app, kind))).order_by(model.id)))


async def list_platform_apps(session: AsyncSession) -> list[tuple[PlatformApp, int]]:
    """Every app with how many records it holds grants to (for `chatlake platform-app list`)."""
    counts = (
        select(PlatformAppPermissible.platform_app_id, func.count().label("n"))
        .group_by(PlatformAppPermissible.platform_app_id)
        .subquery()
    )
    rows = await session.execute(
        select(PlatformApp, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.platform_app_id == PlatformApp.id)
        .order_by(PlatformApp.id)
    )
    return [(app, n) for app, n in rows.all()]

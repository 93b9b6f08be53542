"""Platform apps (created by the operator on the command line) and the grants that scope them."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.checks import check_text
from chatlake.crypto import new_token, token_digest
from chatlake.errors import NotFound
from chatlake.models import PlatformApp, PlatformAppPermissible
from chatlake.models.base import utcnow
from chatlake.models.platform import PERMISSIBLE_TYPES


async def do_create_platform_app(session: AsyncSession, name: str) -> tuple[PlatformApp, str]:
    """The token is returned here only: the database keeps its digest, so it cannot be shown again."""
    token = new_token(32)
    app = PlatformApp(name=check_text(name, "name", required=True), token_digest=token_digest(token))
    session.add(app)
    await session.flush()
    return app, token


async def do_revoke_platform_app(session: AsyncSession, app_id: int) -> PlatformApp:
    app = await session.get(PlatformApp, app_id)
    if app is None:
        raise NotFound(f"No platform app with id {app_id}")
    if app.revoked_at is None:
        app.revoked_at = utcnow()
        await session.flush()
    return app


async def do_grant(session: AsyncSession, app: PlatformApp, kind: str, record_id: int) -> None:
    """Idempotent, like Chatwoot's find_or_create_by on platform_app_permissibles."""
    if kind not in PERMISSIBLE_TYPES:
        raise ValueError(f"not a permissible type: {kind}")
    exists = await session.scalar(
        select(PlatformAppPermissible.id).where(
            PlatformAppPermissible.platform_app_id == app.id,
            PlatformAppPermissible.permissible_type == kind,
            PlatformAppPermissible.permissible_id == record_id,
        )
    )
    if exists is None:
        session.add(PlatformAppPermissible(platform_app_id=app.id, permissible_type=kind, permissible_id=record_id))
        await session.flush()


async def do_forget_grants(session: AsyncSession, kind: str, record_ids: list[int]) -> None:
    """Every app's grants to records that are being deleted (ids are reused by no table, but a grant
    pointing at nothing is data left behind)."""
    if record_ids:
        await session.execute(
            delete(PlatformAppPermissible).where(
                PlatformAppPermissible.permissible_type == kind, PlatformAppPermissible.permissible_id.in_(record_ids)
            )
        )

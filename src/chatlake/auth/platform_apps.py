"""Resolving a platform app's `api_access_token`. Platform tokens live apart from user and bot tokens, so
a platform token opens nothing under /api/v1 and a user's token opens nothing under /platform/api/v1."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.crypto import token_digest
from chatlake.errors import Unauthorized
from chatlake.models import PlatformApp

INVALID_PLATFORM_TOKEN = "Invalid access_token"  # noqa: S105 - an error message, not a secret


async def platform_app_for_token(session: AsyncSession, token: str | None) -> PlatformApp:
    if not token:
        raise Unauthorized(INVALID_PLATFORM_TOKEN)
    app = await session.scalar(
        select(PlatformApp).where(PlatformApp.token_digest == token_digest(token), PlatformApp.revoked_at.is_(None))
    )
    if app is None:
        raise Unauthorized(INVALID_PLATFORM_TOKEN)
    return app

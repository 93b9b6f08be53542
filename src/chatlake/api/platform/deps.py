"""The caller of a Platform API request: a platform app, from its `api_access_token` header."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from chatlake.api.deps import Session
from chatlake.auth.platform_apps import platform_app_for_token
from chatlake.models import PlatformApp


async def _platform_app(request: Request, session: Session) -> PlatformApp:
    # The same header Chatwoot's platform clients send, in both spellings Rack folds together.
    token = request.headers.get("api_access_token") or request.headers.get("api-access-token")
    return await platform_app_for_token(session, token)


CurrentPlatformApp = Annotated[PlatformApp, Depends(_platform_app)]

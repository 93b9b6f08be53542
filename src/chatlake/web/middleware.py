"""Sessions and security headers for dashboard paths only, so the API's hot paths pay nothing for them."""

from __future__ import annotations

from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from chatlake.actions.dashboard_sessions import SESSION_LIFETIME
from chatlake.web.secure_cookies import SecureCookiesOnHttps
from chatlake.web.security_headers import SecurityHeaders

DASHBOARD_PREFIX = "/app"
SESSION_COOKIE = "chatlake_session"
SESSION_MAX_AGE_SECONDS = int(SESSION_LIFETIME.total_seconds())


def is_dashboard_path(path: str) -> bool:
    return path == DASHBOARD_PREFIX or path.startswith(DASHBOARD_PREFIX + "/")


class DashboardScope:
    def __init__(self, app: ASGIApp, secret_key: str) -> None:
        self.app = app
        session_middleware = SessionMiddleware(
            SecurityHeaders(app),
            secret_key=secret_key,
            session_cookie=SESSION_COOKIE,
            max_age=SESSION_MAX_AGE_SECONDS,
            # The cookie never travels with API calls, which authenticate by token instead.
            path=DASHBOARD_PREFIX,
            same_site="lax",
        )
        self.dashboard = SecureCookiesOnHttps(session_middleware)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and is_dashboard_path(scope["path"]):
            await self.dashboard(scope, receive, send)
        else:
            await self.app(scope, receive, send)

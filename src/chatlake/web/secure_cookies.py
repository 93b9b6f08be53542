"""Mark dashboard cookies Secure when the request came over HTTPS.

The scheme is what uvicorn reports: the connection's own, or X-Forwarded-Proto when the peer is one of the
trusted proxies (`CHATLAKE_TRUSTED_PROXIES`, uvicorn's forwarded_allow_ips); anyone else's header is ignored.
Plain-HTTP installs (`make run` on a laptop) keep working because the flag follows the request.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class SecureCookiesOnHttps:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("scheme") != "https":
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                cookies = headers.getlist("set-cookie")
                if cookies:
                    del headers["set-cookie"]
                    for cookie in cookies:
                        secure = "secure" in (part.strip().lower() for part in cookie.split(";"))
                        headers.append("set-cookie", cookie if secure else f"{cookie}; secure")
            await send(message)

        await self.app(scope, receive, send_secure)

"""Lets the Application API accept Chatwoot's client credentials (`access-token`, `client`, `uid`).

A pure ASGI layer: for `/api/` requests that carry those headers and no `api_access_token`, it resolves
them (auth/devise_tokens.py) and adds the user's `api_access_token` header, so the endpoints authenticate
exactly as for a token. Every other request passes after a scan of its header names; nothing is read from
the database for them. Credentials that resolve to nothing add nothing: the endpoint answers its usual 401.
(A layer rather than a change to api/deps.py: the token is read there synchronously, and resolving client
credentials needs the database.)
"""

from __future__ import annotations

from chatlake.auth.devise_tokens import api_token_for_client_credentials

API_PREFIX = "/api/"
TOKEN_HEADERS = (b"api_access_token", b"api-access-token")


class DeviseCredentials:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith(API_PREFIX):
            headers = scope["headers"]
            if any(name == b"access-token" for name, _ in headers) and not any(
                name in TOKEN_HEADERS for name, _ in headers
            ):
                token = await self._api_token(scope, headers)
                if token:
                    scope = {**scope, "headers": [*headers, (b"api_access_token", token.encode())]}
        await self.app(scope, receive, send)

    async def _api_token(self, scope, headers) -> str | None:
        values = {name: value.decode("latin-1") for name, value in headers}
        runtime = scope["app"].state.runtime
        async with runtime.db.read_transaction() as session:
            return await api_token_for_client_credentials(
                session, values.get(b"access-token"), values.get(b"client"), values.get(b"uid")
            )

"""Platform API test helpers: platform apps made through the same action the CLI calls."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import httpx
from sqlalchemy import func, select

from chatlake.actions.platform_apps import do_create_platform_app
from tests.support import LiveServer

PL = "/platform/api/v1"


@dataclass
class PlatformClient:
    server: LiveServer
    app_id: int
    token: str
    _client: httpx.Client | None = field(default=None, repr=False)

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                base_url=self.server.url + PL, headers={"api_access_token": self.token}, timeout=30
            )
        return self._client

    def request(self, method: str, path: str, body=None) -> httpx.Response:
        return self.client.request(method, path, json=body)

    def create_account(self, name: str = "Tenant Co", **fields) -> dict:
        r = self.request("POST", "/accounts", {"name": name, **fields})
        assert r.status_code == 200, r.text
        return r.json()

    def create_user(self, **fields) -> dict:
        body = {"name": "Pat Platform", "email": f"pat-{uuid.uuid4().hex[:10]}@example.com", **fields}
        r = self.request("POST", "/users", body)
        assert r.status_code == 200, r.text
        return r.json()

    def add_member(self, account_id: int, user_id: int, role: str = "administrator") -> dict:
        r = self.request("POST", f"/accounts/{account_id}/account_users", {"user_id": user_id, "role": role})
        assert r.status_code == 200, r.text
        return r.json()

    def create_bot(self, **fields) -> dict:
        r = self.request("POST", "/agent_bots", {"name": "Helper", **fields})
        assert r.status_code == 200, r.text
        return r.json()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


def new_platform_app(server: LiveServer, name: str = "Reseller") -> PlatformClient:
    async def go():
        async with server.app.state.runtime.db.transaction() as session:
            app, token = await do_create_platform_app(session, name)
            return app.id, token

    app_id, token = server.call(go())
    return PlatformClient(server, app_id, token)


def count_rows(server: LiveServer, table, where=None) -> int:
    async def go():
        async with server.app.state.runtime.db.read_transaction() as session:
            stmt = select(func.count()).select_from(table)
            if where is not None:
                stmt = stmt.where(where)
            return await session.scalar(stmt)

    return server.call(go())


def run_statement(server: LiveServer, statement) -> None:
    async def go():
        async with server.app.state.runtime.db.transaction() as session:
            await session.execute(statement)

    server.call(go())

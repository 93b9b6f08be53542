"""Making agents through the agents endpoint and acting with their own tokens."""

from __future__ import annotations

import uuid

from chatlake.auth.tokens import access_token_of
from tests.support import LiveServer, TestAccount

NOT_AUTHORIZED = {"error": "You are not authorized to do this action"}
NOT_FOUND = {"error": "Resource could not be found"}


def token_of(server: LiveServer, user_id: int) -> str:
    """The agent JSON carries no token, so read it on the server's loop, as LiveServer.bootstrap does."""

    async def go():
        async with server.app.state.runtime.db.transaction() as session:
            return await access_token_of(session, "User", user_id)

    token = server.call(go())
    assert token
    return token


class Members:
    """Creates members of `admin`'s account; closes their HTTP clients at the end of the test."""

    def __init__(self, admin: TestAccount) -> None:
        self.admin = admin
        self.made: list[TestAccount] = []

    def add(self, role: str = "agent", name: str | None = None, email: str | None = None) -> TestAccount:
        email = email or f"member-{uuid.uuid4().hex[:10]}@example.com"
        r = self.admin.post("/agents", {"name": name or f"Member {len(self.made) + 1}", "email": email, "role": role})
        assert r.status_code == 200, r.text
        user_id = r.json()["id"]
        member = TestAccount(
            server=self.admin.server,
            account_id=self.admin.account_id,
            user_id=user_id,
            token=token_of(self.admin.server, user_id),
            email=email,
            password="",
        )
        self.made.append(member)
        return member

    def close(self) -> None:
        for member in self.made:
            if member._client is not None:
                member._client.close()


def call(acct: TestAccount, method: str, suffix: str, body=None):
    """Any method on the account's path, with an optional JSON body (DELETE takes one here too)."""
    return acct.client.request(method, acct.path(suffix), json=body)

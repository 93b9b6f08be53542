"""Helpers of the contact tests: the events an account recorded, members with inboxes."""

from __future__ import annotations

from sqlalchemy import select

from chatlake.models import Event
from tests.api.members import Members
from tests.support import LiveServer, TestAccount


def events_of(server: LiveServer, account: TestAccount, *names: str) -> list[dict]:
    """The account's recorded events (webhook bodies), oldest first; only the named ones if names are given."""

    async def go():
        async with server.app.state.runtime.db.transaction() as session:
            stmt = select(Event.name, Event.payload).where(Event.account_id == account.account_id)
            if names:
                stmt = stmt.where(Event.name.in_(names))
            return list(await session.execute(stmt.order_by(Event.cursor)))

    return [payload for _name, payload in server.call(go())]


def agent_in(account: TestAccount, members: Members, *inbox_ids: int) -> TestAccount:
    """A new agent of the account, member of the given inboxes."""
    agent = members.add()
    for inbox_id in inbox_ids:
        r = account.post("/inbox_members", {"inbox_id": inbox_id, "user_ids": [agent.user_id]})
        assert r.status_code == 200, r.text
    return agent

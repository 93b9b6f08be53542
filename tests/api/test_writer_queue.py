"""Many writers at once: each request is its own transaction, a failing one changes nothing, the others all
commit, and every event gets its own position in commit order."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import select

from chatlake.models import Contact, Event, Message


def test_concurrent_messages_and_failing_requests(server, account):
    inbox = account.create_api_inbox()
    conversations = [account.create_conversation(inbox["id"])["id"] for _ in range(5)]
    account.create_contact(inbox["id"], email="taken@example.com")

    def post(n: int) -> httpx.Response:
        with httpx.Client(base_url=server.url, headers={"api_access_token": account.token}, timeout=60) as c:
            if n % 8 == 7:
                # Fails at its INSERT (the email is taken): after it began writing, before it could commit.
                return c.post(account.path("/contacts"), json={"name": f"dup {n}", "email": "taken@example.com"})
            body = {"content": f"m{n}", "message_type": "incoming", "echo_id": f"e{n}"}
            return c.post(account.path(f"/conversations/{conversations[n % 5]}/messages"), json=body)

    with ThreadPoolExecutor(16) as pool:
        responses = list(pool.map(post, range(64)))

    failing = [r for n, r in enumerate(responses) if n % 8 == 7]
    sent = [r for n, r in enumerate(responses) if n % 8 != 7]
    assert all(r.status_code == 422 for r in failing), [r.text for r in failing]
    assert all(r.status_code == 200 for r in sent), [r.text for r in sent if r.status_code != 200]

    async def stored():
        async with server.app.state.runtime.db.read_transaction() as session:
            contents = list(
                await session.scalars(
                    select(Message.content).where(
                        Message.account_id == account.account_id, Message.echo_id.is_not(None)
                    )
                )
            )
            duplicates = list(
                await session.scalars(
                    select(Contact.name).where(Contact.account_id == account.account_id, Contact.name.like("dup %"))
                )
            )
            events = list(
                await session.execute(
                    select(Event.cursor, Event.name, Event.payload)
                    .where(Event.account_id == account.account_id)
                    .order_by(Event.id)
                )
            )
            return contents, duplicates, events

    contents, duplicates, events = server.call(stored())
    assert sorted(contents) == sorted(r.json()["content"] for r in sent)
    assert duplicates == []
    cursors = [cursor for cursor, _name, _payload in events]
    # Every position used once, none skipped, in the order the events were written.
    assert cursors == list(range(cursors[0], cursors[0] + len(cursors)))
    created = [p["content"] for _c, name, p in events if name == "message_created" and p["message_type"] == "incoming"]
    assert sorted(created) == sorted(contents)

"""Killed mid-flow, five times: every acknowledged message is stored exactly once and delivered at least once.

A client posts incoming messages with an `echo_id` and, when the connection breaks, posts the same message (same
echo_id) again until it is acknowledged, as a careful integration does. Meanwhile the server is killed with
SIGKILL (no shutdown hooks) five times and restarted on the same port and database.
"""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.conftest import postgres_url
from tests.processes import ServerProcess, bootstrap, chatlake_env, fresh_database_url
from tests.support import WebhookReceiver, wait_until

KILLS = 5
ACKS_BETWEEN_KILLS = 8


def _stored_echo_ids(database_url: str) -> dict[str, int]:
    async def read() -> dict[str, int]:
        engine = create_async_engine(database_url)
        try:
            async with engine.connect() as conn:
                rows = await conn.execute(
                    text("SELECT echo_id, count(*) FROM messages WHERE echo_id IS NOT NULL GROUP BY echo_id")
                )
                return {echo_id: count for echo_id, count in rows}
        finally:
            await engine.dispose()

    return asyncio.run(read())


@pytest.mark.timeout(300)
def test_acknowledged_messages_survive_five_kills(db_kind, data_dir):
    database_url = fresh_database_url(db_kind, postgres_url(), data_dir)
    env = chatlake_env(database_url, data_dir / f"crash-{db_kind}")
    ids = bootstrap(env)
    receiver = WebhookReceiver()
    server = ServerProcess(env).start()
    base = f"/api/v1/accounts/{ids['account_id']}"
    headers = {"api_access_token": ids["api_access_token"]}
    acknowledged: list[str] = []
    stop = threading.Event()
    with httpx.Client(base_url=server.url, headers=headers, timeout=10) as setup:
        inbox = setup.post(
            f"{base}/inboxes", json={"name": "API", "channel": {"type": "api", "webhook_url": receiver.url}}
        )
        inbox_id = inbox.json()["id"]
        conversations = []
        for n in range(3):
            contact = setup.post(f"{base}/contacts", json={"name": f"C{n}", "inbox_id": inbox_id}).json()["payload"]
            body = {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox_id}
            conversations.append(setup.post(f"{base}/conversations", json=body).json()["id"])

    def post_until_stopped() -> None:
        n = 0
        with httpx.Client(base_url=server.url, headers=headers, timeout=5) as client:
            while not stop.is_set():
                echo_id = f"crash-{n}"
                path = f"{base}/conversations/{conversations[n % 3]}/messages"
                body = {"content": echo_id, "message_type": "incoming", "echo_id": echo_id}
                while not stop.is_set():  # the same message again until it is acknowledged
                    try:
                        if client.post(path, json=body).status_code == 200:
                            acknowledged.append(echo_id)
                            break
                    except httpx.TransportError:
                        time.sleep(0.05)
                n += 1

    poster = threading.Thread(target=post_until_stopped, daemon=True)
    poster.start()
    try:
        for _ in range(KILLS):
            target = len(acknowledged) + ACKS_BETWEEN_KILLS
            wait_until(lambda target=target: len(acknowledged) >= target, timeout=60)
            server.kill()
            server = ServerProcess(env, port=server.port).start()
        wait_until(lambda: len(acknowledged) >= KILLS * ACKS_BETWEEN_KILLS + ACKS_BETWEEN_KILLS, timeout=60)
        stop.set()
        poster.join(30)

        stored = _stored_echo_ids(database_url)
        assert set(acknowledged) <= set(stored), set(acknowledged) - set(stored)
        assert all(count == 1 for count in stored.values()), {k: v for k, v in stored.items() if v > 1}

        delivered: set[str] = set()

        def all_delivered() -> bool:
            while not receiver.received.empty():
                item = receiver.received.get_nowait()
                try:
                    body = item.json
                except ValueError:  # a request cut off when its sender was killed: it is sent again
                    continue
                if body.get("event") == "message_created":
                    delivered.add(body.get("content"))
            return set(acknowledged) <= delivered

        wait_until(all_delivered, timeout=90)
    finally:
        stop.set()
        server.stop()
        receiver.close()

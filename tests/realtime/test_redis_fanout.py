"""Two `chatlake serve` processes sharing a database and Redis: an event produced through one process's API
reaches websocket clients of the other, and so does presence."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.conftest import postgres_url
from tests.processes import ServerProcess, bootstrap, chatlake_env, fresh_database_url
from tests.realtime.cable import Cable, is_message

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def two_processes(db_kind, data_dir):
    if not _redis_up():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    database_url = fresh_database_url(db_kind, postgres_url(), data_dir)
    # A channel and keys of this test run only, so parallel runs sharing Redis never meet.
    env = chatlake_env(
        database_url,
        data_dir,
        CHATLAKE_REDIS_URL=REDIS_URL,
        CHATLAKE_REDIS_PREFIX=f"chatlake-test-{uuid.uuid4().hex}",
        # No periodic database look: what reaches the other process can only have come through Redis.
        CHATLAKE_REALTIME_POLL_SECONDS="3600",
    )
    ids = bootstrap(env)
    a, b = ServerProcess(env, with_worker=False), ServerProcess(env, with_worker=False)
    try:
        with ThreadPoolExecutor(2) as pool:  # start both at once: each takes seconds to import and bind
            list(pool.map(ServerProcess.start, (a, b)))
    except Exception:
        a.stop()
        b.stop()
        raise
    clients = [
        httpx.Client(
            base_url=f"{p.url}/api/v1/accounts/{ids['account_id']}",
            headers={"api_access_token": ids["api_access_token"]},
            timeout=30,
        )
        for p in (a, b)
    ]
    yield a, b, clients[0], ids, database_url
    for client in clients:
        client.close()
    a.stop()
    b.stop()


def _pubsub_token_of(database_url: str, user_id: int) -> str:
    """Straight from the users table (the agent's API token is not shown by any endpoint)."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    async def go():
        engine = create_async_engine(database_url)
        try:
            async with engine.connect() as conn:
                query = text("SELECT pubsub_token FROM users WHERE id = :id")
                return (await conn.execute(query, {"id": user_id})).scalar_one()
        finally:
            await engine.dispose()

    return asyncio.run(go())


def _subscribe(url: str, pubsub: str, account_id: int, user_id: int) -> Cable:
    cable = Cable(url)
    cable.subscribe(pubsub_token=pubsub, account_id=account_id, user_id=user_id)
    return cable


def test_an_event_made_in_one_process_reaches_clients_of_the_other(two_processes):
    a, b, api_a, ids, database_url = two_processes
    account_id, admin_id = ids["account_id"], ids["user_id"]
    profile = httpx.get(f"{b.url}/api/v1/profile", headers={"api_access_token": ids["api_access_token"]}).json()
    with _subscribe(b.url, profile["pubsub_token"], account_id, admin_id) as on_b:
        inbox = api_a.post("/inboxes", json={"name": "API", "channel": {"type": "api"}}).json()
        contact = api_a.post("/contacts", json={"name": "Kim", "inbox_id": inbox["id"]}).json()["payload"]
        body = {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]}
        conversation = api_a.post("/conversations", json=body).json()
        r = api_a.post(f"/conversations/{conversation['id']}/messages", json={"content": "across processes"})
        assert r.status_code == 200
        got = on_b.until(is_message("across processes"))
        assert [m["event"] for m in got] == [
            "inbox.created",
            "contact.created",
            "conversation.created",
            "message.created",
        ]
        assert got[-1]["data"]["id"] == r.json()["id"]

        # Presence crosses too: an agent connecting to process A is shown online to the client on B.
        agent = api_a.post("/agents", json={"name": "Remote", "email": "remote@example.com", "role": "agent"}).json()
        with _subscribe(a.url, _pubsub_token_of(database_url, agent["id"]), account_id, agent["id"]):
            while True:
                message = on_b.message(presence=True)
                if message["event"] == "presence.update" and str(agent["id"]) in message["data"]["users"]:
                    break

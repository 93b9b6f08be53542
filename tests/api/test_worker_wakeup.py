"""A standalone worker is woken by the web process's commits, not by its next poll.

PostgreSQL carries the notice with LISTEN/NOTIFY; a SQLite installation needs Redis for it.
"""

from __future__ import annotations

import time
import uuid

import httpx
import pytest

from tests.conftest import postgres_url
from tests.processes import ServerProcess, WorkerProcess, bootstrap, chatlake_env, fresh_database_url
from tests.support import WebhookReceiver

REDIS_URL = "redis://127.0.0.1:6379/0"
# Far longer than the test waits: a delivery seen in time was woken, not polled.
POLL_SECONDS = "120"


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def split_deployment(db_kind, data_dir):
    env = chatlake_env(fresh_database_url(db_kind, postgres_url(), data_dir), data_dir)
    env["CHATLAKE_WORKER_POLL_SECONDS"] = POLL_SECONDS
    if db_kind == "sqlite":
        if not _redis_up():
            pytest.skip(f"Redis is not reachable at {REDIS_URL}")
        env.update(CHATLAKE_REDIS_URL=REDIS_URL, CHATLAKE_REDIS_PREFIX=f"chatlake-test-{uuid.uuid4().hex}")
    ids = bootstrap(env)
    server = ServerProcess(env, with_worker=False).start()
    worker = WorkerProcess(env)
    receiver = WebhookReceiver()
    api = httpx.Client(
        base_url=f"{server.url}/api/v1/accounts/{ids['account_id']}",
        headers={"api_access_token": ids["api_access_token"]},
        timeout=30,
    )
    yield api, receiver
    api.close()
    worker.stop()
    server.stop()
    receiver.close()


def test_a_commit_in_the_web_process_wakes_the_standalone_worker(split_deployment):
    api, receiver = split_deployment
    inbox = api.post("/inboxes", json={"name": "API", "channel": {"type": "api", "webhook_url": receiver.url}}).json()
    contact = api.post("/contacts", json={"name": "Kim", "inbox_id": inbox["id"]}).json()["payload"]
    body = {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]}
    conversation = api.post("/conversations", json=body).json()["id"]
    # The worker may have taken this one at its start; from here on it is idle until told.
    receiver.next_event("conversation_created", timeout=60)

    for attempt in range(3):
        started = time.monotonic()
        message = api.post(f"/conversations/{conversation}/messages", json={"content": f"wake {attempt}"}).json()
        delivered = receiver.next_event("message_created", timeout=15)
        assert delivered.json["id"] == message["id"]
        assert time.monotonic() - started < 15 < float(POLL_SECONDS)

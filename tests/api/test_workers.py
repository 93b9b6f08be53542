"""Standalone workers: shared work without double delivery, and a worker killed mid-delivery."""

from __future__ import annotations

import collections

import httpx
import pytest

from tests.conftest import postgres_url
from tests.processes import ServerProcess, WorkerProcess, bootstrap, chatlake_env, fresh_database_url
from tests.support import WebhookReceiver


@pytest.fixture
def deployment(db_kind, data_dir):
    """A web process without an in-process worker, an account, and an API inbox with a webhook."""
    env = chatlake_env(fresh_database_url(db_kind, postgres_url(), data_dir), data_dir)
    ids = bootstrap(env)
    server = ServerProcess(env, with_worker=False).start()
    receiver = WebhookReceiver()
    api = httpx.Client(
        base_url=f"{server.url}/api/v1/accounts/{ids['account_id']}",
        headers={"api_access_token": ids["api_access_token"]},
        timeout=30,
    )
    inbox = api.post("/inboxes", json={"name": "API", "channel": {"type": "api", "webhook_url": receiver.url}}).json()
    yield env, api, inbox, receiver
    api.close()
    server.stop()
    receiver.close()


def _conversation(api, inbox) -> int:
    contact = api.post("/contacts", json={"name": "Kim", "inbox_id": inbox["id"]}).json()["payload"]
    body = {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]}
    return api.post("/conversations", json=body).json()["id"]


def test_two_workers_share_the_work_without_double_delivery(deployment):
    env, api, inbox, receiver = deployment
    sent: dict[int, list[int]] = collections.defaultdict(list)
    for _ in range(4):
        conversation = _conversation(api, inbox)
        for i in range(5):
            r = api.post(f"/conversations/{conversation}/messages", json={"content": f"m{i}"})
            sent[conversation].append(r.json()["id"])

    workers = [WorkerProcess(env), WorkerProcess(env)]
    try:
        expected = 4 + 20  # conversation_created + message_created
        got = [receiver.next(timeout=30) for _ in range(expected)]
    finally:
        for w in workers:
            w.stop()
    delivery_ids = [g.headers["x-chatlake-delivery"] for g in got]
    assert len(set(delivery_ids)) == expected
    assert len(receiver.attempts) == expected  # nobody sent anything twice
    for conversation, ids in sent.items():
        order = [
            g.json["id"]
            for g in got
            if g.json["event"] == "message_created" and g.json["conversation"]["id"] == conversation
        ]
        assert order == ids


def test_a_worker_killed_mid_delivery_leaves_it_to_another(deployment):
    env, api, inbox, receiver = deployment
    conversation = _conversation(api, inbox)
    receiver.stall_next = 1  # the first request (conversation_created) is held unanswered
    message = api.post(f"/conversations/{conversation}/messages", json={"content": "must arrive"}).json()

    doomed = WorkerProcess(env)
    assert receiver.stalled.wait(30)
    doomed.kill()  # died after sending, before recording the outcome
    survivor = WorkerProcess(env)
    try:
        created = receiver.next_event("conversation_created", timeout=30)
        delivered = receiver.next_event("message_created", timeout=30)
    finally:
        survivor.stop()
    assert delivered.json["id"] == message["id"]
    # At most one extra copy, and with the same delivery id, so the receiver can drop it.
    first_attempts = [a for a in receiver.attempts if a.json["event"] == "conversation_created"]
    assert len(first_attempts) == 2
    assert {a.headers["x-chatlake-delivery"] for a in first_attempts} == {created.headers["x-chatlake-delivery"]}

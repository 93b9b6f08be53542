"""A server killed mid-flow still delivers, after a restart, everything it had accepted."""

from __future__ import annotations

import httpx

from tests.conftest import postgres_url
from tests.processes import ServerProcess, bootstrap, chatlake_env, fresh_database_url
from tests.support import WebhookReceiver, free_port


def test_accepted_messages_are_delivered_after_a_crash_and_restart(db_kind, data_dir):
    env = chatlake_env(fresh_database_url(db_kind, postgres_url(), data_dir), data_dir)
    ids = bootstrap(env)
    receiver_port = free_port()  # nothing listens yet: the receiver is down
    hook_url = f"http://127.0.0.1:{receiver_port}/hook"
    server = ServerProcess(env).start()
    try:
        api = httpx.Client(
            base_url=f"{server.url}/api/v1/accounts/{ids['account_id']}",
            headers={"api_access_token": ids["api_access_token"]},
            timeout=30,
        )
        inbox = api.post("/inboxes", json={"name": "API", "channel": {"type": "api", "webhook_url": hook_url}}).json()
        contact = api.post("/contacts", json={"name": "Kim", "inbox_id": inbox["id"]}).json()["payload"]
        conversation = api.post(
            "/conversations", json={"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]}
        ).json()
        sent = [
            api.post(
                f"/conversations/{conversation['id']}/messages",
                json={"content": f"order #{i}", "message_type": "incoming"},
            ).json()["id"]
            for i in range(3)
        ]
        api.close()
    finally:
        server.kill()

    receiver = WebhookReceiver(port=receiver_port)
    restarted = ServerProcess(env).start()
    try:
        got = [receiver.next_event("message_created", timeout=30).json["id"] for _ in sent]
        assert got == sent
    finally:
        restarted.stop()
        receiver.close()

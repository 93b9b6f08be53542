"""A delivery the outgoing-request policy refuses (a private address nobody allow-listed) fails at once with
its reason, instead of being retried for a day: no retry can change the policy's answer."""

from __future__ import annotations

from tests.support import wait_until


def test_a_refused_target_fails_at_once_with_its_reason(account):
    # A private address outside the test server's allow-list: refused before any connection is attempted.
    inbox = account.create_api_inbox(webhook_url="http://10.255.255.1/hook")
    conversation = account.create_conversation(inbox["id"])
    account.create_message(conversation["id"], "hello", message_type="incoming")

    def settled():
        log = account.get(f"/inboxes/{inbox['id']}/webhook_deliveries").json()["payload"]
        return log if log and all(d["status"] != "pending" for d in log) else None

    log = wait_until(settled, timeout=30)
    assert all(d["status"] == "failed" and d["attempts"] == 1 for d in log), log
    assert all(d["last_error"].startswith("refused:") and "10.255.255.1" in d["last_error"] for d in log), log

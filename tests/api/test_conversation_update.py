"""PATCH a conversation with the spec's whole body: `priority`, and `sla_policy_id` (accepted, ignored)."""

from __future__ import annotations


def test_sla_policy_id_is_accepted_and_ignored(account, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    conversation = account.create_conversation(inbox["id"])
    receiver.next_event("conversation_created")
    path = account.path(f"/conversations/{conversation['id']}")
    r = account.client.patch(path, json={"priority": "high", "sla_policy_id": 3})
    assert r.status_code == 200, r.text
    assert (r.json()["priority"], r.json().get("sla_policy_id")) == ("high", None)
    event = receiver.next_event("conversation_updated").json
    assert event["changed_attributes"] == [{"priority": {"previous_value": None, "current_value": "high"}}]
    # Only an SLA policy: nothing changes, no event.
    r = account.client.put(path, json={"sla_policy_id": 4})
    assert (r.status_code, r.json()["priority"]) == (200, "high")
    account.post(f"/conversations/{conversation['id']}/toggle_priority", {"priority": "low"})
    assert (
        receiver.next_event("conversation_updated").json["changed_attributes"][0]["priority"]["current_value"] == "low"
    )

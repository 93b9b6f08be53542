"""Events of assignments, reads, message changes, merges and inboxes: each recorded once, with the right
shape in the webhook body (string message_type, ISO times) and the push (integer, unix), and delivered
only where it belongs.

"Not received" is shown without sleeping: a sentinel event the recipient must receive is produced after
the ones it must not; events arrive in order, so everything before the sentinel has been seen.
"""

from __future__ import annotations

import pytest

from tests.api.contacts_support import agent_in, events_of
from tests.api.members import Members
from tests.realtime.cable import Cable, agent_cable, contact_pubsub_token, is_message
from tests.support import WebhookReceiver

ALL_SUBSCRIPTIONS = [
    "conversation_created",
    "conversation_status_changed",
    "conversation_updated",
    "contact_created",
    "contact_updated",
    "message_created",
    "message_updated",
    "webwidget_triggered",
    "inbox_created",
    "inbox_updated",
    "conversation_typing_on",
    "conversation_typing_off",
]


@pytest.fixture
def members(account):
    m = Members(account)
    yield m
    m.close()


@pytest.fixture
def account_hook():
    """A second receiver, for an account webhook subscribed to everything."""
    r = WebhookReceiver()
    yield r
    r.close()


def _subscribe_everything(account, url: str) -> None:
    r = account.post("/webhooks", {"url": url, "subscriptions": ALL_SUBSCRIPTIONS})
    assert r.status_code == 200, r.text


def _deliveries_until(receiver: WebhookReceiver, event: str, predicate=lambda body: True) -> list[dict]:
    """Every delivered body up to and including the first `event` matching `predicate`."""
    got = []
    while True:
        body = receiver.next().json
        got.append(body)
        if body["event"] == event and predicate(body):
            return got


def _names(items: list[dict], key: str = "event") -> list[str]:
    return [item[key] for item in items]


def _contact_cable(server, account, conversation) -> Cable:
    token = contact_pubsub_token(server, account.account_id, conversation["contact_inbox"]["source_id"])
    cable = Cable(server.url)
    cable.subscribe(pubsub_token=token)
    return cable


def _stored_after(server, account, cursor_names_before: int) -> list[str]:
    return [body["event"] for body in events_of(server, account)[cursor_names_before:]]


def test_assigning_records_conversation_updated_and_assignee_changed_once(
    server, account, members, receiver, account_hook
):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    other_inbox = account.create_api_inbox(name="Elsewhere")
    agent = agent_in(account, members, inbox["id"])
    outsider = agent_in(account, members, other_inbox["id"])
    conversation = account.create_conversation(inbox["id"])
    receiver.next_event("conversation_created")
    _subscribe_everything(account, account_hook.url)
    before = len(events_of(server, account))

    agent_stream, _ = agent_cable(server.url, agent)
    outsider_stream, _ = agent_cable(server.url, outsider)
    contact_stream = _contact_cable(server, account, conversation)
    with agent_stream, outsider_stream, contact_stream:
        r = account.post(f"/conversations/{conversation['id']}/assignments", {"assignee_id": agent.user_id})
        assert r.status_code == 200, r.text
        stored = _stored_after(server, account, before)
        assert stored.count("conversation_updated") == 1 and stored.count("assignee_changed") == 1

        account.create_message(conversation["id"], "sentinel")
        seen = agent_stream.until(is_message("sentinel"))
        names = _names(seen)
        assert names.count("conversation.updated") == 1 and names.count("assignee.changed") == 1
        assert names.index("conversation.updated") < names.index("assignee.changed")
        changed = next(m for m in seen if m["event"] == "assignee.changed")["data"]
        assert changed["id"] == conversation["id"] and changed["account_id"] == account.account_id
        assert changed["meta"]["assignee"]["id"] == agent.user_id and "email" not in changed["meta"]["assignee"]
        assert isinstance(changed["created_at"], int) and "event" not in changed

        # The contact hears of the update, not of the dashboard's own event; the outsider hears nothing.
        contact_names = _names(contact_stream.until(is_message("sentinel")))
        assert "conversation.updated" in contact_names and "assignee.changed" not in contact_names
        account.create_contact(name="Sentinel for all")
        assert _names(outsider_stream.until(lambda m: m["event"] == "contact.created")) == ["contact.created"]

    for hook in (receiver, account_hook):
        bodies = _deliveries_until(hook, "message_created", lambda b: b["content"] == "sentinel")
        assert _names(bodies).count("conversation_updated") == 1 and "assignee_changed" not in _names(bodies)
        updated = next(b for b in bodies if b["event"] == "conversation_updated")
        assert updated["changed_attributes"] == [
            {"assignee_id": {"previous_value": None, "current_value": agent.user_id}}
        ]


def test_a_team_change_records_team_changed_and_the_dropped_assignee_too(server, account, members):
    inbox = account.create_api_inbox()
    agent = agent_in(account, members, inbox["id"])
    team = account.post("/teams", {"name": "billing"}).json()
    conversation = account.create_conversation(inbox["id"], assignee_id=agent.user_id)
    stream, _ = agent_cable(server.url, account)
    with stream:
        before = len(events_of(server, account))
        r = account.post(f"/conversations/{conversation['id']}/assignments", {"team_id": team["id"]})
        assert r.status_code == 200, r.text
        stored = _stored_after(server, account, before)
        assert [n for n in stored if n != "message_created"] == [
            "conversation_updated",
            "assignee_changed",
            "team_changed",
        ]
        got = stream.until(lambda m: m["event"] == "team.changed")
        assert _names(got).count("assignee.changed") == 1
        data = got[-1]["data"]
        assert data["meta"]["team"] == {"id": team["id"], "name": "billing"} and data["meta"]["assignee"] is None


def test_reading_a_conversation_tells_the_inbox_agents_only(server, account, members, receiver, account_hook):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    colleague = agent_in(account, members, inbox["id"])
    conversation = account.create_conversation(inbox["id"])
    account.create_message(conversation["id"], "unread", message_type="incoming")
    receiver.next_event("message_created")
    _subscribe_everything(account, account_hook.url)
    stream, _ = agent_cable(server.url, colleague)
    contact_stream = _contact_cable(server, account, conversation)
    with stream, contact_stream:
        before = len(events_of(server, account))
        r = account.post(f"/conversations/{conversation['id']}/update_last_seen")
        assert r.status_code == 200, r.text
        assert _stored_after(server, account, before) == ["conversation_read"]
        read = stream.until(lambda m: m["event"] == "conversation.read")[-1]["data"]
        assert read["id"] == conversation["id"] and read["unread_count"] == 0 and read["agent_last_seen_at"] > 0

        account.create_message(conversation["id"], "sentinel")
        assert "conversation.read" not in _names(contact_stream.until(is_message("sentinel")))
    for hook in (receiver, account_hook):
        assert _names(_deliveries_until(hook, "message_created")) == ["message_created"]


def test_a_delivery_report_records_message_updated_in_both_shapes(server, account, receiver, account_hook):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    conversation = account.create_conversation(inbox["id"])
    message = account.create_message(conversation["id"], "reply")
    receiver.next_event("message_created")
    _subscribe_everything(account, account_hook.url)
    stream, _ = agent_cable(server.url, account)
    contact_stream = _contact_cable(server, account, conversation)
    with stream, contact_stream:
        path = f"/conversations/{conversation['id']}/messages/{message['id']}"
        r = account.client.patch(account.path(path), json={"status": "delivered"})
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "delivered" and r.json()["message_type"] == 1
        for cable in (stream, contact_stream):
            (pushed,) = [m for m in cable.until(lambda m: m["event"] == "message.updated")]
            data = pushed["data"]
            assert data["id"] == message["id"] and data["status"] == "delivered"
            assert data["message_type"] == 1 and isinstance(data["created_at"], int)
            assert data["previous_changes"] == {"status": ["sent", "delivered"]}
            assert data["conversation_id"] == conversation["id"]
    for hook in (receiver, account_hook):
        (body,) = [b for b in _deliveries_until(hook, "message_updated")]
        assert body["id"] == message["id"] and body["status"] == "delivered"
        assert body["message_type"] == "outgoing" and body["created_at"].endswith("Z")
        assert body["previous_changes"] == {"status": ["sent", "delivered"]}
        assert body["sender"]["type"] == "user" and body["conversation"]["id"] == conversation["id"]
    # Reporting the same status again changes nothing and records nothing.
    before = len(events_of(server, account))
    assert account.client.patch(account.path(path), json={"status": "delivered"}).status_code == 200
    assert len(events_of(server, account)) == before


def test_a_failed_report_keeps_the_error_and_bad_reports_change_nothing(server, account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    message = account.create_message(conversation["id"], "reply")
    path = account.path(f"/conversations/{conversation['id']}/messages/{message['id']}")
    before = len(events_of(server, account))
    assert account.client.patch(path, json={"status": "lost"}).status_code == 422
    assert (
        account.client.patch(
            account.path(f"/conversations/{conversation['id']}/messages/99999999"), json={"status": "read"}
        ).status_code
        == 404
    )
    assert len(events_of(server, account)) == before
    r = account.client.patch(path, json={"status": "failed", "external_error": "number unreachable"})
    assert r.status_code == 200 and r.json()["content_attributes"] == {"external_error": "number unreachable"}
    (updated,) = events_of(server, account, "message_updated")
    assert updated["previous_changes"]["status"] == ["sent", "failed"]


def test_deleting_a_message_keeps_it_marked_deleted_and_records_message_updated(server, account, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    conversation = account.create_conversation(inbox["id"])
    message = account.create_message(conversation["id"], "oops, wrong customer")
    receiver.next_event("message_created")
    stream, _ = agent_cable(server.url, account)
    with stream:
        r = account.client.delete(account.path(f"/conversations/{conversation['id']}/messages/{message['id']}"))
        assert r.status_code == 200, r.text
        assert r.json()["content"] == "This message was deleted"
        assert r.json()["content_attributes"] == {"deleted": True}
        data = stream.until(lambda m: m["event"] == "message.updated")[-1]["data"]
        assert data["content"] == "This message was deleted"
        assert data["previous_changes"]["content"] == ["oops, wrong customer", "This message was deleted"]
    body = receiver.next_event("message_updated").json
    assert body["content"] == "This message was deleted" and body["content_attributes"] == {"deleted": True}
    listed = account.get(f"/conversations/{conversation['id']}/messages").json()["payload"]
    assert [m["content"] for m in listed if m["id"] == message["id"]] == ["This message was deleted"]


def test_merging_pushes_contact_deleted_and_contact_merged_once_to_every_agent(server, account, members):
    agent = members.add()
    base = account.create_contact(name="Base", email="base@example.com")["contact"]
    mergee = account.create_contact(name="Mergee", phone_number="+15550001111")["contact"]
    stream, _ = agent_cable(server.url, agent)
    with stream:
        r = account.post("/actions/contact_merge", {"base_contact_id": base["id"], "mergee_contact_id": mergee["id"]})
        assert r.status_code == 200, r.text
        got = stream.until(lambda m: m["event"] == "contact.updated")
        assert _names(got) == ["contact.deleted", "contact.merged", "contact.updated"]
        deleted, merged, updated = (m["data"] for m in got)
        assert deleted["id"] == mergee["id"] and deleted["type"] == "contact"
        assert merged["id"] == base["id"] and merged["mergee_contact_id"] == mergee["id"]
        assert merged["phone_number"] == "+15550001111" and merged["account_id"] == account.account_id
        assert {"phone_number": {"previous_value": None, "current_value": "+15550001111"}} in updated[
            "changed_attributes"
        ]
    (stored_merge,) = events_of(server, account, "contact_merged")
    assert stored_merge["mergee_contact_id"] == mergee["id"] and stored_merge["created_at"].endswith("Z")


def test_inbox_events_reach_subscribers_and_administrators_without_secrets(server, account, account_hook):
    _subscribe_everything(account, account_hook.url)
    stream, _ = agent_cable(server.url, account)
    with stream:
        inbox = account.create_api_inbox(name="Support")
        created = stream.until(lambda m: m["event"] == "inbox.created")[-1]["data"]
        assert created["id"] == inbox["id"] and created["name"] == "Support"
        r = account.client.patch(account.path(f"/inboxes/{inbox['id']}"), json={"name": "Help"})
        assert r.status_code == 200, r.text
        updated = stream.until(lambda m: m["event"] == "inbox.updated")[-1]["data"]
        assert updated["changed_attributes"] == [{"name": {"previous_value": "Support", "current_value": "Help"}}]
    bodies = _deliveries_until(account_hook, "inbox_updated")
    assert _names(bodies) == ["inbox_created", "inbox_updated"]
    for body in [created, updated, *bodies]:
        assert "secret" not in body and "hmac_token" not in body
    assert len(events_of(server, account, "inbox_created", "inbox_updated")) == 2

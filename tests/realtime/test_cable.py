"""The /cable protocol and the push shape, end to end over a real websocket."""

from __future__ import annotations

import json

from tests.realtime.cable import Cable, agent_cable, is_message


def test_subscribe_and_receive_message_created_in_push_shape(server, account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    cable, identifier = agent_cable(server.url, account)
    with cable:
        created = account.create_message(conversation["id"], "hello there", echo_id="e-1")
        raw = cable.frame()
        while raw.get("message", {}).get("event") == "presence.update":
            raw = cable.frame()
        assert raw["identifier"] == identifier
        message = raw["message"]
        assert set(message) == {"event", "data", "cursor"}
        assert message["event"] == "message.created"
        assert isinstance(message["cursor"], int)
        data = message["data"]
        # The push shape is the API's message JSON: integer type, unix time, display id, typed sender.
        for key in ("id", "content", "inbox_id", "conversation_id", "message_type", "content_type", "status"):
            assert data[key] == created[key], key
        for key in ("created_at", "private", "source_id", "echo_id", "content_attributes", "sender_type"):
            assert data[key] == created[key], key
        assert data["message_type"] == 1
        assert data["conversation_id"] == conversation["id"]
        assert isinstance(data["created_at"], int)
        assert data["account_id"] == account.account_id
        assert data["sender"]["type"] == "user"
        assert data["sender"]["id"] == account.user_id
        assert "email" not in data["sender"]
        assert data["conversation"]["contact_inbox"]["source_id"] == conversation["contact_inbox"]["source_id"]

        # An incoming message has the contact as sender, typed "contact".
        incoming = account.create_message(conversation["id"], "from the customer", message_type="incoming")
        got = cable.until(is_message("from the customer"))[-1]
        assert got["data"]["message_type"] == 0
        assert got["data"]["sender"]["type"] == "contact"
        assert got["data"]["sender"]["id"] == incoming["sender"]["id"]
        assert got["cursor"] > message["cursor"]


def test_conversation_and_contact_events_are_pushed(server, account):
    inbox = account.create_api_inbox()
    cable, _ = agent_cable(server.url, account)
    with cable:
        conversation = account.create_conversation(inbox["id"])
        contact = cable.message()
        assert contact["event"] == "contact.created"
        assert contact["data"]["type"] == "contact"
        assert contact["data"]["account_id"] == account.account_id
        created = cable.message()
        assert created["event"] == "conversation.created"
        assert created["data"]["id"] == conversation["id"]
        assert "event" not in created["data"]
        assert created["data"]["account_id"] == account.account_id
        assert created["cursor"] == contact["cursor"] + 1

        r = account.post(f"/conversations/{conversation['id']}/toggle_status", {"status": "resolved"})
        assert r.status_code == 200
        changed = cable.until(lambda m: m["event"] == "conversation.status_changed")[-1]
        assert changed["data"]["status"] == "resolved"


def test_unknown_tokens_and_channels_are_rejected(server, account):
    with Cable(server.url) as cable:
        cable.subscribe(expect="reject_subscription", pubsub_token="nope", account_id=account.account_id, user_id=1)
        cable.subscribe(expect="reject_subscription", pubsub_token="nope")
        token = account.client.get("/api/v1/profile").json()["pubsub_token"]
        # The right token with someone else's user id, or an account the user is not in.
        cable.subscribe(
            expect="reject_subscription", pubsub_token=token, account_id=account.account_id, user_id=account.user_id + 1
        )
        cable.subscribe(
            expect="reject_subscription", pubsub_token=token, account_id=account.account_id + 1000, user_id=1
        )
        identifier = json.dumps({"channel": "OtherChannel", "pubsub_token": token})
        cable.send({"command": "subscribe", "identifier": identifier})
        assert cable.frame() == {"identifier": identifier, "type": "reject_subscription"}
        # Garbage is ignored; the connection still works.
        cable.ws.send("not json")
        cable.send({"command": "subscribe"})
        cable.subscribe(pubsub_token=token, account_id=account.account_id, user_id=account.user_id)


def test_the_server_pings_every_few_seconds(server, account):
    with Cable(server.url) as cable:
        ping = cable.frame(timeout=8, pings=True)
        assert ping["type"] == "ping"
        assert isinstance(ping["message"], int)


def test_unsubscribe_stops_the_stream(server, account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    cable, identifier = agent_cable(server.url, account)
    with cable:
        token = account.client.get("/api/v1/profile").json()["pubsub_token"]
        second = cable.subscribe(
            pubsub_token=token, account_id=account.account_id, user_id=account.user_id, cursor=0, x="second"
        )
        cable.send({"command": "unsubscribe", "identifier": identifier})
        account.create_message(conversation["id"], "after unsubscribe")
        while True:
            frame = cable.frame()
            if frame.get("message", {}).get("event") == "presence.update":
                continue
            assert frame["identifier"] == second
            if frame["message"]["data"].get("content") == "after unsubscribe":
                break

"""Status, activity and list rules of conversations and messages."""

from __future__ import annotations

import time

import pytest


def _messages(account, conversation_id, **params):
    return account.get(f"/conversations/{conversation_id}/messages", params=params).json()["payload"]


@pytest.mark.parametrize("status", ["resolved", "snoozed"])
def test_an_incoming_message_reopens_the_conversation(account, status):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"], status=status, snoozed_until=int(time.time()) + 3600)
    assert conversation["status"] == status

    account.create_message(conversation["id"], "hello again", message_type="incoming")

    reopened = account.get(f"/conversations/{conversation['id']}").json()
    assert reopened["status"] == "open"
    assert reopened["snoozed_until"] is None
    kinds = [(m["message_type"], m["content"]) for m in _messages(account, conversation["id"])]
    assert kinds == [(0, "hello again"), (2, "System reopened the conversation due to a new incoming message.")]


def test_an_outgoing_message_does_not_reopen(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"], status="resolved")
    account.create_message(conversation["id"], "follow-up from us")
    assert account.get(f"/conversations/{conversation['id']}").json()["status"] == "resolved"


def test_every_message_bumps_last_activity_and_the_list_order(account):
    inbox = account.create_api_inbox()
    first = account.create_conversation(inbox["id"])
    second = account.create_conversation(inbox["id"])
    listed = [c["id"] for c in account.get("/conversations").json()["data"]["payload"]]
    assert listed == [second["id"], first["id"]]

    message = account.create_message(first["id"], "bump", private=True)

    shown = account.get(f"/conversations/{first['id']}").json()
    assert shown["last_activity_at"] == message["created_at"] >= first["last_activity_at"]
    listed = [c["id"] for c in account.get("/conversations").json()["data"]["payload"]]
    assert listed == [first["id"], second["id"]]


def test_senders_are_the_contact_for_incoming_and_the_caller_for_outgoing(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    incoming = account.create_message(conversation["id"], "from customer", message_type="incoming")
    outgoing = account.create_message(conversation["id"], "from agent")
    assert incoming["sender"]["type"] == "contact"
    assert incoming["sender"]["id"] == conversation["meta"]["sender"]["id"]
    assert outgoing["sender"]["type"] == "user" and outgoing["sender"]["id"] == account.user_id


def test_waiting_since_and_first_reply(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    assert conversation["waiting_since"] > 0 and conversation["first_reply_created_at"] is None
    account.create_message(conversation["id"], "note", private=True)
    assert account.get(f"/conversations/{conversation['id']}").json()["waiting_since"] > 0
    reply = account.create_message(conversation["id"], "public reply")
    shown = account.get(f"/conversations/{conversation['id']}").json()
    assert shown["waiting_since"] == 0
    assert shown["first_reply_created_at"] == reply["created_at"]


def test_retry_with_the_same_echo_id_returns_the_first_message(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    first = account.create_message(conversation["id"], "once", echo_id="client-123")
    again = account.create_message(conversation["id"], "once", echo_id="client-123")
    assert again["id"] == first["id"]
    assert len(_messages(account, conversation["id"])) == 1


def test_conversation_list_pages_of_25_with_counts(account):
    inbox = account.create_api_inbox()
    contact = account.create_contact(inbox["id"])
    source_id = contact["contact_inbox"]["source_id"]
    for i in range(27):
        body = {"source_id": source_id, "inbox_id": inbox["id"]}
        if i < 4:
            body["assignee_id"] = account.user_id
        if i >= 25:
            body["status"] = "resolved"
        assert account.post("/conversations", body).status_code == 200

    page1 = account.get("/conversations").json()["data"]
    assert len(page1["payload"]) == 25
    assert page1["meta"] == {"mine_count": 4, "assigned_count": 4, "unassigned_count": 21, "all_count": 25}
    page2 = account.get("/conversations", params={"page": 2}).json()["data"]
    assert page2["payload"] == []
    resolved = account.get("/conversations", params={"status": "resolved"}).json()["data"]
    assert resolved["meta"]["all_count"] == 2
    everything = account.get("/conversations", params={"status": "all", "page": 2}).json()["data"]
    assert len(everything["payload"]) == 2 and everything["meta"]["all_count"] == 27
    mine = account.get("/conversations", params={"assignee_type": "me"}).json()["data"]
    assert len(mine["payload"]) == 4 and mine["meta"]["all_count"] == 25
    unassigned = account.get("/conversations", params={"assignee_type": "unassigned"}).json()["data"]
    assert len(unassigned["payload"]) == 21
    assert account.get("/conversations/meta").json() == {"meta": page1["meta"]}
    assert account.get("/conversations", params={"assignee_type": "nobody"}).status_code == 422


def test_message_cursors(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    ids = [account.create_message(conversation["id"], f"m{i}")["id"] for i in range(45)]

    latest = [m["id"] for m in _messages(account, conversation["id"])]
    assert latest == ids[-20:]
    older = [m["id"] for m in _messages(account, conversation["id"], before=ids[-20])]
    assert older == ids[-40:-20]
    newer = [m["id"] for m in _messages(account, conversation["id"], after=ids[4])]
    assert newer == ids[5:]
    between = [m["id"] for m in _messages(account, conversation["id"], after=ids[0], before=ids[10])]
    assert between == ids[1:10]


def test_contact_list_pages_of_15(account):
    for i in range(17):
        account.create_contact(name=f"Person {i:02d}")
    first = account.get("/contacts", params={"sort": "name"}).json()
    assert first["meta"] == {"count": 17, "current_page": 1}
    assert [c["name"] for c in first["payload"]] == [f"Person {i:02d}" for i in range(15)]
    second = account.get("/contacts", params={"sort": "-name", "page": 2}).json()
    assert [c["name"] for c in second["payload"]] == ["Person 01", "Person 00"]
    assert account.get("/contacts", params={"sort": "password"}).status_code == 422


def test_incoming_messages_are_refused_outside_api_inboxes(server, account):
    from chatlake.models import Inbox

    async def make_widget_inbox() -> int:
        # No endpoint creates other channel types yet; the row stands in for a website-widget inbox.
        async with server.app.state.runtime.db.transaction() as session:
            inbox = Inbox(
                account_id=account.account_id,
                name="Website",
                channel_type="Channel::WebWidget",
                channel_id=0,
                auto_assignment_config={},
            )
            session.add(inbox)
            await session.flush()
            return inbox.id

    widget_inbox_id = server.call(make_widget_inbox())
    conversation = account.create_conversation(widget_inbox_id)
    r = account.post(f"/conversations/{conversation['id']}/messages", {"content": "hi", "message_type": "incoming"})
    assert r.status_code == 422
    assert r.json() == {"error": "Incoming messages are only allowed in Api inboxes"}
    assert account.create_message(conversation["id"], "outgoing is fine")["message_type"] == 1

"""Notifications: made by assignments, new incoming messages and mentions; each user manages only their own;
every change is pushed to that user's stream alone."""

from __future__ import annotations

import time

import pytest

from tests.api.contacts_support import agent_in, events_of
from tests.api.members import Members, call
from tests.api.test_query_budget import OUTGOING_BUDGET
from tests.querycount import QueryCounter
from tests.realtime.cable import agent_cable


@pytest.fixture
def members(account):
    m = Members(account)
    yield m
    m.close()


def _assign(account, conversation, user_id) -> None:
    r = account.post(f"/conversations/{conversation['id']}/assignments", {"assignee_id": user_id})
    assert r.status_code == 200, r.text


def _listed(acct, **params) -> dict:
    r = acct.get("/notifications", params=params)
    assert r.status_code == 200, r.text
    return r.json()["data"]


def _is_contact(name: str):
    return lambda m: m["event"] == "contact.created" and m["data"]["name"] == name


def test_an_assignment_by_someone_else_notifies_the_assignee_alone(server, account, members):
    inbox = account.create_api_inbox()
    agent = agent_in(account, members, inbox["id"])
    conversation = account.create_conversation(inbox["id"])
    agent_stream, _ = agent_cable(server.url, agent)
    admin_stream, _ = agent_cable(server.url, account)
    with agent_stream, admin_stream:
        _assign(account, conversation, agent.user_id)
        pushed = agent_stream.until(lambda m: m["event"] == "notification.created")[-1]
        account.create_contact(name="Sentinel")
        admin_seen = admin_stream.until(_is_contact("Sentinel"))
        assert not [m for m in admin_seen if m["event"].startswith("notification.")]

    data = _listed(agent)
    assert data["meta"] == {"unread_count": 1, "count": 1, "current_page": 1}
    (notification,) = data["payload"]
    assert notification["notification_type"] == "conversation_assignment"
    assert notification["primary_actor_type"] == "Conversation"
    assert notification["primary_actor_id"] == conversation["id"] == notification["primary_actor"]["id"]
    assert notification["secondary_actor"]["id"] == account.user_id
    assert notification["user"]["id"] == agent.user_id and notification["read_at"] is None
    assert notification["push_message_title"] == f"A conversation (#{conversation['id']}) has been assigned to you"
    assert isinstance(notification["created_at"], int) and isinstance(notification["last_activity_at"], int)
    assert pushed["data"]["unread_count"] == 1 and pushed["data"]["count"] == 1
    assert pushed["data"]["notification"] == {**notification, "account_id": account.account_id}
    assert _listed(account)["payload"] == []
    assert len(events_of(server, account, "notification_created")) == 1


def test_a_conversation_created_with_an_assignee_notifies_them(account, members):
    inbox = account.create_api_inbox()
    agent = agent_in(account, members, inbox["id"])
    conversation = account.create_conversation(inbox["id"], assignee_id=agent.user_id)
    (notification,) = _listed(agent)["payload"]
    assert notification["notification_type"] == "conversation_assignment"
    assert notification["primary_actor"]["meta"]["assignee"]["id"] == agent.user_id
    assert notification["primary_actor_id"] == conversation["id"]


def test_self_assignment_notifies_nobody(server, account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    _assign(account, conversation, account.user_id)
    account.create_conversation(inbox["id"], assignee_id=account.user_id)
    assert _listed(account)["payload"] == [] and events_of(server, account, "notification_created") == []


def test_incoming_messages_notify_the_assignee_only(account, members):
    inbox = account.create_api_inbox()
    agent = agent_in(account, members, inbox["id"])
    assigned = account.create_conversation(inbox["id"], assignee_id=agent.user_id)
    unassigned = account.create_conversation(inbox["id"])
    account.create_message(assigned["id"], "customer asks", message_type="incoming")
    account.create_message(assigned["id"], "agent answers")
    account.create_message(unassigned["id"], "nobody's", message_type="incoming")
    listed = _listed(agent)["payload"]
    assert [n["notification_type"] for n in listed] == ["assigned_conversation_new_message", "conversation_assignment"]
    notification = listed[0]
    assert notification["notification_type"] == "assigned_conversation_new_message"
    assert notification["primary_actor_id"] == assigned["id"]
    assert notification["secondary_actor"]["content"] == "customer asks"
    assert notification["secondary_actor"]["message_type"] == 0
    assert _listed(account)["payload"] == []


def test_a_private_note_notifies_the_mentioned_agents_who_can_see_the_inbox(account, members):
    inbox = account.create_api_inbox()
    mentioned = agent_in(account, members, inbox["id"])
    outsider = agent_in(account, members)  # no access to the inbox
    conversation = account.create_conversation(inbox["id"])
    note = (
        f"[@Bo](mention://user/{mentioned.user_id}/Bo) and [@Out](mention://user/{outsider.user_id}/Out), "
        f"me [@Ada](mention://user/{account.user_id}/Ada) and nobody [@X](mention://user/99999999/X)"
    )
    account.create_message(conversation["id"], note, private=True)
    account.create_message(conversation["id"], f"public (mention://user/{mentioned.user_id}/Bo)")
    (notification,) = _listed(mentioned)["payload"]
    assert notification["notification_type"] == "conversation_mention"
    assert notification["secondary_actor"]["private"] is True
    assert _listed(outsider)["payload"] == [] and _listed(account)["payload"] == []


def test_read_unread_snooze_and_delete_one_notification(server, account, members):
    inbox = account.create_api_inbox()
    agent = agent_in(account, members, inbox["id"])
    conversation = account.create_conversation(inbox["id"])
    _assign(account, conversation, agent.user_id)
    (notification,) = _listed(agent)["payload"]
    one = f"/notifications/{notification['id']}"
    stream, _ = agent_cable(server.url, agent)
    with stream:
        assert agent.get("/notifications/unread_count").json() == 1
        read = call(agent, "PATCH", one)
        assert read.status_code == 200 and read.json()["read_at"] is not None
        assert agent.get("/notifications/unread_count").json() == 0
        pushed = stream.until(lambda m: m["event"] == "notification.updated")[-1]["data"]
        assert pushed["notification"]["read_at"] is not None and pushed["unread_count"] == 0

        unread = agent.post(f"{one}/unread")
        assert unread.status_code == 200 and unread.json()["read_at"] is None
        assert stream.until(lambda m: m["event"] == "notification.updated")[-1]["data"]["unread_count"] == 1

        later = int(time.time()) + 3600
        snoozed = agent.post(f"{one}/snooze", {"snoozed_until": later})
        assert snoozed.status_code == 200, snoozed.text
        assert snoozed.json()["snoozed_until"] is not None
        assert _listed(agent)["payload"] == [] and agent.get("/notifications/unread_count").json() == 0
        assert [n["id"] for n in _listed(agent, **{"includes[]": "snoozed"})["payload"]] == [notification["id"]]
        assert agent.post(f"{one}/snooze", {}).status_code == 422

        assert call(agent, "DELETE", one).status_code == 200
        deleted = stream.until(lambda m: m["event"] == "notification.deleted")[-1]["data"]
        assert deleted["notification"]["id"] == notification["id"] and deleted["count"] == 0
        assert call(agent, "PATCH", one).status_code == 404


def test_read_all_and_destroy_all(account, members):
    inbox = account.create_api_inbox()
    agent = agent_in(account, members, inbox["id"])
    first = account.create_conversation(inbox["id"])
    second = account.create_conversation(inbox["id"])
    _assign(account, first, agent.user_id)
    _assign(account, second, agent.user_id)
    assert agent.post("/notifications/read_all", {"primary_actor_id": first["id"]}).status_code == 200
    unread = {n["primary_actor_id"] for n in _listed(agent)["payload"] if n["read_at"] is None}
    assert unread == {second["id"]}
    assert agent.post("/notifications/destroy_all", {"type": "read"}).status_code == 200
    assert [n["primary_actor_id"] for n in _listed(agent)["payload"]] == [second["id"]]
    assert agent.post("/notifications/read_all").status_code == 200
    assert _listed(agent)["meta"]["unread_count"] == 0
    assert agent.post("/notifications/destroy_all", {"type": "everything"}).status_code == 422
    assert agent.post("/notifications/destroy_all").status_code == 200
    assert _listed(agent)["meta"] == {"unread_count": 0, "count": 0, "current_page": 1}


def test_each_user_reaches_only_their_own_notifications(account, other_account, members):
    inbox = account.create_api_inbox()
    agent = agent_in(account, members, inbox["id"])
    colleague = agent_in(account, members, inbox["id"])
    conversation = account.create_conversation(inbox["id"])
    _assign(account, conversation, agent.user_id)
    (notification,) = _listed(agent)["payload"]
    one = f"/notifications/{notification['id']}"
    for method, suffix in (("PATCH", ""), ("POST", "/unread"), ("POST", "/snooze"), ("DELETE", "")):
        body = {"snoozed_until": int(time.time()) + 60} if suffix == "/snooze" else None
        assert call(colleague, method, one + suffix, body).status_code == 404
        assert call(account, method, one + suffix, body).status_code == 404
    assert colleague.post("/notifications/read_all").status_code == 200
    assert colleague.post("/notifications/destroy_all").status_code == 200
    assert other_account.get("/notifications").json()["data"]["payload"] == []
    assert call(other_account, "DELETE", one).status_code == 404
    assert _listed(agent)["payload"][0]["read_at"] is None


def test_pages_hold_15_newest_first(account, members):
    inbox = account.create_api_inbox()
    agent = agent_in(account, members, inbox["id"])
    conversation = account.create_conversation(inbox["id"], assignee_id=agent.user_id)
    for i in range(15):
        account.create_message(conversation["id"], f"m{i}", message_type="incoming")
    first = _listed(agent)
    assert len(first["payload"]) == 15 and first["meta"]["count"] == 16 and first["meta"]["unread_count"] == 16
    assert [n["secondary_actor"]["content"] for n in first["payload"]] == [f"m{i}" for i in range(14, -1, -1)]
    second = _listed(agent, page=2)
    assert [n["notification_type"] for n in second["payload"]] == ["conversation_assignment"]
    assert second["meta"]["current_page"] == 2


def test_deleting_the_conversation_s_contact_removes_its_notifications(account, members):
    inbox = account.create_api_inbox()
    agent = agent_in(account, members, inbox["id"])
    conversation = account.create_conversation(inbox["id"])
    _assign(account, conversation, agent.user_id)
    contact_id = account.get(f"/conversations/{conversation['id']}").json()["meta"]["sender"]["id"]
    assert call(account, "DELETE", f"/contacts/{contact_id}").status_code == 200
    assert _listed(agent)["meta"]["count"] == 0


def test_the_list_costs_the_same_for_2_or_15_notifications(server, account, members):
    counter = QueryCounter(server)
    inbox = account.create_api_inbox()
    agent = agent_in(account, members, inbox["id"])
    conversations = [account.create_conversation(inbox["id"]) for _ in range(8)]
    # Both kinds of secondary actor (an assigning user, a message) from the start: each kind costs one
    # statement for the whole page.
    _assign(account, conversations[0], agent.user_id)
    account.create_message(conversations[0]["id"], "new", message_type="incoming")
    _listed(agent)  # the agent's first request reads who the token is; later ones find it cached
    with counter.counting():
        assert len(_listed(agent)["payload"]) == 2
    few = counter.count
    for conversation in conversations[1:]:
        _assign(account, conversation, agent.user_id)
        account.create_message(conversation["id"], "new", message_type="incoming")
    with counter.counting():
        assert len(_listed(agent)["payload"]) == 15
    assert counter.count == few, "\n".join(counter.statements)


def test_messages_that_notify_nobody_cost_no_statement_for_notifications(server, account, members, db_kind):
    """The decision is made from the message alone: an incoming message to an unassigned conversation and
    a private note without mentions cost what they cost before notifications existed."""
    counter = QueryCounter(server)
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    account.create_message(conversation["id"], "warm up", message_type="incoming")
    with counter.counting():
        account.create_message(conversation["id"], "anyone?", message_type="incoming")
    assert not [s for s in counter.statements if "notifications" in s], "\n".join(counter.statements)
    with counter.counting():
        account.create_message(conversation["id"], "note to self", private=True)
    assert not [s for s in counter.statements if "notifications" in s], "\n".join(counter.statements)
    assert counter.count <= OUTGOING_BUDGET[db_kind], "\n".join(counter.statements)

"""Conversation state changes: status, priority, assignment, labels, custom attributes, typing, mute, read state."""

from __future__ import annotations

import queue
import time
import uuid

import pytest

from chatlake.actions.accounts import do_create_user
from chatlake.models import AccountUser, InboxMember, Team, TeamMember
from chatlake.models.user import ROLES
from tests import support


def _run(server, work):
    """Run `work(session)` in one transaction on the server's loop (setup that has no endpoint yet)."""

    async def go():
        async with server.app.state.runtime.db.transaction() as session:
            return await work(session)

    return server.call(go())


@pytest.fixture
def make_agent(server):
    """Creates users with the agent role in an account, members of the given inboxes."""
    made: list[support.TestAccount] = []

    def make(account: support.TestAccount, inbox_ids: list[int], name: str = "Alan Agent") -> support.TestAccount:
        email = f"agent-{uuid.uuid4().hex[:10]}@example.com"

        async def work(session):
            user, token = await do_create_user(session, name=name, email=email, password=None)
            session.add(AccountUser(account_id=account.account_id, user_id=user.id, role=ROLES["agent"]))
            for inbox_id in inbox_ids:
                session.add(InboxMember(account_id=account.account_id, inbox_id=inbox_id, user_id=user.id))
            await session.flush()
            return user.id, token

        user_id, token = _run(server, work)
        agent = support.TestAccount(server, account.account_id, user_id, token, email, "")
        made.append(agent)
        return agent

    yield make
    for agent in made:
        if agent._client is not None:
            agent._client.close()


def make_team(server, account: support.TestAccount, name: str, member_ids: tuple[int, ...] = ()) -> int:
    async def work(session):
        team = Team(account_id=account.account_id, name=name)
        session.add(team)
        await session.flush()
        for user_id in member_ids:
            session.add(TeamMember(account_id=account.account_id, team_id=team.id, user_id=user_id))
        await session.flush()
        return team.id

    return _run(server, work)


def _show(account, conversation_id) -> dict:
    r = account.get(f"/conversations/{conversation_id}")
    assert r.status_code == 200, r.text
    return r.json()


def _activities(account, conversation_id) -> list[str]:
    messages = account.get(f"/conversations/{conversation_id}/messages").json()["payload"]
    return [m["content"] for m in messages if m["message_type"] == 2]


def _no_more_events(receiver) -> None:
    with pytest.raises(queue.Empty):
        receiver.next(timeout=0.5)


# --- toggle_status -------------------------------------------------------------------------------


def test_toggle_status_without_status_flips_open_and_resolved(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    assert conversation["waiting_since"] > 0

    r = account.post(f"/conversations/{conversation['id']}/toggle_status")
    assert r.status_code == 200, r.text
    assert r.json() == {
        "meta": {},
        "payload": {
            "success": True,
            "conversation_id": conversation["id"],
            "current_status": "resolved",
            "snoozed_until": None,
        },
    }
    shown = _show(account, conversation["id"])
    assert shown["status"] == "resolved" and shown["waiting_since"] == 0

    r = account.post(f"/conversations/{conversation['id']}/toggle_status", {})
    assert r.json()["payload"]["current_status"] == "open"
    assert _activities(account, conversation["id"]) == [
        "Conversation was marked resolved by Ada Admin",
        "Conversation was reopened by Ada Admin",
    ]


@pytest.mark.parametrize("status", ["pending", "snoozed"])
def test_toggle_status_without_status_opens_pending_and_snoozed(account, status):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"], status=status)
    r = account.post(f"/conversations/{conversation['id']}/toggle_status")
    assert r.json()["payload"]["current_status"] == "open"
    assert _show(account, conversation["id"])["status"] == "open"


def test_toggle_status_sets_each_status_with_its_activity(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    path = f"/conversations/{conversation['id']}/toggle_status"
    until = int(time.time()) + 3600

    snoozed = account.post(path, {"status": "snoozed", "snoozed_until": until}).json()["payload"]
    assert snoozed == {"success": True, "conversation_id": conversation["id"], "current_status": "snoozed",
                       "snoozed_until": until}  # fmt: skip
    assert _show(account, conversation["id"])["snoozed_until"] == until

    pending = account.post(path, {"status": "pending"}).json()["payload"]
    assert pending["current_status"] == "pending" and pending["snoozed_until"] is None
    assert _show(account, conversation["id"])["snoozed_until"] is None

    assert account.post(path, {"status": "resolved"}).json()["payload"]["current_status"] == "resolved"
    # The same status again changes nothing and notes nothing.
    assert account.post(path, {"status": "resolved"}).json()["payload"]["current_status"] == "resolved"
    assert account.post(path, {"status": "open"}).json()["payload"]["current_status"] == "open"
    assert _activities(account, conversation["id"]) == [
        "Conversation was snoozed by Ada Admin",
        "Conversation was marked as pending by Ada Admin",
        "Conversation was marked resolved by Ada Admin",
        "Conversation was reopened by Ada Admin",
    ]


def test_snoozing_without_a_time_snoozes_until_the_next_reply(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    r = account.post(f"/conversations/{conversation['id']}/toggle_status", {"status": "snoozed"})
    assert r.json()["payload"] == {
        "success": True,
        "conversation_id": conversation["id"],
        "current_status": "snoozed",
        "snoozed_until": None,
    }
    account.create_message(conversation["id"], "I'm back", message_type="incoming")
    assert _show(account, conversation["id"])["status"] == "open"


def test_status_change_reaches_the_api_inbox_webhook(account, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    conversation = account.create_conversation(inbox["id"])
    receiver.next_event("conversation_created")

    account.post(f"/conversations/{conversation['id']}/toggle_status", {"status": "resolved"})
    account.post(f"/conversations/{conversation['id']}/toggle_status", {"status": "pending"})

    first, second = receiver.next().json, receiver.next().json
    assert first["event"] == second["event"] == "conversation_status_changed"
    assert first["id"] == conversation["id"] and first["status"] == "resolved"
    assert first["changed_attributes"] == [{"status": {"previous_value": "open", "current_value": "resolved"}}]
    assert second["changed_attributes"] == [{"status": {"previous_value": "resolved", "current_value": "pending"}}]
    _no_more_events(receiver)  # activity notes are not sent to the channel


def test_an_agent_who_opens_a_conversation_becomes_its_assignee(account, make_agent, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    agent = make_agent(account, [inbox["id"]], name="Alan Agent")
    conversation = account.create_conversation(inbox["id"], status="resolved")
    receiver.next_event("conversation_created")

    r = agent.post(f"/conversations/{conversation['id']}/toggle_status")
    assert r.status_code == 200, r.text
    assert r.json()["payload"]["current_status"] == "open"

    shown = _show(account, conversation["id"])
    assert shown["meta"]["assignee"]["id"] == agent.user_id
    assert _activities(account, conversation["id"]) == [
        "Conversation was reopened by Alan Agent",
        "Alan Agent self-assigned this conversation",
    ]
    status_changed, updated = receiver.next().json, receiver.next().json
    assert status_changed["event"] == "conversation_status_changed"
    assert updated["event"] == "conversation_updated"
    assert updated["changed_attributes"] == [{"assignee_id": {"previous_value": None, "current_value": agent.user_id}}]
    assert updated["meta"]["assignee"]["id"] == agent.user_id


def test_an_administrator_who_opens_a_conversation_is_not_assigned(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"], status="resolved")
    account.post(f"/conversations/{conversation['id']}/toggle_status")
    assert _show(account, conversation["id"])["meta"]["assignee"] is None


def test_an_agent_acts_only_on_conversations_of_their_inboxes(account, make_agent):
    mine = account.create_api_inbox(name="Mine")
    theirs = account.create_api_inbox(name="Theirs")
    agent = make_agent(account, [mine["id"]])
    conversation = account.create_conversation(theirs["id"])
    for suffix, body in [
        ("toggle_status", {"status": "resolved"}),
        ("labels", {"labels": ["x"]}),
        ("assignments", {"assignee_id": agent.user_id}),
    ]:
        r = agent.post(f"/conversations/{conversation['id']}/{suffix}", body)
        assert r.status_code == 404, (suffix, r.text)
    shown = _show(account, conversation["id"])
    assert shown["status"] == "open" and shown["labels"] == [] and shown["meta"]["assignee"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "closed"}, "status"),
        ({"status": ["open"]}, "status"),
        ({"status": "snoozed", "snoozed_until": "next week"}, "snoozed_until"),
    ],
)
def test_toggle_status_refuses_bad_values_and_changes_nothing(account, body, field):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    r = account.post(f"/conversations/{conversation['id']}/toggle_status", body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]
    assert "message" in r.json()
    assert _show(account, conversation["id"])["status"] == "open"
    assert _activities(account, conversation["id"]) == []


# --- priority ------------------------------------------------------------------------------------


def test_toggle_priority_sets_changes_and_clears(account, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    conversation = account.create_conversation(inbox["id"])
    receiver.next_event("conversation_created")
    path = f"/conversations/{conversation['id']}/toggle_priority"

    r = account.post(path, {"priority": "high"})
    assert r.status_code == 200 and r.json() == {}
    assert _show(account, conversation["id"])["priority"] == "high"
    account.post(path, {"priority": "urgent"})
    account.post(path, {"priority": None})
    assert _show(account, conversation["id"])["priority"] is None

    assert _activities(account, conversation["id"]) == [
        "Ada Admin set the priority to high",
        "Ada Admin changed the priority from high to urgent",
        "Ada Admin removed the priority",
    ]
    events = [receiver.next().json for _ in range(3)]
    assert [e["event"] for e in events] == ["conversation_updated"] * 3
    assert [e["changed_attributes"] for e in events] == [
        [{"priority": {"previous_value": None, "current_value": "high"}}],
        [{"priority": {"previous_value": "high", "current_value": "urgent"}}],
        [{"priority": {"previous_value": "urgent", "current_value": None}}],
    ]
    assert events[0]["priority"] == "high"
    _no_more_events(receiver)


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_updating_a_conversation_sets_its_priority(account, method):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    path = account.path(f"/conversations/{conversation['id']}")

    r = account.client.request(method, path, json={"priority": "low"})
    assert r.status_code == 200, r.text
    assert r.json()["id"] == conversation["id"] and r.json()["priority"] == "low"
    assert "meta" in r.json() and r.json()["status"] == "open"

    # An absent priority is left alone; "none" (the spec's spelling) clears it.
    assert account.client.request(method, path, json={"name": "ignored"}).json()["priority"] == "low"
    assert account.client.request(method, path, json={"priority": "none"}).json()["priority"] is None


@pytest.mark.parametrize("body", [{"priority": "critical"}, {"priority": 2}, {"priority": ["low"]}])
def test_bad_priority_is_refused_and_changes_nothing(account, body):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    account.post(f"/conversations/{conversation['id']}/toggle_priority", {"priority": "medium"})
    for r in (
        account.post(f"/conversations/{conversation['id']}/toggle_priority", body),
        account.client.patch(account.path(f"/conversations/{conversation['id']}"), json=body),
    ):
        assert r.status_code == 422, r.text
        assert r.json()["attributes"] == ["priority"]
    assert _show(account, conversation["id"])["priority"] == "medium"


# --- assignments ---------------------------------------------------------------------------------


def test_assigning_an_agent_returns_the_agent_and_notes_it(account, make_agent, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    agent = make_agent(account, [inbox["id"]], name="Alan Agent")
    conversation = account.create_conversation(inbox["id"])
    receiver.next_event("conversation_created")
    path = f"/conversations/{conversation['id']}/assignments"

    r = account.post(path, {"assignee_id": agent.user_id})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["id"] == agent.user_id and body["name"] == "Alan Agent"
    assert body["account_id"] == account.account_id and body["role"] == "agent"
    assert body["email"] == agent.email and "availability_status" in body
    assert _show(account, conversation["id"])["meta"]["assignee"]["id"] == agent.user_id

    r = account.post(path, {"assignee_id": None})
    assert r.status_code == 200 and r.json() is None
    assert _show(account, conversation["id"])["meta"]["assignee"] is None

    account.post(path, {"assignee_id": str(account.user_id)})  # ids may come as digit strings
    assert _activities(account, conversation["id"]) == [
        "Assigned to Alan Agent by Ada Admin",
        "Conversation unassigned by Ada Admin",
        "Ada Admin self-assigned this conversation",
    ]
    events = [receiver.next().json for _ in range(3)]
    assert [e["event"] for e in events] == ["conversation_updated"] * 3
    assert [e["changed_attributes"] for e in events] == [
        [{"assignee_id": {"previous_value": None, "current_value": agent.user_id}}],
        [{"assignee_id": {"previous_value": agent.user_id, "current_value": None}}],
        [{"assignee_id": {"previous_value": None, "current_value": account.user_id}}],
    ]
    _no_more_events(receiver)


def test_assigning_a_team_returns_the_team_and_drops_an_assignee_outside_it(account, make_agent, server):
    inbox = account.create_api_inbox()
    agent = make_agent(account, [inbox["id"]], name="Alan Agent")
    insider = make_agent(account, [inbox["id"]], name="Ines Insider")
    team_id = make_team(server, account, "Billing", (insider.user_id,))
    conversation = account.create_conversation(inbox["id"], assignee_id=insider.user_id)
    path = f"/conversations/{conversation['id']}/assignments"

    r = account.post(path, {"team_id": team_id})
    assert r.status_code == 200, r.text
    team = r.json()
    assert team["id"] == team_id and team["name"] == "Billing" and team["account_id"] == account.account_id
    assert team["allow_auto_assign"] is True and team["created_at"].endswith("Z")
    shown = _show(account, conversation["id"])
    assert shown["meta"]["team"] == {"id": team_id, "name": "Billing"}
    assert shown["meta"]["assignee"]["id"] == insider.user_id  # a member of the team stays

    account.post(path, {"team_id": 0})
    assert _show(account, conversation["id"])["meta"]["team"] is None

    account.post(path, {"assignee_id": agent.user_id})
    account.post(path, {"team_id": team_id})
    shown = _show(account, conversation["id"])
    assert shown["meta"]["team"]["id"] == team_id and shown["meta"]["assignee"] is None

    assert account.post(path, {"team_id": None}).json() is None
    assert _activities(account, conversation["id"]) == [
        "Assigned to Billing by Ada Admin",
        "Unassigned from Billing by Ada Admin",
        "Assigned to Alan Agent by Ada Admin",
        "Assigned to Billing by Ada Admin",
        "Conversation unassigned by Ada Admin",
        "Unassigned from Billing by Ada Admin",
    ]


def test_team_assignment_event_names_what_changed(account, make_agent, server, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    agent = make_agent(account, [inbox["id"]])
    team_id = make_team(server, account, "Sales")
    conversation = account.create_conversation(inbox["id"], assignee_id=agent.user_id)
    receiver.next_event("conversation_created")

    account.post(f"/conversations/{conversation['id']}/assignments", {"team_id": team_id})
    event = receiver.next().json
    assert event["event"] == "conversation_updated"
    assert event["changed_attributes"] == [
        {"team_id": {"previous_value": None, "current_value": team_id}},
        {"assignee_id": {"previous_value": agent.user_id, "current_value": None}},
    ]
    assert event["meta"]["team"] == {"id": team_id, "name": "Sales"}
    assert event["meta"]["assignee"] is None


def test_assignment_without_assignee_or_team_changes_nothing(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"], assignee_id=account.user_id)
    r = account.post(f"/conversations/{conversation['id']}/assignments", {})
    assert r.status_code == 200 and r.json() is None
    assert _show(account, conversation["id"])["meta"]["assignee"]["id"] == account.user_id


def test_assignee_id_wins_over_team_id(account, server):
    inbox = account.create_api_inbox()
    team_id = make_team(server, account, "Ignored")
    conversation = account.create_conversation(inbox["id"])
    r = account.post(
        f"/conversations/{conversation['id']}/assignments", {"assignee_id": account.user_id, "team_id": team_id}
    )
    assert r.json()["id"] == account.user_id
    assert _show(account, conversation["id"])["meta"]["team"] is None


def test_another_accounts_agent_or_team_is_not_found(account, other_account, server):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    foreign_team = make_team(server, other_account, "Foreign")
    path = f"/conversations/{conversation['id']}/assignments"
    for body in ({"assignee_id": other_account.user_id}, {"team_id": foreign_team}):
        r = account.post(path, body)
        assert r.status_code == 404, (body, r.text)
        assert r.json() == {"error": "Resource could not be found"}
    # An id no column can hold is refused as out of range, naming the field, before any lookup.
    r = account.post(path, {"assignee_id": 2**40})
    assert r.status_code == 422 and r.json()["attributes"] == ["assignee_id"], r.text
    shown = _show(account, conversation["id"])
    assert shown["meta"]["assignee"] is None and shown["meta"]["team"] is None
    assert _activities(account, conversation["id"]) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [({"assignee_id": "abc"}, "assignee_id"), ({"assignee_id": -1}, "assignee_id"), ({"team_id": [1]}, "team_id")],
)
def test_bad_assignment_ids_are_refused(account, body, field):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"], assignee_id=account.user_id)
    r = account.post(f"/conversations/{conversation['id']}/assignments", body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]
    assert _show(account, conversation["id"])["meta"]["assignee"]["id"] == account.user_id


# --- custom attributes ---------------------------------------------------------------------------


def test_custom_attributes_replace_the_hash(account, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    conversation = account.create_conversation(inbox["id"], custom_attributes={"order_id": "1", "vip": True})
    receiver.next_event("conversation_created")
    path = f"/conversations/{conversation['id']}/custom_attributes"

    r = account.post(path, {"custom_attributes": {"order_id": "12345", "previous_conversation": "67890"}})
    assert r.status_code == 200, r.text
    assert r.json() == {"custom_attributes": {"order_id": "12345", "previous_conversation": "67890"}}
    assert _show(account, conversation["id"])["custom_attributes"] == {
        "order_id": "12345",
        "previous_conversation": "67890",
    }
    event = receiver.next().json
    assert event["event"] == "conversation_updated"
    assert event["changed_attributes"] == [
        {
            "custom_attributes": {
                "previous_value": {"order_id": "1", "vip": True},
                "current_value": {"order_id": "12345", "previous_conversation": "67890"},
            }
        }
    ]
    assert account.post(path, {"custom_attributes": {}}).json() == {"custom_attributes": {}}
    assert _show(account, conversation["id"])["custom_attributes"] == {}


@pytest.mark.parametrize("body", [{}, {"custom_attributes": ["a"]}, {"custom_attributes": "not json"}])
def test_bad_custom_attributes_are_refused(account, body):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"], custom_attributes={"keep": "me"})
    r = account.post(f"/conversations/{conversation['id']}/custom_attributes", body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == ["custom_attributes"]
    assert _show(account, conversation["id"])["custom_attributes"] == {"keep": "me"}


# --- labels --------------------------------------------------------------------------------------


def test_labels_replace_the_set_and_filter_the_list(account, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    conversation = account.create_conversation(inbox["id"])
    other = account.create_conversation(inbox["id"])
    receiver.next_event("conversation_created")
    receiver.next_event("conversation_created")
    path = f"/conversations/{conversation['id']}/labels"
    assert account.get(path).json() == {"payload": []}

    r = account.post(path, {"labels": ["Support", "billing", "support", "VIP_2"]})
    assert r.status_code == 200, r.text
    assert r.json() == {"payload": ["support", "billing", "vip_2"]}
    assert account.get(path).json() == {"payload": ["support", "billing", "vip_2"]}
    assert _show(account, conversation["id"])["labels"] == ["support", "billing", "vip_2"]

    r = account.post(path, {"labels": ["billing", "follow-up"]})
    assert r.json() == {"payload": ["billing", "follow-up"]}

    listed = account.get("/conversations", params={"labels[]": "billing"}).json()["data"]["payload"]
    assert [c["id"] for c in listed] == [conversation["id"]]
    # A label is matched whole: "follow" is not "follow-up".
    assert account.get("/conversations", params={"labels[]": "follow"}).json()["data"]["payload"] == []
    assert other["id"] not in [c["id"] for c in listed]

    assert _activities(account, conversation["id"]) == [
        "Ada Admin added support, billing, vip_2",
        "Ada Admin added follow-up",
        "Ada Admin removed support, vip_2",
    ]
    events = [receiver.next().json for _ in range(2)]
    assert [e["event"] for e in events] == ["conversation_updated"] * 2
    assert events[0]["changed_attributes"] == [
        {"label_list": {"previous_value": [], "current_value": ["support", "billing", "vip_2"]}}
    ]
    assert events[1]["labels"] == ["billing", "follow-up"]

    assert account.post(path, {"labels": []}).json() == {"payload": []}
    assert _show(account, conversation["id"])["labels"] == []


@pytest.mark.parametrize(
    "labels", [["has space"], ["semi;colon"], ["ok", "bad%"], "x" * 256, {"a": 1}, [["nested"]], None]
)
def test_invalid_labels_are_refused_and_change_nothing(account, labels):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    path = f"/conversations/{conversation['id']}/labels"
    account.post(path, {"labels": ["keep"]})
    r = account.post(path, {"labels": labels} if labels is not None else {})
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == ["labels"]
    assert account.get(path).json() == {"payload": ["keep"]}


# --- typing --------------------------------------------------------------------------------------


def test_typing_status_is_sent_to_the_api_inbox(account, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    conversation = account.create_conversation(inbox["id"])
    receiver.next_event("conversation_created")
    path = f"/conversations/{conversation['id']}/toggle_typing_status"

    r = account.post(path, {"typing_status": "on"})
    assert r.status_code == 200 and r.json() == {}
    assert account.post(path, {"typing_status": "off", "is_private": True}).status_code == 200

    on, off = receiver.next().json, receiver.next().json
    assert on["event"] == "conversation_typing_on" and on["is_private"] is False
    assert on["user"]["id"] == account.user_id and on["user"]["type"] == "user"
    assert on["conversation"]["id"] == conversation["id"]
    assert off["event"] == "conversation_typing_off" and off["is_private"] is True
    assert _activities(account, conversation["id"]) == []


@pytest.mark.parametrize(("body", "field"), [({}, "typing_status"), ({"typing_status": "maybe"}, "typing_status")])
def test_bad_typing_status_is_refused(account, receiver, body, field):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    conversation = account.create_conversation(inbox["id"])
    receiver.next_event("conversation_created")
    r = account.post(f"/conversations/{conversation['id']}/toggle_typing_status", body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]
    _no_more_events(receiver)


# --- mute ----------------------------------------------------------------------------------------


def test_mute_resolves_and_keeps_incoming_messages_from_reopening(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])

    r = account.post(f"/conversations/{conversation['id']}/mute")
    assert r.status_code == 200 and r.json() == {}
    shown = _show(account, conversation["id"])
    assert shown["muted"] is True and shown["status"] == "resolved"

    account.create_message(conversation["id"], "hello?", message_type="incoming")
    assert _show(account, conversation["id"])["status"] == "resolved"

    assert account.post(f"/conversations/{conversation['id']}/unmute").status_code == 200
    assert _show(account, conversation["id"])["muted"] is False
    assert _activities(account, conversation["id"]) == [
        "Conversation was marked resolved by Ada Admin",
        "Ada Admin has muted the conversation",
        "Ada Admin has unmuted the conversation",
    ]


# --- read state ----------------------------------------------------------------------------------


def test_update_last_seen_clears_unread_and_unread_brings_it_back(account, make_agent):
    inbox = account.create_api_inbox()
    agent = make_agent(account, [inbox["id"]])
    conversation = account.create_conversation(inbox["id"], assignee_id=agent.user_id)
    account.create_message(conversation["id"], "one", message_type="incoming")
    account.create_message(conversation["id"], "two", message_type="incoming")
    assert _show(account, conversation["id"])["unread_count"] == 2

    r = account.post(f"/conversations/{conversation['id']}/update_last_seen")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["id"] == conversation["id"] and body["unread_count"] == 0
    assert body["agent_last_seen_at"] > 0 and body["assignee_last_seen_at"] == 0  # the caller is not the assignee

    r = agent.post(f"/conversations/{conversation['id']}/update_last_seen")
    assert r.json()["assignee_last_seen_at"] > 0 and r.json()["unread_count"] == 0

    r = account.post(f"/conversations/{conversation['id']}/unread")
    assert r.status_code == 200, r.text
    assert r.json()["unread_count"] >= 1
    assert _show(account, conversation["id"])["unread_count"] >= 1


def test_unread_without_incoming_messages_marks_everything_unseen(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    account.post(f"/conversations/{conversation['id']}/update_last_seen")
    r = account.post(f"/conversations/{conversation['id']}/unread")
    assert r.status_code == 200 and r.json()["agent_last_seen_at"] == 0


# --- tenancy -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("POST", "/toggle_status", {"status": "resolved"}),
        ("POST", "/toggle_priority", {"priority": "high"}),
        ("PATCH", "", {"priority": "high"}),
        ("PUT", "", {"priority": "high"}),
        ("POST", "/assignments", {"assignee_id": None}),
        ("POST", "/custom_attributes", {"custom_attributes": {"a": 1}}),
        ("GET", "/labels", None),
        ("POST", "/labels", {"labels": ["x"]}),
        ("POST", "/toggle_typing_status", {"typing_status": "on"}),
        ("POST", "/mute", None),
        ("POST", "/unmute", None),
        ("POST", "/update_last_seen", None),
        ("POST", "/unread", None),
    ],
)
def test_another_accounts_conversation_is_not_found(account, other_account, method, suffix, body):
    inbox = other_account.create_api_inbox()
    other_account.create_conversation(inbox["id"])
    theirs = other_account.create_conversation(inbox["id"], assignee_id=other_account.user_id)
    account.create_conversation(account.create_api_inbox()["id"])  # we have #1 only; #2 is theirs alone
    assert theirs["id"] == 2

    r = account.client.request(method, account.path(f"/conversations/{theirs['id']}{suffix}"), json=body)
    assert r.status_code == 404, r.text
    assert r.json() == {"error": "Resource could not be found"}
    shown = _show(other_account, theirs["id"])
    assert shown["status"] == "open" and shown["priority"] is None and shown["labels"] == []
    assert shown["muted"] is False and shown["custom_attributes"] == {}
    assert shown["meta"]["assignee"]["id"] == other_account.user_id

"""Macros: Chatwoot's /macros routes and payloads, visibility rules, and execution on many conversations."""

from __future__ import annotations

import pytest

from tests.inbox_ops.support import Members, add_to_inbox, assignee_id, call, contents, show


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


ACTIONS = [
    {"action_name": "add_label", "action_params": ["billing", "VIP"]},
    {"action_name": "assign_agent", "action_params": ["self"]},
    {"action_name": "change_priority", "action_params": ["high"]},
    {"action_name": "send_message", "action_params": ["We are on it"]},
    {"action_name": "add_private_note", "action_params": ["Checked the invoice"]},
    {"action_name": "resolve_conversation", "action_params": []},
]


def test_a_macro_is_created_listed_changed_and_deleted(account):
    r = account.post("/macros", {"name": "Billing", "visibility": "global", "actions": ACTIONS})
    assert r.status_code == 200, r.text
    macro = r.json()["payload"]
    assert macro["name"] == "Billing" and macro["visibility"] == "global"
    assert macro["account_id"] == account.account_id
    assert macro["actions"][0] == {"action_name": "add_label", "action_params": ["billing", "vip"]}
    assert macro["created_by"]["id"] == account.user_id and macro["updated_by"]["id"] == account.user_id
    assert account.get(f"/macros/{macro['id']}").json() == {"payload": macro}
    assert account.get("/macros").json() == {"payload": [macro]}

    # Rails wraps a flat body under "macro": both shapes are accepted.
    r = call(account, "PATCH", f"/macros/{macro['id']}", {"macro": {"name": "Billing v2"}})
    assert r.status_code == 200 and r.json()["payload"]["name"] == "Billing v2"
    assert r.json()["payload"]["actions"] == macro["actions"]
    assert call(account, "DELETE", f"/macros/{macro['id']}").status_code == 200
    assert account.get(f"/macros/{macro['id']}").status_code == 404
    assert account.get("/macros").json() == {"payload": []}


@pytest.mark.parametrize(
    "body",
    [
        {"name": "", "actions": ACTIONS},
        {"name": "x", "actions": []},
        {"name": "x", "actions": "resolve_conversation"},
        {"name": "x", "actions": [{"action_name": "delete_everything"}]},
        {"name": "x", "actions": [{"action_name": "send_message", "action_params": []}]},
        {"name": "x", "actions": [{"action_name": "add_label", "action_params": ["no spaces"]}]},
        {"name": "x", "actions": [{"action_name": "change_status", "action_params": ["closed"]}]},
        {"name": "x", "actions": [{"action_name": "change_priority", "action_params": ["extreme"]}]},
        {"name": "x", "visibility": "everyone", "actions": ACTIONS},
    ],
)
def test_bad_macros_are_422_and_store_nothing(account, body):
    r = account.post("/macros", body)
    assert r.status_code == 422, r.text
    assert account.get("/macros").json() == {"payload": []}


def test_ids_in_actions_are_resolved_inside_the_account(account, other_account):
    team = other_account.post("/teams", {"name": "Theirs"}).json()
    for action in (
        {"action_name": "assign_agent", "action_params": [other_account.user_id]},
        {"action_name": "assign_team", "action_params": [team["id"]]},
    ):
        assert account.post("/macros", {"name": "x", "actions": [action]}).status_code == 404
    assert account.get("/macros").json() == {"payload": []}


def test_personal_macros_belong_to_their_author(account, other_account, members):
    ann, bob = members.add(name="Ann"), members.add(name="Bob")
    # An agent's macro is personal even when they ask for a global one.
    mine = ann.post("/macros", {"name": "Mine", "visibility": "global", "actions": ACTIONS}).json()["payload"]
    assert mine["visibility"] == "personal"
    shared = account.post("/macros", {"name": "Shared", "visibility": "global", "actions": ACTIONS}).json()["payload"]
    admins = account.post("/macros", {"name": "Admin's own", "actions": ACTIONS}).json()["payload"]
    assert admins["visibility"] == "personal"

    assert [m["name"] for m in ann.get("/macros").json()["payload"]] == ["Mine", "Shared"]
    assert [m["name"] for m in bob.get("/macros").json()["payload"]] == ["Shared"]
    assert [m["name"] for m in account.get("/macros").json()["payload"]] == ["Shared", "Admin's own"]
    assert bob.get(f"/macros/{mine['id']}").status_code == 404
    assert call(bob, "DELETE", f"/macros/{mine['id']}").status_code == 404
    assert bob.post(f"/macros/{mine['id']}/execute", {"conversation_ids": [1]}).status_code == 404
    # A global macro is run by everyone but changed only by an administrator or its author.
    assert call(bob, "PATCH", f"/macros/{shared['id']}", {"name": "Hijacked"}).status_code == 401
    assert call(bob, "DELETE", f"/macros/{shared['id']}").status_code == 401
    assert account.get(f"/macros/{shared['id']}").json()["payload"]["name"] == "Shared"
    # Another account sees none of them.
    assert other_account.get("/macros").json() == {"payload": []}
    assert other_account.get(f"/macros/{shared['id']}").status_code == 404


def test_executing_a_macro_acts_on_every_conversation_through_the_ordinary_actions(account, members, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)["id"]
    ann = members.add(name="Ann")
    add_to_inbox(account, inbox, ann.user_id)
    macro = ann.post("/macros", {"name": "Billing", "actions": ACTIONS}).json()["payload"]
    numbers = [account.create_conversation(inbox)["id"] for _ in range(12)]

    r = ann.post(f"/macros/{macro['id']}/execute", {"conversation_ids": numbers})
    assert r.status_code == 200, r.text
    for number in numbers:
        conversation = show(account, number)
        assert conversation["labels"] == ["billing", "vip"]
        assert assignee_id(conversation) == ann.user_id
        assert conversation["priority"] == "high"
        assert conversation["status"] == "resolved"
        assert contents(account, number, private=False, message_type=1) == ["We are on it"]
        assert contents(account, number, private=True) == ["Checked the invoice"]
    # The API inbox hears of it as of any reply.
    assert receiver.next_event("message_created").json["content"] == "We are on it"


def test_executing_on_a_conversation_the_member_cannot_see_changes_nothing(account, members):
    seen, unseen = account.create_api_inbox()["id"], account.create_api_inbox(name="Other")["id"]
    ann = members.add(name="Ann")
    add_to_inbox(account, seen, ann.user_id)
    macro = ann.post("/macros", {"name": "Resolve", "actions": [{"action_name": "resolve_conversation"}]})
    macro_id = macro.json()["payload"]["id"]
    mine, hidden = account.create_conversation(seen)["id"], account.create_conversation(unseen)["id"]
    r = ann.post(f"/macros/{macro_id}/execute", {"conversation_ids": [mine, hidden]})
    assert r.status_code == 404
    assert show(account, mine)["status"] == "open"
    for body in ({}, {"conversation_ids": []}, {"conversation_ids": ["one"]}):
        assert ann.post(f"/macros/{macro_id}/execute", body).status_code == 422, body
    assert show(account, mine)["status"] == "open"

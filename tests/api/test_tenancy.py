"""Account B's token reaches nothing of account A, through any endpoint."""

from __future__ import annotations

import pytest


@pytest.fixture
def a_world(account):
    inbox = account.create_api_inbox()
    contact = account.create_contact(inbox["id"], name="Alice of A", email="alice@a.example")
    conversation = account.post(
        "/conversations", {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]}
    ).json()
    message = account.create_message(conversation["id"], "secret of A")
    return {
        "inbox": inbox,
        "contact": contact["contact"],
        "source_id": contact["contact_inbox"]["source_id"],
        "conversation": conversation,
        "message": message,
    }


def test_another_accounts_path_is_refused_with_401(account, other_account, a_world):
    a_path = f"/api/v1/accounts/{account.account_id}"
    c = a_world["conversation"]["id"]
    for method, suffix, body in [
        ("GET", "/inboxes", None),
        ("GET", f"/inboxes/{a_world['inbox']['id']}", None),
        ("POST", "/inboxes", {"name": "x", "channel": {"type": "api"}}),
        ("GET", "/contacts", None),
        ("GET", f"/contacts/{a_world['contact']['id']}", None),
        ("POST", "/contacts", {"name": "intruder"}),
        ("GET", "/conversations", None),
        ("GET", "/conversations/meta", None),
        ("GET", f"/conversations/{c}", None),
        ("POST", "/conversations", {"source_id": a_world["source_id"], "inbox_id": a_world["inbox"]["id"]}),
        ("GET", f"/conversations/{c}/messages", None),
        ("POST", f"/conversations/{c}/messages", {"content": "hi"}),
    ]:
        r = other_account.client.request(method, a_path + suffix, json=body)
        assert r.status_code == 401, (method, suffix, r.text)
        assert r.json() == {"error": "You are not authorized to access this account"}
    # Nothing was written to A.
    assert account.get("/contacts").json()["meta"]["count"] == 1
    assert [m["content"] for m in account.get(f"/conversations/{c}/messages").json()["payload"]] == ["secret of A"]


def test_another_accounts_ids_in_own_paths_and_bodies_are_404(account, other_account, a_world):
    b_inbox = other_account.create_api_inbox()
    b_contact = other_account.create_contact(b_inbox["id"])
    c = a_world["conversation"]["id"] + 1000  # B has no such conversation number
    for method, suffix, body in [
        ("GET", f"/inboxes/{a_world['inbox']['id']}", None),
        ("GET", f"/contacts/{a_world['contact']['id']}", None),
        ("GET", f"/conversations/{c}", None),
        ("GET", f"/conversations/{c}/messages", None),
        ("POST", f"/conversations/{c}/messages", {"content": "hi"}),
        ("POST", "/contacts", {"name": "x", "inbox_id": a_world["inbox"]["id"]}),
        ("POST", "/conversations", {"source_id": a_world["source_id"], "inbox_id": a_world["inbox"]["id"]}),
        ("POST", "/conversations", {"inbox_id": b_inbox["id"], "contact_id": a_world["contact"]["id"]}),
        ("POST", "/conversations", {"inbox_id": a_world["inbox"]["id"], "contact_id": b_contact["contact"]["id"]}),
        ("POST", "/conversations", {"source_id": a_world["source_id"], "inbox_id": b_inbox["id"]}),
        (
            "POST",
            "/conversations",
            {
                "source_id": b_contact["contact_inbox"]["source_id"],
                "inbox_id": b_inbox["id"],
                "assignee_id": account.user_id,
            },
        ),
        (
            "POST",
            "/conversations",
            {"source_id": b_contact["contact_inbox"]["source_id"], "inbox_id": b_inbox["id"], "team_id": 1},
        ),
    ]:
        r = other_account.client.request(method, other_account.path(suffix), json=body)
        assert r.status_code == 404, (method, suffix, body, r.text)
        assert r.json() == {"error": "Resource could not be found"}
    # B's lists show only B's own objects, and nothing was created by the refused calls.
    assert other_account.get("/contacts").json()["meta"]["count"] == 1
    assert other_account.get("/conversations").json()["data"]["meta"]["all_count"] == 0
    assert [i["id"] for i in other_account.get("/inboxes").json()["payload"]] == [b_inbox["id"]]


def test_conversation_numbers_are_per_account(account, other_account):
    a_inbox, b_inbox = account.create_api_inbox(), other_account.create_api_inbox()
    assert account.create_conversation(a_inbox["id"])["id"] == 1
    assert account.create_conversation(a_inbox["id"])["id"] == 2
    b_first = other_account.create_conversation(b_inbox["id"])
    assert b_first["id"] == 1
    assert other_account.get("/conversations/1").json()["uuid"] == b_first["uuid"]
    assert account.get("/conversations/1").json()["uuid"] != b_first["uuid"]

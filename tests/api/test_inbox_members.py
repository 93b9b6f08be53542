"""Inbox members: who works in an inbox, and so which inboxes an agent sees."""

from __future__ import annotations

import pytest

from tests.api.members import NOT_AUTHORIZED, NOT_FOUND, Members, call


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def _member_ids(account, inbox_id) -> list[int]:
    r = account.get(f"/inbox_members/{inbox_id}")
    assert r.status_code == 200, r.text
    return [a["id"] for a in r.json()["payload"]]


def test_add_replace_and_remove_members(account, members):
    inbox = account.create_api_inbox()
    a, b, c = members.add(name="A"), members.add(name="B"), members.add(name="C")
    assert account.get(f"/inbox_members/{inbox['id']}").json() == {"payload": []}

    r = account.post("/inbox_members", {"inbox_id": inbox["id"], "user_ids": [b.user_id, a.user_id]})
    assert r.status_code == 200, r.text
    # The response lists every member after the change, as agent objects.
    assert [m["id"] for m in r.json()["payload"]] == [a.user_id, b.user_id]
    assert r.json()["payload"][0]["role"] == "agent"
    assert r.json()["payload"][0]["custom_role_id"] is None
    r = account.post("/inbox_members", {"inbox_id": str(inbox["id"]), "user_ids": [c.user_id, a.user_id]})
    assert [m["id"] for m in r.json()["payload"]] == [a.user_id, b.user_id, c.user_id]

    r = call(account, "PATCH", "/inbox_members", {"inbox_id": inbox["id"], "user_ids": [c.user_id, account.user_id]})
    assert r.status_code == 200
    assert [m["id"] for m in r.json()["payload"]] == [account.user_id, c.user_id]

    r = call(account, "DELETE", "/inbox_members", {"inbox_id": inbox["id"], "user_ids": [c.user_id]})
    assert (r.status_code, r.content) == (200, b"")
    assert _member_ids(account, inbox["id"]) == [account.user_id]


def test_membership_decides_which_inboxes_an_agent_sees(account, members):
    seen, unseen = account.create_api_inbox(name="Seen"), account.create_api_inbox(name="Unseen")
    agent = members.add()
    assert agent.get("/inboxes").json()["payload"] == []
    account.post("/inbox_members", {"inbox_id": seen["id"], "user_ids": [agent.user_id]})
    assert [i["id"] for i in agent.get("/inboxes").json()["payload"]] == [seen["id"]]
    # An agent reads the members of an inbox they work in; another inbox is hidden from them.
    assert _member_ids(agent, seen["id"]) == [agent.user_id]
    r = agent.get(f"/inbox_members/{unseen['id']}")
    assert (r.status_code, r.json()) == (404, NOT_FOUND)
    call(account, "PATCH", "/inbox_members", {"inbox_id": seen["id"], "user_ids": []})
    assert agent.get("/inboxes").json()["payload"] == []


def test_other_accounts_inboxes_and_users_are_404_and_change_nothing(account, other_account, members):
    mine = account.create_api_inbox()
    theirs = other_account.create_api_inbox()
    agent = members.add()
    for method, suffix, body in [
        ("GET", f"/inbox_members/{theirs['id']}", None),
        ("POST", "/inbox_members", {"inbox_id": theirs["id"], "user_ids": [account.user_id]}),
        ("PATCH", "/inbox_members", {"inbox_id": theirs["id"], "user_ids": []}),
        ("DELETE", "/inbox_members", {"inbox_id": theirs["id"], "user_ids": [other_account.user_id]}),
        ("POST", "/inbox_members", {"inbox_id": mine["id"], "user_ids": [agent.user_id, other_account.user_id]}),
        ("PATCH", "/inbox_members", {"inbox_id": mine["id"], "user_ids": [other_account.user_id]}),
        ("POST", "/inbox_members", {"inbox_id": mine["id"], "user_ids": [10**9]}),
    ]:
        r = call(account, method, suffix, body)
        assert r.status_code == 404, (method, suffix, r.text)
        assert r.json() == NOT_FOUND
    assert _member_ids(account, mine["id"]) == []


@pytest.mark.parametrize(
    "body, field",
    [({"user_ids": [1]}, "inbox_id"), ({"inbox_id": "x", "user_ids": [1]}, "inbox_id"), ({"inbox_id": 1}, "user_ids")],
)
def test_invalid_bodies_are_422(account, body, field):
    r = account.post("/inbox_members", body)
    assert r.status_code == 422, r.text
    assert field in r.json()["attributes"]


def test_agents_cannot_change_inbox_members(account, members):
    inbox = account.create_api_inbox()
    agent = members.add()
    account.post("/inbox_members", {"inbox_id": inbox["id"], "user_ids": [agent.user_id]})
    for method in ("POST", "PATCH", "DELETE"):
        r = call(agent, method, "/inbox_members", {"inbox_id": inbox["id"], "user_ids": [account.user_id]})
        assert r.status_code == 401, (method, r.text)
        assert r.json() == NOT_AUTHORIZED
    assert _member_ids(account, inbox["id"]) == [agent.user_id]

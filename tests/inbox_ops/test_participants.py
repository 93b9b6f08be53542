"""Conversation participants: /conversations/{id}/participants with Chatwoot's routes and agent payloads."""

from __future__ import annotations

import pytest

from tests.inbox_ops.support import Members, add_to_inbox, call


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def ids(response) -> list[int]:
    assert response.status_code == 200, response.text
    return [agent["id"] for agent in response.json()]


def test_participants_are_added_replaced_and_removed(account, members):
    inbox = account.create_api_inbox()["id"]
    ann, bob = members.add(name="Ann"), members.add(name="Bob")
    add_to_inbox(account, inbox, ann.user_id, bob.user_id)
    number = account.create_conversation(inbox)["id"]
    path = f"/conversations/{number}/participants"

    assert ids(account.get(path)) == []
    added = account.post(path, {"user_ids": [ann.user_id]})
    assert ids(added) == [ann.user_id]
    agent = added.json()[0]
    assert agent["name"] == "Ann" and agent["role"] == "agent" and agent["account_id"] == account.account_id
    # Adding again adds nothing (and answers with what this request added: nobody).
    assert ids(account.post(path, {"user_ids": [ann.user_id, bob.user_id]})) == [bob.user_id]
    assert ids(account.get(path)) == [ann.user_id, bob.user_id]
    # PATCH makes the list exactly what is sent; an administrator may always participate.
    assert ids(call(account, "PATCH", path, {"user_ids": [bob.user_id, account.user_id]})) == [
        bob.user_id,
        account.user_id,
    ]
    r = call(account, "DELETE", path, {"user_ids": [bob.user_id]})
    assert r.status_code == 200
    assert ids(account.get(path)) == [account.user_id]
    # An agent of the inbox sees them too.
    assert ids(ann.get(path)) == [account.user_id]


def test_bad_participants_are_refused_and_change_nothing(account, other_account, members):
    inbox = account.create_api_inbox()["id"]
    ann, outsider = members.add(name="Ann"), members.add(name="Not in the inbox")
    add_to_inbox(account, inbox, ann.user_id)
    number = account.create_conversation(inbox)["id"]
    path = f"/conversations/{number}/participants"
    account.post(path, {"user_ids": [ann.user_id]})

    r = account.post(path, {"user_ids": [outsider.user_id]})
    assert r.status_code == 422 and r.json()["attributes"] == ["user_ids"]
    # Another account's user is unknown here: 404, and the valid id beside it is not added either.
    r = call(account, "PATCH", path, {"user_ids": [account.user_id, other_account.user_id]})
    assert r.status_code == 404
    for body in ({}, {"user_ids": "1"}, {"user_ids": ["x"]}, {"user_ids": [True]}):
        assert account.post(path, body).status_code == 422, body
    assert ids(account.get(path)) == [ann.user_id]
    # Another account cannot read or change them; an agent outside the inbox neither.
    assert other_account.get(f"/conversations/{number}/participants").status_code == 404
    assert outsider.get(path).status_code == 404
    assert call(outsider, "DELETE", path, {"user_ids": [ann.user_id]}).status_code == 404
    assert ids(account.get(path)) == [ann.user_id]

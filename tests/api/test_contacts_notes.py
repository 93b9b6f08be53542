"""Contact notes: every member keeps them; a note lives inside its contact and account."""

from __future__ import annotations

import pytest

from tests.api.contacts_support import agent_in
from tests.api.members import NOT_FOUND, Members, call
from tests.querycount import QueryCounter


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def test_create_list_show_update_and_delete_notes(account, members):
    contact = account.create_contact(name="Jane")["contact"]
    path = f"/contacts/{contact['id']}/notes"
    assert account.get(path).json() == []

    r = account.post(path, {"content": "Prefers email"})
    assert r.status_code == 200, r.text
    first = r.json()
    assert first == {
        "id": first["id"],
        "content": "Prefers email",
        "account_id": account.account_id,
        "contact_id": contact["id"],
        "user": first["user"],
        "created_at": first["created_at"],
        "updated_at": first["updated_at"],
    }
    assert isinstance(first["created_at"], int)
    admin = next(a for a in account.get("/agents").json() if a["id"] == account.user_id)
    assert first["user"] == admin

    agent = agent_in(account, members)
    r = agent.post(path, {"note": {"content": "Called on Monday"}})  # Rails-wrapped body
    assert r.status_code == 200, r.text
    second = r.json()
    assert second["user"]["id"] == agent.user_id
    assert second["user"]["role"] == "agent"

    # Newest first, a bare array.
    assert [n["id"] for n in account.get(path).json()] == [second["id"], first["id"]]
    assert account.get(f"{path}/{first['id']}").json() == first

    for method in ("PATCH", "PUT"):
        r = call(agent, method, f"{path}/{first['id']}", {"content": f"Prefers email ({method})"})
        assert r.status_code == 200, r.text
        # The author stays the one who wrote it.
        assert r.json() == {**first, "content": f"Prefers email ({method})", "updated_at": r.json()["updated_at"]}

    r = call(account, "DELETE", f"{path}/{second['id']}")
    assert (r.status_code, r.content) == (200, b"")
    assert [n["id"] for n in account.get(path).json()] == [first["id"]]
    assert account.get(f"{path}/{second['id']}").status_code == 404


@pytest.mark.parametrize(
    "body", [{}, {"content": ""}, {"content": "   "}, {"content": "x" * 65_536}, {"content": ["a"]}]
)
def test_invalid_notes_are_422_and_write_nothing(account, body):
    contact = account.create_contact()["contact"]
    path = f"/contacts/{contact['id']}/notes"
    note = account.post(path, {"content": "keep"}).json()
    r = account.post(path, body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == ["content"]
    r = call(account, "PATCH", f"{path}/{note['id']}", body)
    assert r.status_code == 422, r.text
    assert account.get(path).json() == [note]


def test_notes_of_another_contact_or_account_are_not_found(account, other_account):
    mine = account.create_contact(name="Mine")["contact"]
    sibling = account.create_contact(name="Sibling")["contact"]
    my_note = account.post(f"/contacts/{mine['id']}/notes", {"content": "mine"}).json()
    theirs = other_account.create_contact(name="Theirs")["contact"]
    their_note = other_account.post(f"/contacts/{theirs['id']}/notes", {"content": "theirs"}).json()
    for method, suffix, body in [
        ("GET", f"/contacts/{theirs['id']}/notes", None),
        ("POST", f"/contacts/{theirs['id']}/notes", {"content": "x"}),
        ("GET", f"/contacts/{theirs['id']}/notes/{their_note['id']}", None),
        ("GET", f"/contacts/{mine['id']}/notes/{their_note['id']}", None),
        ("PATCH", f"/contacts/{mine['id']}/notes/{their_note['id']}", {"content": "x"}),
        ("DELETE", f"/contacts/{mine['id']}/notes/{their_note['id']}", None),
        ("GET", f"/contacts/{sibling['id']}/notes/{my_note['id']}", None),
        ("PUT", f"/contacts/{sibling['id']}/notes/{my_note['id']}", {"content": "x"}),
        ("DELETE", f"/contacts/{sibling['id']}/notes/{my_note['id']}", None),
    ]:
        r = call(account, method, suffix, body)
        assert r.status_code == 404, (method, suffix, r.text)
        assert r.json() == NOT_FOUND
    assert other_account.get(f"/contacts/{theirs['id']}/notes").json() == [their_note]
    assert account.get(f"/contacts/{mine['id']}/notes").json() == [my_note]


def test_the_notes_list_costs_the_same_for_1_or_10_notes(server, account, members):
    counter = QueryCounter(server)
    contact = account.create_contact()["contact"]
    path = f"/contacts/{contact['id']}/notes"
    account.post(path, {"content": "first"})
    with counter.counting():
        assert len(account.get(path).json()) == 1
    one = counter.count
    agent = agent_in(account, members)
    for i in range(9):
        (agent if i % 2 else account).post(path, {"content": f"note {i}"})
    with counter.counting():
        assert len(account.get(path).json()) == 10
    assert counter.count == one, "\n".join(counter.statements)

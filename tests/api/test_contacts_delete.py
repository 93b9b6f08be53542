"""Contact delete: administrators only; the contact's sessions, conversations, messages and notes go too."""

from __future__ import annotations

import pytest

from tests.api.contacts_support import agent_in, events_of
from tests.api.members import NOT_AUTHORIZED, NOT_FOUND, Members, call


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def _conversation_ids(account) -> set[int]:
    r = account.get("/conversations", params={"status": "all"})
    return {c["id"] for c in r.json()["data"]["payload"]}


def test_deleting_a_contact_deletes_its_conversations_messages_sessions_and_notes(server, account):
    inbox = account.create_api_inbox()
    doomed = account.create_contact(inbox["id"], name="Doomed", email="doomed@example.com")
    source_id = doomed["contact_inbox"]["source_id"]
    doomed = doomed["contact"]
    conversation = account.post("/conversations", {"source_id": source_id, "inbox_id": inbox["id"]}).json()
    account.create_message(conversation["id"], "from the customer", message_type="incoming")
    account.post(f"/contacts/{doomed['id']}/notes", {"content": "call back"})
    kept = account.create_conversation(inbox["id"])

    r = call(account, "DELETE", f"/contacts/{doomed['id']}")
    assert (r.status_code, r.content) == (200, b"")

    assert account.get(f"/contacts/{doomed['id']}").status_code == 404
    assert account.get(f"/conversations/{conversation['id']}").status_code == 404
    assert account.get(f"/conversations/{conversation['id']}/messages").status_code == 404
    assert _conversation_ids(account) == {kept["id"]}
    assert account.get("/contacts").json()["meta"]["count"] == 1
    # The session is gone: its source_id opens nothing, and the email is free again.
    r = account.post("/conversations", {"source_id": source_id, "inbox_id": inbox["id"]})
    assert r.status_code == 404
    account.create_contact(inbox["id"], name="New", email="doomed@example.com", source_id=source_id)

    (event,) = events_of(server, account, "contact_deleted")
    assert event["event"] == "contact_deleted"
    assert (event["id"], event["name"], event["email"]) == (doomed["id"], "Doomed", "doomed@example.com")


def test_agents_may_not_delete_contacts(account, members):
    inbox = account.create_api_inbox()
    contact = account.create_contact(inbox["id"])["contact"]
    agent = agent_in(account, members, inbox["id"])
    for contact_id in (contact["id"], contact["id"] + 100_000):
        r = call(agent, "DELETE", f"/contacts/{contact_id}")
        assert r.status_code == 401
        assert r.json() == NOT_AUTHORIZED
    assert account.get(f"/contacts/{contact['id']}").status_code == 200


def test_another_accounts_contact_is_not_found_and_stays(account, other_account):
    inbox = other_account.create_api_inbox()
    theirs = other_account.create_conversation(inbox["id"])
    contact_id = theirs["meta"]["sender"]["id"]
    r = call(account, "DELETE", f"/contacts/{contact_id}")
    assert r.status_code == 404
    assert r.json() == NOT_FOUND
    assert other_account.get(f"/contacts/{contact_id}").status_code == 200
    assert other_account.get(f"/conversations/{theirs['id']}").status_code == 200

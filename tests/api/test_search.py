"""GET …/conversations/search and GET …/search[/conversations|contacts|messages]."""

from __future__ import annotations

import pytest

from tests.api.filters_support import World, add_contacts, build_world
from tests.api.members import Members
from tests.querycount import QueryCounter


@pytest.fixture(scope="module")
def world(server) -> World:
    acct = server.bootstrap("Search")
    made = build_world(acct)
    add_contacts(made)
    yield made
    acct.client.close()


def conversation_search(world: World, q, **params):
    return world.account.client.get(world.account.path("/conversations/search"), params={"q": q, **params})


@pytest.mark.parametrize(
    "q, expected",
    [
        ("INVOICE", {"c1"}),  # an incoming message
        ("solved", {"c2"}),  # an outgoing message
        ("alice", {"c1"}),  # the contact's name
        ("example.org", {"c2"}),  # the contact's email
        ("100%_", {"c3"}),  # LIKE wildcards match themselves
        ("nothing like this", set()),
        ("", {"c1", "c2", "c3"}),
    ],
)
def test_conversation_search_matches_messages_and_contacts(world, q, expected):
    assert world.names(conversation_search(world, q)) == expected


def test_conversation_search_finds_a_number_and_counts(world):
    c3 = world.conversations["c3"]
    assert world.names(conversation_search(world, f"#{c3}")) == {"c3"}
    assert world.names(conversation_search(world, str(c3))) == {"c3"}
    r = conversation_search(world, "example")
    body = r.json()
    assert set(body) == {"meta", "payload"}
    # Status does not narrow a search: c2 is resolved.
    assert body["meta"] == {"mine_count": 1, "unassigned_count": 1, "all_count": 2}
    assert {"id", "meta", "messages", "status"} <= set(body["payload"][0])


def test_conversation_search_refuses_bad_input(world):
    assert conversation_search(world, "a\x00b").status_code == 422
    assert conversation_search(world, "x" * 1001).status_code == 422
    assert conversation_search(world, "a", page=0).status_code == 422
    r = world.account.get("/conversations/search")
    assert r.status_code == 200 and r.json()["meta"]["all_count"] == 3


def test_global_search_shapes(world):
    acct = world.account
    r = acct.client.get(acct.path("/search"), params={"q": "alice"})
    assert r.status_code == 200, r.text
    payload = r.json()["payload"]
    assert set(payload) == {"conversations", "contacts", "messages"}
    (hit,) = payload["conversations"]
    c1 = world.conversations["c1"]
    assert hit["id"] == c1 and hit["account_id"] == acct.account_id and isinstance(hit["created_at"], int)
    assert hit["contact"] == {
        "email": "alice@example.com",
        "id": world.contacts["alice"],
        "name": "Alice Smith",
        "phone_number": None,
        "identifier": None,
        "additional_attributes": {},
        "last_activity_at": hit["contact"]["last_activity_at"],
    }
    assert hit["inbox"] == {"id": world.inbox_a, "channel_id": hit["inbox"]["channel_id"], "name": "Inbox A",
                            "channel_type": "Channel::Api"}  # fmt: skip
    assert hit["agent"] == {
        "id": acct.user_id,
        "available_name": "Ada Admin",
        "email": acct.email,
        "name": "Ada Admin",
        "role": "administrator",
    }
    assert hit["message"]["content"] == "My invoice is wrong" and hit["message"]["conversation_id"] == c1
    assert hit["additional_attributes"]["browser_language"] == "en"
    assert [c["id"] for c in payload["contacts"]] == [world.contacts["alice"]]
    assert payload["messages"] == []


def test_search_sections(world):
    acct = world.account
    r = acct.client.get(acct.path("/search/messages"), params={"q": "invoice"})
    (message,) = r.json()["payload"]["messages"]
    assert message["content"] == "My invoice is wrong"
    assert message["message_type"] == 0 and message["content_type"] == "text"
    assert message["conversation_id"] == world.conversations["c1"]
    assert message["inbox"]["id"] == world.inbox_a
    assert message["sender"]["id"] == world.contacts["alice"] and message["sender"]["type"] == "contact"
    assert set(r.json()) == {"payload"} and set(r.json()["payload"]) == {"messages"}

    r = acct.client.get(acct.path("/search/conversations"), params={"q": "bob"})
    (hit,) = r.json()["payload"]["conversations"]
    assert hit["id"] == world.conversations["c2"]
    assert hit["agent"] == {}  # unassigned: an empty object, as Chatwoot's empty jbuilder block
    assert hit["message"]["content"] == "Thanks, solved"

    r = acct.client.get(acct.path("/search/contacts"), params={"q": "ACME"})
    assert [c["id"] for c in r.json()["payload"]["contacts"]] == [world.contacts["dan"]]
    r = acct.client.get(acct.path("/search/contacts"), params={"q": "+1415"})
    assert [c["id"] for c in r.json()["payload"]["contacts"]] == [world.contacts["dan"]]
    r = acct.client.get(acct.path("/search/contacts"), params={"q": "crm-1"})
    assert [c["id"] for c in r.json()["payload"]["contacts"]] == [world.contacts["dan"]]
    # The conversation number as text.
    r = acct.client.get(acct.path("/search/conversations"), params={"q": str(world.conversations["c3"])})
    assert world.conversations["c3"] in [c["id"] for c in r.json()["payload"]["conversations"]]
    for path in ("/search", "/search/conversations", "/search/contacts", "/search/messages"):
        assert acct.client.get(acct.path(path), params={"q": "\x00"}).status_code == 422


def test_agents_search_only_their_inboxes(world):
    members = Members(world.account)
    try:
        agent = members.add("agent")
        r = agent.client.get(agent.path("/search"), params={"q": "a"})
        payload = r.json()["payload"]
        assert payload["conversations"] == [] and payload["messages"] == []
        # Contacts are account-wide.
        assert payload["contacts"]
        r = agent.client.get(agent.path("/conversations/search"), params={"q": "invoice"})
        assert r.json() == {"meta": {"mine_count": 0, "unassigned_count": 0, "all_count": 0}, "payload": []}
    finally:
        members.close()


def test_search_pages_by_15_at_a_fixed_cost(server, account):
    counter = QueryCounter(server)
    inbox = account.create_api_inbox()
    for i in range(2):
        c = account.create_conversation(inbox["id"], assignee_id=account.user_id if i else None)
        account.create_message(c["id"], f"needle {i}", message_type="incoming" if i else "outgoing")
    with counter.counting():
        r = account.client.get(account.path("/search"), params={"q": "e"})
    assert len(r.json()["payload"]["messages"]) == 2
    few = counter.count
    for i in range(16):
        c = account.create_conversation(inbox["id"], assignee_id=account.user_id if i % 2 else None)
        account.create_message(c["id"], f"needle {i}", message_type="incoming" if i % 2 else "outgoing")
    with counter.counting():
        r = account.client.get(account.path("/search"), params={"q": "e"})
    payload = r.json()["payload"]
    assert len(payload["messages"]) == 15 and len(payload["conversations"]) == 15 and len(payload["contacts"]) == 15
    assert counter.count == few, "\n".join(counter.statements)
    r = account.client.get(account.path("/search/messages"), params={"q": "needle", "page": 2})
    assert len(r.json()["payload"]["messages"]) == 3

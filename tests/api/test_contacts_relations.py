"""A contact's conversations, sessions (contact_inboxes), contactable inboxes and labels."""

from __future__ import annotations

import uuid

import pytest

from tests.api.contacts_support import agent_in, events_of
from tests.api.members import NOT_FOUND, Members, call
from tests.querycount import QueryCounter


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def _contact_with_conversations(account, inbox_id: int, count: int) -> tuple[dict, list[dict]]:
    created = account.create_contact(inbox_id, name="Talker")
    source_id = created["contact_inbox"]["source_id"]
    conversations = []
    for _ in range(count):
        r = account.post("/conversations", {"source_id": source_id, "inbox_id": inbox_id})
        assert r.status_code == 200, r.text
        conversations.append(r.json())
    return created["contact"], conversations


# --- conversations -------------------------------------------------------------------------------


def test_a_contacts_conversations_newest_first_in_the_conversation_shape(account):
    inbox = account.create_api_inbox()
    contact, conversations = _contact_with_conversations(account, inbox["id"], 2)
    account.create_message(conversations[0]["id"], "hello", message_type="incoming")
    account.create_conversation(inbox["id"])  # someone else's
    r = account.get(f"/contacts/{contact['id']}/conversations")
    assert r.status_code == 200, r.text
    expected = [account.get(f"/conversations/{c['id']}").json() for c in reversed(conversations)]
    assert r.json() == {"payload": expected}
    assert expected[1]["messages"][0]["content"] == "hello"


def test_agents_see_only_conversations_of_their_inboxes(account, members):
    mine, theirs = account.create_api_inbox(name="Mine"), account.create_api_inbox(name="Theirs")
    contact, in_mine = _contact_with_conversations(account, mine["id"], 1)
    source = account.post(f"/contacts/{contact['id']}/contact_inboxes", {"inbox_id": theirs["id"]}).json()
    r = account.post("/conversations", {"source_id": source["source_id"], "inbox_id": theirs["id"]})
    assert r.status_code == 200, r.text
    agent = agent_in(account, members, mine["id"])
    assert [c["id"] for c in agent.get(f"/contacts/{contact['id']}/conversations").json()["payload"]] == [
        in_mine[0]["id"]
    ]
    assert len(account.get(f"/contacts/{contact['id']}/conversations").json()["payload"]) == 2


def test_the_conversations_cost_the_same_for_1_or_5_rows(server, account):
    counter = QueryCounter(server)
    inbox = account.create_api_inbox()
    contact, conversations = _contact_with_conversations(account, inbox["id"], 1)
    account.create_message(conversations[0]["id"], "a", message_type="incoming")
    with counter.counting():
        assert len(account.get(f"/contacts/{contact['id']}/conversations").json()["payload"]) == 1
    one_row = counter.count
    source_id = account.get(f"/contacts/{contact['id']}").json()["payload"]["contact_inboxes"][0]["source_id"]
    for i in range(4):
        c = account.post("/conversations", {"source_id": source_id, "inbox_id": inbox["id"]}).json()
        account.create_message(c["id"], f"m{i}", message_type="incoming")
    with counter.counting():
        assert len(account.get(f"/contacts/{contact['id']}/conversations").json()["payload"]) == 5
    assert counter.count == one_row, "\n".join(counter.statements)


# --- contact_inboxes and contactable_inboxes ---------------------------------------------------


def test_creating_a_session_for_a_contact(account):
    first, second = account.create_api_inbox(name="First"), account.create_api_inbox(name="Second")
    contact = account.create_contact(first["id"])["contact"]
    r = account.post(f"/contacts/{contact['id']}/contact_inboxes", {"inbox_id": str(second["id"]), "source_id": "s-1"})
    assert r.status_code == 200, r.text
    created = r.json()
    assert created["source_id"] == "s-1"
    assert created["inbox"]["id"] == second["id"]
    assert created["inbox"]["name"] == "Second"
    # Without source_id, a fresh uuid.
    r = account.post(f"/contacts/{contact['id']}/contact_inboxes", {"inbox_id": second["id"]})
    assert r.status_code == 200, r.text
    uuid.UUID(r.json()["source_id"])
    sessions = account.get(f"/contacts/{contact['id']}").json()["payload"]["contact_inboxes"]
    assert [s["source_id"] for s in sessions][1:] == ["s-1", r.json()["source_id"]]
    # The session opens conversations of that contact.
    r = account.post("/conversations", {"source_id": "s-1", "inbox_id": second["id"]})
    assert r.json()["meta"]["sender"]["id"] == contact["id"]


@pytest.mark.parametrize(
    "body, status, field",
    [({}, 422, "inbox_id"), ({"inbox_id": "x"}, 422, "inbox_id"), ({"inbox_id": 0}, 404, None)],
)
def test_bad_session_requests_write_nothing(account, body, status, field):
    contact = account.create_contact()["contact"]
    r = account.post(f"/contacts/{contact['id']}/contact_inboxes", body)
    assert r.status_code == status, r.text
    if field:
        assert r.json()["attributes"] == [field]
    assert account.get(f"/contacts/{contact['id']}").json()["payload"]["contact_inboxes"] == []


def test_a_taken_source_id_is_422(account):
    inbox = account.create_api_inbox()
    account.create_contact(inbox["id"], source_id="taken")
    contact = account.create_contact()["contact"]
    r = account.post(f"/contacts/{contact['id']}/contact_inboxes", {"inbox_id": inbox["id"], "source_id": "taken"})
    assert r.status_code == 422
    assert r.json() == {"message": "Source has already been taken", "attributes": ["source_id"]}


def test_contactable_inboxes_offer_each_visible_api_inbox_with_a_source_id(account, members):
    used, fresh, hidden = (account.create_api_inbox(name=n) for n in ("Used", "Fresh", "Hidden"))
    contact = account.create_contact(used["id"], source_id="existing")["contact"]
    r = account.get(f"/contacts/{contact['id']}/contactable_inboxes")
    assert r.status_code == 200, r.text
    payload = r.json()["payload"]
    assert [(p["inbox"]["id"], p["inbox"]["name"]) for p in payload] == [
        (used["id"], "Used"),
        (fresh["id"], "Fresh"),
        (hidden["id"], "Hidden"),
    ]
    # The session the contact has in an inbox is reused (as Chatwoot); elsewhere a new uuid is proposed.
    assert payload[0]["source_id"] == "existing"
    uuid.UUID(payload[1]["source_id"])
    assert payload[1]["inbox"]["channel_type"] == "Channel::Api"
    assert "hmac_token" not in payload[1]["inbox"]
    # An agent is offered only the inboxes they work in.
    agent = agent_in(account, members, used["id"], fresh["id"])
    payload = agent.get(f"/contacts/{contact['id']}/contactable_inboxes").json()["payload"]
    assert [p["inbox"]["id"] for p in payload] == [used["id"], fresh["id"]]


# --- labels --------------------------------------------------------------------------------------


def test_labels_replace_the_set(server, account):
    contact = account.create_contact()["contact"]
    assert account.get(f"/contacts/{contact['id']}/labels").json() == {"payload": []}
    r = account.post(f"/contacts/{contact['id']}/labels", {"labels": ["VIP", "billing-2", "vip", "Ünïcode_ok"]})
    assert r.status_code == 200, r.text
    assert r.json() == {"payload": ["vip", "billing-2", "ünïcode_ok"]}
    assert account.get(f"/contacts/{contact['id']}/labels").json() == {"payload": ["vip", "billing-2", "ünïcode_ok"]}
    r = account.post(f"/contacts/{contact['id']}/labels", {"labels": ["lead"]})
    assert r.json() == {"payload": ["lead"]}
    r = account.post(f"/contacts/{contact['id']}/labels", {"labels": ["lead"]})  # unchanged: no event
    r = account.post(f"/contacts/{contact['id']}/labels", {"labels": []})
    assert r.json() == {"payload": []}
    events = events_of(server, account, "contact_updated")
    assert [e["changed_attributes"] for e in events] == [
        [{"label_list": {"previous_value": [], "current_value": ["vip", "billing-2", "ünïcode_ok"]}}],
        [{"label_list": {"previous_value": ["vip", "billing-2", "ünïcode_ok"], "current_value": ["lead"]}}],
        [{"label_list": {"previous_value": ["lead"], "current_value": []}}],
    ]


@pytest.mark.parametrize(
    "body", [{}, {"labels": "two words"}, {"labels": ["ok", "a.b"]}, {"labels": [{"x": 1}]}, {"labels": ["%"]}]
)
def test_invalid_labels_are_422_and_change_nothing(account, body):
    contact = account.create_contact()["contact"]
    account.post(f"/contacts/{contact['id']}/labels", {"labels": ["keep"]})
    r = account.post(f"/contacts/{contact['id']}/labels", body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == ["labels"]
    assert account.get(f"/contacts/{contact['id']}/labels").json() == {"payload": ["keep"]}


def test_agents_may_label_contacts(account, members):
    contact = account.create_contact()["contact"]
    agent = agent_in(account, members)
    assert agent.post(f"/contacts/{contact['id']}/labels", {"labels": ["by-agent"]}).json() == {"payload": ["by-agent"]}


# --- other accounts ------------------------------------------------------------------------------


def test_another_accounts_contact_or_inbox_is_not_found(account, other_account):
    their_inbox = other_account.create_api_inbox()
    theirs = other_account.create_contact(their_inbox["id"])["contact"]
    other_account.post(f"/contacts/{theirs['id']}/labels", {"labels": ["theirs"]})
    mine = account.create_contact()["contact"]
    for method, suffix, body in [
        ("GET", f"/contacts/{theirs['id']}/conversations", None),
        ("GET", f"/contacts/{theirs['id']}/contactable_inboxes", None),
        ("POST", f"/contacts/{theirs['id']}/contact_inboxes", {"inbox_id": their_inbox["id"]}),
        ("POST", f"/contacts/{mine['id']}/contact_inboxes", {"inbox_id": their_inbox["id"]}),
        ("GET", f"/contacts/{theirs['id']}/labels", None),
        ("POST", f"/contacts/{theirs['id']}/labels", {"labels": ["mine"]}),
    ]:
        r = call(account, method, suffix, body)
        assert r.status_code == 404, (method, suffix, r.text)
        assert r.json() == NOT_FOUND
    assert other_account.get(f"/contacts/{theirs['id']}/labels").json() == {"payload": ["theirs"]}
    assert len(other_account.get(f"/contacts/{theirs['id']}").json()["payload"]["contact_inboxes"]) == 1
    assert account.get(f"/contacts/{mine['id']}").json()["payload"]["contact_inboxes"] == []

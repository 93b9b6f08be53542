"""Merging contacts: the base keeps both contacts' sessions, conversations, messages, notes and labels."""

from __future__ import annotations

import pytest

from tests.api.contacts_support import agent_in, events_of
from tests.api.members import NOT_FOUND, Members


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def _merge(account, base_id, mergee_id):
    return account.post("/actions/contact_merge", {"base_contact_id": base_id, "mergee_contact_id": mergee_id})


def test_merge_moves_everything_to_the_base_and_deletes_the_mergee(server, account):
    inbox = account.create_api_inbox()
    base = account.create_contact(
        inbox["id"],
        name="Base",
        email="base@example.com",
        additional_attributes={"city": "Lisbon", "social": {"twitter": "@base", "github": ""}},
        custom_attributes={"plan": "pro", "note": ""},
    )
    mergee = account.create_contact(
        inbox["id"],
        name="Mergee",
        email="mergee@example.com",
        phone_number="+14155550123",
        identifier="crm-7",
        additional_attributes={"city": "Porto", "company": "Acme", "social": {"twitter": "@m", "github": "mgh"}},
        custom_attributes={"plan": "free", "seats": 5, "note": "from mergee"},
    )
    base_id, mergee_id = base["contact"]["id"], mergee["contact"]["id"]
    base_conversation = account.post(
        "/conversations", {"source_id": base["contact_inbox"]["source_id"], "inbox_id": inbox["id"]}
    ).json()
    mergee_conversation = account.post(
        "/conversations", {"source_id": mergee["contact_inbox"]["source_id"], "inbox_id": inbox["id"]}
    ).json()
    account.create_message(mergee_conversation["id"], "from the mergee", message_type="incoming")
    account.post(f"/contacts/{base_id}/labels", {"labels": ["vip"]})
    account.post(f"/contacts/{mergee_id}/labels", {"labels": ["lead", "vip"]})
    account.post(f"/contacts/{mergee_id}/notes", {"content": "note on the mergee"})

    r = _merge(account, base_id, str(mergee_id))
    assert r.status_code == 200, r.text
    merged = r.json()
    # The base contact itself, without an envelope or its sessions (as Chatwoot renders it).
    assert merged["last_activity_at"] is not None  # the mergee's incoming message
    assert merged == {
        **{k: v for k, v in base["contact"].items() if k != "contact_inboxes"},
        "phone_number": "+14155550123",
        "identifier": "crm-7",
        "additional_attributes": {"city": "Lisbon", "company": "Acme", "social": {"twitter": "@base", "github": "mgh"}},
        "custom_attributes": {"plan": "pro", "seats": 5, "note": "from mergee"},
        "last_activity_at": merged["last_activity_at"],
    }

    assert account.get(f"/contacts/{mergee_id}").status_code == 404
    shown = account.get(f"/contacts/{base_id}").json()["payload"]
    assert sorted(s["source_id"] for s in shown["contact_inboxes"]) == sorted(
        [base["contact_inbox"]["source_id"], mergee["contact_inbox"]["source_id"]]
    )
    conversations = account.get(f"/contacts/{base_id}/conversations").json()["payload"]
    assert [c["id"] for c in conversations] == [mergee_conversation["id"], base_conversation["id"]]
    assert conversations[0]["meta"]["sender"]["id"] == base_id
    messages = account.get(f"/conversations/{mergee_conversation['id']}/messages").json()["payload"]
    assert [(m["content"], m["sender"]["id"]) for m in messages] == [("from the mergee", base_id)]
    assert account.get(f"/contacts/{base_id}/labels").json() == {"payload": ["vip", "lead"]}
    assert [n["content"] for n in account.get(f"/contacts/{base_id}/notes").json()] == ["note on the mergee"]
    # The mergee's session keeps working, now for the base contact.
    r = account.post("/conversations", {"source_id": mergee["contact_inbox"]["source_id"], "inbox_id": inbox["id"]})
    assert r.json()["meta"]["sender"]["id"] == base_id
    assert account.get("/contacts").json()["meta"]["count"] == 1

    events = events_of(server, account, "contact_deleted", "contact_merged", "contact_updated")
    assert [e["event"] for e in events] == ["contact_updated"] * 2 + [
        "contact_deleted",
        "contact_merged",
        "contact_updated",
    ]
    deleted, merged_event, updated = events[2:]
    assert deleted["id"] == mergee_id
    assert (merged_event["id"], merged_event["mergee_contact_id"]) == (base_id, mergee_id)
    assert updated["id"] == base_id
    assert [next(iter(change)) for change in updated["changed_attributes"]] == [
        "phone_number",
        "identifier",
        "additional_attributes",
        "custom_attributes",
        "label_list",
    ]


def test_the_mergees_email_fills_a_base_without_one(account):
    base = account.create_contact(name="")["contact"]
    mergee = account.create_contact(name="Named", email="named@example.com")["contact"]
    r = _merge(account, base["id"], mergee["id"])
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["email"]) == ("Named", "named@example.com")


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "base_contact_id"),
        ({"base_contact_id": "{a}"}, "mergee_contact_id"),
        ({"mergee_contact_id": "{a}"}, "base_contact_id"),
        ({"base_contact_id": "{a}", "mergee_contact_id": "{a}"}, "mergee_contact_id"),
        ({"base_contact_id": "one", "mergee_contact_id": "{a}"}, "base_contact_id"),
    ],
)
def test_bad_merges_are_422_and_change_nothing(server, account, body, field):
    a = account.create_contact(name="A")["contact"]
    account.create_contact(name="B")
    body = {k: a["id"] if v == "{a}" else v for k, v in body.items()}
    r = account.post("/actions/contact_merge", body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]
    assert account.get("/contacts").json()["meta"]["count"] == 2
    assert events_of(server, account, "contact_deleted", "contact_merged", "contact_updated") == []


def test_another_accounts_contact_cannot_be_merged(account, other_account):
    mine = account.create_contact(name="Mine")["contact"]
    theirs = other_account.create_contact(name="Theirs")["contact"]
    for base_id, mergee_id in ((mine["id"], theirs["id"]), (theirs["id"], mine["id"])):
        r = _merge(account, base_id, mergee_id)
        assert r.status_code == 404
        assert r.json() == NOT_FOUND
    assert account.get(f"/contacts/{mine['id']}").status_code == 200
    assert other_account.get(f"/contacts/{theirs['id']}").status_code == 200


def test_agents_may_merge_contacts(account, members):
    base = account.create_contact(name="Base")["contact"]
    mergee = account.create_contact(name="Mergee", email="m@example.com")["contact"]
    agent = agent_in(account, members)
    r = _merge(agent, base["id"], mergee["id"])
    assert r.status_code == 200, r.text
    assert r.json()["email"] == "m@example.com"

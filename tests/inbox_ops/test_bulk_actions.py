"""POST /bulk_actions: one change on many conversations (status, assignee, team, labels) or labels on contacts."""

from __future__ import annotations

import pytest

from tests.inbox_ops.support import Members, add_to_inbox, assignee_id, show


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def test_bulk_update_sets_status_assignee_team_and_labels(account, members):
    inbox = account.create_api_inbox()["id"]
    ann = members.add(name="Ann")
    add_to_inbox(account, inbox, ann.user_id)
    team = account.post("/teams", {"name": "Billing"}).json()
    account.post(f"/teams/{team['id']}/team_members", {"user_ids": [ann.user_id]})
    numbers = [account.create_conversation(inbox)["id"] for _ in range(5)]
    account.post(f"/conversations/{numbers[0]}/labels", {"labels": ["old", "keep"]})

    body = {
        "type": "Conversation",
        "ids": numbers,
        "fields": {"status": "resolved", "assignee_id": ann.user_id, "team_id": team["id"]},
        "labels": {"add": ["billing"], "remove": ["old"]},
    }
    r = account.post("/bulk_actions", body)
    assert r.status_code == 200, r.text
    for number in numbers:
        conversation = show(account, number)
        assert conversation["status"] == "resolved"
        assert assignee_id(conversation) == ann.user_id
        assert conversation["meta"]["team"]["id"] == team["id"]
    assert show(account, numbers[0])["labels"] == ["keep", "billing"]
    assert show(account, numbers[1])["labels"] == ["billing"]

    # A null assignee unassigns; a null status is ignored (as Chatwoot).
    r = account.post(
        "/bulk_actions", {"type": "Conversation", "ids": numbers[:2], "fields": {"status": None, "assignee_id": None}}
    )
    assert r.status_code == 200, r.text
    assert [assignee_id(show(account, n)) for n in numbers[:3]] == [None, None, ann.user_id]
    assert show(account, numbers[0])["status"] == "resolved"


def test_bulk_snooze_until_a_time(account):
    inbox = account.create_api_inbox()["id"]
    numbers = [account.create_conversation(inbox)["id"] for _ in range(2)]
    until = 4102444800  # 2100-01-01
    r = account.post("/bulk_actions", {"type": "Conversation", "ids": numbers, "fields": {"snoozed_until": until}})
    assert r.status_code == 200, r.text
    for number in numbers:
        conversation = show(account, number)
        assert conversation["status"] == "snoozed" and conversation["snoozed_until"] == until


@pytest.mark.parametrize(
    "body, status",
    [
        ({"type": "Message", "ids": [1], "fields": {"status": "resolved"}}, 422),
        ({"type": "Conversation", "ids": [], "fields": {"status": "resolved"}}, 422),
        ({"type": "Conversation", "ids": "1", "fields": {"status": "resolved"}}, 422),
        ({"type": "Conversation", "ids": [1], "fields": {"status": "closed"}}, 422),
        ({"type": "Conversation", "ids": [1], "fields": {"status": ["resolved"]}}, 422),
        ({"type": "Conversation", "ids": [1], "fields": {"priority": "high"}}, 422),
        ({"type": "Conversation", "ids": [1], "fields": {}}, 422),
        ({"type": "Conversation", "ids": [1], "labels": {"add": ["not ok!"]}}, 422),
        ({"type": "Conversation", "ids": [1], "fields": {"snoozed_until": "soon"}}, 422),
        ({"type": "Conversation", "ids": [1, 999], "fields": {"status": "resolved"}}, 404),
        ({"type": "Conversation", "ids": [1], "fields": {"assignee_id": 99999}}, 404),
    ],
)
def test_bad_bulk_actions_are_refused_and_change_nothing(account, body, status):
    inbox = account.create_api_inbox()["id"]
    number = account.create_conversation(inbox)["id"]
    assert number == 1
    r = account.post("/bulk_actions", body)
    assert r.status_code == status, r.text
    conversation = show(account, number)
    assert conversation["status"] == "open" and conversation["labels"] == []


def test_another_accounts_or_inboxs_conversations_are_never_touched(account, other_account, members):
    mine = account.create_api_inbox()["id"]
    hidden_inbox = account.create_api_inbox(name="Hidden")["id"]
    ann = members.add(name="Ann")
    add_to_inbox(account, mine, ann.user_id)
    visible, hidden = account.create_conversation(mine)["id"], account.create_conversation(hidden_inbox)["id"]
    assert other_account.create_conversation(other_account.create_api_inbox()["id"])["id"] == 1

    r = ann.post("/bulk_actions", {"type": "Conversation", "ids": [visible, hidden], "fields": {"status": "resolved"}})
    assert r.status_code == 404
    # Numbers are per account: #2 exists only in the first account, so the other one gets a 404.
    r = other_account.post("/bulk_actions", {"type": "Conversation", "ids": [hidden], "fields": {"status": "resolved"}})
    assert r.status_code == 404
    assert show(account, visible)["status"] == "open" and show(account, hidden)["status"] == "open"


def test_bulk_labels_on_contacts(account, other_account):
    inbox = account.create_api_inbox()["id"]
    contacts = [account.create_contact(inbox)["contact"]["id"] for _ in range(3)]
    r = account.post("/bulk_actions", {"type": "Contact", "ids": contacts, "labels": {"add": ["lead"]}})
    assert r.status_code == 200, r.text
    for contact_id in contacts:
        assert account.get(f"/contacts/{contact_id}/labels").json()["payload"] == ["lead"]
    assert "lead" in [label["title"] for label in account.get("/labels").json()["payload"]]
    r = other_account.post("/bulk_actions", {"type": "Contact", "ids": contacts, "labels": {"add": ["x"]}})
    assert r.status_code == 404

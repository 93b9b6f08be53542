"""Automation rules at work: matching rules run their actions in the transaction of the change that set them
off, through the actions layer; an automation's own changes never set off rules."""

from __future__ import annotations

import pytest

from tests.api.members import Members, call
from tests.api.test_seed_flow import verify_signature


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def make_rule(acct, event_name: str, conditions: list, actions: list, **extra) -> dict:
    body = {"name": f"{event_name} rule", "event_name": event_name, "conditions": conditions, "actions": actions}
    r = acct.post("/automation_rules", {**body, **extra})
    assert r.status_code == 200, r.text
    return r.json()["payload"]


def cond(key: str, operator: str, *values, query_operator=None) -> dict:
    return {"attribute_key": key, "filter_operator": operator, "values": list(values), "query_operator": query_operator}


def incoming(acct, conversation: dict, content: str) -> dict:
    return acct.create_message(conversation["id"], content, message_type="incoming")


def labels_of(acct, conversation: dict) -> list[str]:
    return acct.get(f"/conversations/{conversation['id']}/labels").json()["payload"]


def shown(acct, conversation: dict) -> dict:
    return acct.get(f"/conversations/{conversation['id']}").json()


def test_an_incoming_refund_message_is_labelled_and_routed_to_billing(account):
    team = account.post("/teams", {"name": "Billing"}).json()
    make_rule(
        account,
        "message_created",
        [cond("message_type", "equal_to", "incoming", query_operator="and"), cond("content", "contains", "refund")],
        [
            {"action_name": "add_label", "action_params": ["billing"]},
            {"action_name": "assign_team", "action_params": [team["id"]]},
        ],
    )
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    incoming(account, conversation, "Hello, how do I get a REFUND?")
    # Stored with the message, in the same transaction: visible as soon as the POST has answered.
    assert labels_of(account, conversation) == ["billing"]
    assert shown(account, conversation)["meta"]["team"]["id"] == team["id"]
    notes = [m["content"] for m in account.get(f"/conversations/{conversation['id']}/messages").json()["payload"]]
    assert "Automation System added billing" in notes

    other = account.create_conversation(inbox["id"])
    incoming(account, other, "Just saying thanks")
    account.create_message(other["id"], "Outgoing reply about a refund")  # outgoing: the type condition fails
    assert labels_of(account, other) == []
    assert shown(account, other)["meta"]["team"] is None


def test_an_automations_own_changes_do_not_set_off_rules(account):
    make_rule(
        account,
        "message_created",
        [cond("content", "contains", "refund")],
        [
            {"action_name": "add_label", "action_params": ["billing"]},
            {"action_name": "send_message", "action_params": ["A refund specialist will reply"]},
        ],
    )
    # Would fire on the label change and on the automation's own (refund-mentioning) message, over and over.
    make_rule(
        account,
        "conversation_updated",
        [cond("status", "equal_to", "open")],
        [
            {"action_name": "add_label", "action_params": ["touched"]},
        ],
    )
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    incoming(account, conversation, "refund please")
    assert labels_of(account, conversation) == ["billing"]
    messages = account.get(f"/conversations/{conversation['id']}/messages").json()["payload"]
    sent = [m for m in messages if m["content"] == "A refund specialist will reply"]
    assert len(sent) == 1
    assert sent[0]["message_type"] == 1
    assert sent[0]["content_attributes"]["automation_rule_id"] > 0
    assert sent[0].get("sender") in (None, {})

    # A person's change is an update that rules do see.
    r = account.post(f"/conversations/{conversation['id']}/labels", {"labels": ["billing", "vip"]})
    assert r.status_code == 200
    assert labels_of(account, conversation) == ["billing", "vip", "touched"]


def test_status_and_creation_events(account):
    inbox = account.create_api_inbox()
    other_inbox = account.create_api_inbox(name="Other")
    make_rule(
        account,
        "conversation_resolved",
        [cond("status", "equal_to", "resolved")],
        [
            {"action_name": "change_priority", "action_params": ["low"]},
        ],
    )
    make_rule(
        account,
        "conversation_opened",
        [cond("status", "equal_to", "open")],
        [
            {"action_name": "change_priority", "action_params": ["urgent"]},
        ],
    )
    make_rule(
        account,
        "conversation_created",
        [cond("inbox_id", "equal_to", inbox["id"])],
        [
            {"action_name": "add_label", "action_params": ["new"]},
        ],
    )
    conversation = account.create_conversation(inbox["id"])
    elsewhere = account.create_conversation(other_inbox["id"])
    assert labels_of(account, conversation) == ["new"]
    assert labels_of(account, elsewhere) == []

    account.post(f"/conversations/{conversation['id']}/toggle_status", {"status": "resolved"})
    assert shown(account, conversation)["priority"] == "low"
    # An incoming message reopens it: the system's change, which rules do see.
    incoming(account, conversation, "one more thing")
    assert (shown(account, conversation)["status"], shown(account, conversation)["priority"]) == ("open", "urgent")


def test_inactive_rules_and_other_accounts_rules_do_not_run(account, other_account):
    rule = make_rule(
        account,
        "message_created",
        [cond("content", "contains", "refund")],
        [
            {"action_name": "add_label", "action_params": ["billing"]},
        ],
    )
    call(account, "PATCH", f"/automation_rules/{rule['id']}", {"active": False})
    make_rule(
        other_account,
        "message_created",
        [cond("content", "contains", "refund")],
        [
            {"action_name": "add_label", "action_params": ["theirs"]},
        ],
    )
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    incoming(account, conversation, "refund")
    assert labels_of(account, conversation) == []


def test_an_action_that_no_longer_applies_is_skipped_and_the_rest_still_run(account, members):
    agent = members.add()
    make_rule(
        account,
        "message_created",
        [cond("content", "contains", "help")],
        [
            {"action_name": "assign_agent", "action_params": [agent.user_id]},
            {"action_name": "add_label", "action_params": ["support"]},
            {"action_name": "resolve_conversation"},
        ],
    )
    assert call(account, "DELETE", f"/agents/{agent.user_id}").status_code == 200
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    message = incoming(account, conversation, "help me")
    assert message["content"] == "help me"
    after = shown(account, conversation)
    assert after["meta"]["assignee"] is None
    assert after["status"] == "resolved"
    assert labels_of(account, conversation) == ["support"]


def test_contact_and_custom_attribute_conditions(account):
    make_rule(
        account,
        "message_created",
        [
            cond("email", "contains", "@vip.example", query_operator="or"),
            {**cond("plan", "equal_to", "gold"), "custom_attribute_type": "conversation_attribute"},
        ],
        [{"action_name": "add_label", "action_params": ["vip"]}],
    )
    inbox = account.create_api_inbox()
    contact = account.create_contact(inbox["id"], email="jo@vip.example")
    vip = account.post(
        "/conversations", {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]}
    ).json()
    gold = account.create_conversation(inbox["id"], custom_attributes={"plan": "gold"})
    plain = account.create_conversation(inbox["id"], custom_attributes={"plan": "silver"})
    for conversation in (vip, gold, plain):
        incoming(account, conversation, "hi")
    assert [labels_of(account, c) for c in (vip, gold, plain)] == [["vip"], ["vip"], []]


def test_send_webhook_event_posts_the_conversation_signed_with_the_rules_secret(account, receiver):
    rule = make_rule(
        account,
        "message_created",
        [cond("content", "contains", "urgent")],
        [
            {"action_name": "send_webhook_event", "action_params": [receiver.url]},
        ],
    )
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    incoming(account, conversation, "this is urgent")
    delivered = receiver.next_event("automation_event.message_created")
    assert delivered.json["id"] == conversation["id"]
    assert verify_signature(rule["secret"], delivered.headers, delivered.body)


def test_assign_remove_label_snooze_and_mute_actions(account, members):
    agent = members.add(name="Rita Router")
    make_rule(
        account,
        "message_created",
        [cond("content", "contains", "snooze")],
        [
            {"action_name": "assign_agent", "action_params": [agent.user_id]},
            {"action_name": "remove_label", "action_params": ["new"]},
            {"action_name": "snooze_conversation"},
        ],
    )
    make_rule(account, "message_created", [cond("content", "contains", "stop")], [{"action_name": "mute_conversation"}])
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    account.post(f"/conversations/{conversation['id']}/labels", {"labels": ["new", "keep"]})
    incoming(account, conversation, "please snooze this")
    after = shown(account, conversation)
    assert (after["meta"]["assignee"]["id"], after["status"]) == (agent.user_id, "snoozed")
    assert labels_of(account, conversation) == ["keep"]
    notes = [m["content"] for m in account.get(f"/conversations/{conversation['id']}/messages").json()["payload"]]
    assert "Assigned to Rita Router by Automation System" in notes

    muted = account.create_conversation(inbox["id"])
    incoming(account, muted, "stop writing to me")
    assert (shown(account, muted)["muted"], shown(account, muted)["status"]) == (True, "resolved")

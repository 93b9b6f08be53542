"""Automation rules: administrators manage them; event, conditions and actions are checked on save."""

from __future__ import annotations

import pytest

from tests.api.members import NOT_AUTHORIZED, NOT_FOUND, Members, call

REFUND_RULE = {
    "name": "Refunds go to billing",
    "description": "Label and route refund requests",
    "event_name": "message_created",
    "conditions": [
        {
            "attribute_key": "message_type",
            "filter_operator": "equal_to",
            "values": ["incoming"],
            "query_operator": "and",
        },
        {"attribute_key": "content", "filter_operator": "contains", "values": ["refund"], "query_operator": None},
    ],
    "actions": [{"action_name": "add_label", "action_params": ["billing"]}],
}


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def test_create_show_list_update_and_delete_a_rule(account):
    r = account.post("/automation_rules", REFUND_RULE)
    assert r.status_code == 200, r.text
    rule = r.json()["payload"]
    assert rule == {
        "id": rule["id"],
        "account_id": account.account_id,
        "name": "Refunds go to billing",
        "description": "Label and route refund requests",
        "event_name": "message_created",
        "conditions": REFUND_RULE["conditions"],
        "actions": REFUND_RULE["actions"],
        "created_on": rule["created_on"],
        "active": True,
        "secret": rule["secret"],
    }
    assert len(rule["secret"]) >= 24
    assert isinstance(rule["created_on"], int)
    assert account.get(f"/automation_rules/{rule['id']}").json() == {"payload": rule}
    assert account.get("/automation_rules").json() == {"payload": [rule]}

    r = call(account, "PATCH", f"/automation_rules/{rule['id']}", {"active": False, "name": "Paused"})
    assert r.status_code == 200, r.text
    assert r.json()["payload"] == {**rule, "active": False, "name": "Paused"}
    r = call(
        account,
        "PUT",
        f"/automation_rules/{rule['id']}",
        {
            "automation_rule": {
                "event_name": "conversation_created",
                "conditions": [{"attribute_key": "status", "filter_operator": "equal_to", "values": ["open"]}],
                "actions": [{"action_name": "resolve_conversation", "action_params": ["ignored"]}],
            }
        },
    )
    assert r.status_code == 200, r.text
    updated = r.json()["payload"]
    assert updated["event_name"] == "conversation_created"
    assert updated["actions"] == [{"action_name": "resolve_conversation", "action_params": []}]
    assert updated["conditions"] == [
        {"attribute_key": "status", "filter_operator": "equal_to", "values": ["open"], "query_operator": None}
    ]

    r = call(account, "DELETE", f"/automation_rules/{rule['id']}")
    assert (r.status_code, r.content) == (200, b"")
    assert account.get(f"/automation_rules/{rule['id']}").status_code == 404
    assert account.get("/automation_rules").json() == {"payload": []}


def test_every_offered_action_is_accepted(account):
    team = account.post("/teams", {"name": "Billing"}).json()
    actions = [
        {"action_name": "assign_agent", "action_params": [account.user_id]},
        {"action_name": "assign_team", "action_params": [team["id"]]},
        {"action_name": "add_label", "action_params": ["Billing", "vip"]},
        {"action_name": "remove_label", "action_params": ["spam"]},
        {"action_name": "send_message", "action_params": ["We are on it"]},
        {"action_name": "resolve_conversation"},
        {"action_name": "snooze_conversation", "action_params": []},
        {"action_name": "change_priority", "action_params": ["high"]},
        {"action_name": "mute_conversation", "action_params": []},
        {"action_name": "send_webhook_event", "action_params": ["https://hooks.example.com/automation"]},
    ]
    r = account.post("/automation_rules", {**REFUND_RULE, "actions": actions})
    assert r.status_code == 200, r.text
    stored = r.json()["payload"]["actions"]
    assert stored[0] == {"action_name": "assign_agent", "action_params": [account.user_id]}
    assert stored[2] == {"action_name": "add_label", "action_params": ["billing", "vip"]}
    assert stored[5] == {"action_name": "resolve_conversation", "action_params": []}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"name": None}, "name"),
        ({"name": "  "}, "name"),
        ({"event_name": "contact_created"}, "event_name"),
        ({"event_name": None}, "event_name"),
        ({"active": "yes"}, "active"),
        ({"conditions": []}, "conditions"),
        ({"conditions": "content contains refund"}, "conditions"),
        ({"conditions": [{"attribute_key": "mood", "filter_operator": "equal_to", "values": ["x"]}]}, "conditions"),
        (
            {"conditions": [{"attribute_key": "content", "filter_operator": "sounds_like", "values": ["x"]}]},
            "conditions",
        ),
        (
            {"conditions": [{"attribute_key": "status", "filter_operator": "contains", "values": ["open"]}]},
            "conditions",
        ),
        (
            {"conditions": [{"attribute_key": "status", "filter_operator": "equal_to", "values": ["gone"]}]},
            "conditions",
        ),
        (
            {"conditions": [{"attribute_key": "message_type", "filter_operator": "equal_to", "values": ["x"]}]},
            "conditions",
        ),
        (
            {
                "event_name": "conversation_created",
                "conditions": [{"attribute_key": "content", "filter_operator": "contains", "values": ["x"]}],
            },
            "conditions",
        ),
        ({"actions": []}, "actions"),
        ({"actions": [{"action_name": "send_email_to_team", "action_params": [{"team_ids": [1]}]}]}, "actions"),
        ({"actions": [{"action_name": "delete_everything"}]}, "actions"),
        ({"actions": [{"action_name": "add_label", "action_params": []}]}, "actions"),
        ({"actions": [{"action_name": "add_label", "action_params": ["two words"]}]}, "actions"),
        ({"actions": [{"action_name": "assign_agent", "action_params": ["abc"]}]}, "actions"),
        ({"actions": [{"action_name": "assign_agent", "action_params": [1, 2]}]}, "actions"),
        ({"actions": [{"action_name": "send_message", "action_params": [""]}]}, "actions"),
        ({"actions": [{"action_name": "change_priority", "action_params": ["critical"]}]}, "actions"),
        ({"actions": [{"action_name": "send_webhook_event", "action_params": ["ftp://x"]}]}, "actions"),
        ({"actions": "add_label"}, "actions"),
    ],
)
def test_invalid_rules_are_422_and_write_nothing(account, change, field):
    r = account.post("/automation_rules", {**REFUND_RULE, **change})
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]
    assert account.get("/automation_rules").json() == {"payload": []}


def test_an_invalid_update_changes_nothing(account):
    rule = account.post("/automation_rules", REFUND_RULE).json()["payload"]
    # Moving to an event without messages makes the message conditions invalid.
    r = call(account, "PATCH", f"/automation_rules/{rule['id']}", {"event_name": "conversation_updated"})
    assert r.status_code == 422
    assert r.json()["attributes"] == ["conditions"]
    r = call(account, "PATCH", f"/automation_rules/{rule['id']}", {"name": "New", "actions": [{"action_name": "x"}]})
    assert r.status_code == 422
    assert account.get(f"/automation_rules/{rule['id']}").json() == {"payload": rule}


def test_custom_attribute_conditions_need_a_definition_or_a_type(account):
    condition = {"attribute_key": "plan", "filter_operator": "equal_to", "values": ["gold"]}
    r = account.post("/automation_rules", {**REFUND_RULE, "conditions": [condition]})
    assert (r.status_code, r.json()["attributes"]) == (422, ["conditions"])
    typed = {**condition, "custom_attribute_type": "contact_attribute"}
    assert account.post("/automation_rules", {**REFUND_RULE, "conditions": [typed]}).status_code == 200
    r = account.post(
        "/custom_attribute_definitions",
        {
            "attribute_display_name": "Plan",
            "attribute_key": "plan",
            "attribute_display_type": "text",
            "attribute_model": 0,
        },
    )
    assert r.status_code == 200, r.text
    assert account.post("/automation_rules", {**REFUND_RULE, "conditions": [condition]}).status_code == 200


def test_agents_may_not_read_or_change_rules(account, members):
    rule = account.post("/automation_rules", REFUND_RULE).json()["payload"]
    agent = members.add()
    for method, suffix, body in [
        ("GET", "/automation_rules", None),
        ("GET", f"/automation_rules/{rule['id']}", None),
        ("POST", "/automation_rules", REFUND_RULE),
        ("PATCH", f"/automation_rules/{rule['id']}", {"active": False}),
        ("PUT", f"/automation_rules/{rule['id']}", {"active": False}),
        ("DELETE", f"/automation_rules/{rule['id']}", None),
    ]:
        r = call(agent, method, suffix, body)
        assert r.status_code == 401, (method, suffix, r.text)
        assert r.json() == NOT_AUTHORIZED
    assert account.get("/automation_rules").json() == {"payload": [rule]}


def test_another_accounts_rule_agent_or_team_is_404(account, other_account):
    theirs = other_account.post("/automation_rules", REFUND_RULE).json()["payload"]
    for method, body in [("GET", None), ("PATCH", {"name": "x"}), ("PUT", {"name": "x"}), ("DELETE", None)]:
        r = call(account, method, f"/automation_rules/{theirs['id']}", body)
        assert r.status_code == 404, (method, r.text)
        assert r.json() == NOT_FOUND
    their_team = other_account.post("/teams", {"name": "Theirs"}).json()
    for action in (
        {"action_name": "assign_agent", "action_params": [other_account.user_id]},
        {"action_name": "assign_team", "action_params": [their_team["id"]]},
    ):
        r = account.post("/automation_rules", {**REFUND_RULE, "actions": [action]})
        assert r.status_code == 404, r.text
    assert account.get("/automation_rules").json() == {"payload": []}
    assert other_account.get(f"/automation_rules/{theirs['id']}").json()["payload"]["name"] == theirs["name"]

"""The audit log: administrative changes, who made them and what changed, written with the change."""

from __future__ import annotations

import httpx
import pytest

from tests.api.members import NOT_AUTHORIZED, Members, call
from tests.test_dashboard_http import sign_in


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def log_of(acct, page: int = 1) -> dict:
    r = acct.get("/audit_logs", params={"page": page})
    assert r.status_code == 200, r.text
    return r.json()


def entries(acct) -> list[dict]:
    return log_of(acct)["audit_logs"]


def test_an_agent_creation_is_logged_with_who_did_it(account, members):
    agent = members.add(name="Grace", email="grace-audit@example.com")
    log = log_of(account)
    assert (log["per_page"], log["current_page"], log["total_entries"]) == (15, 1, 1)
    (entry,) = log["audit_logs"]
    assert entry["auditable_type"] == "AccountUser"
    assert entry["action"] == "create"
    assert (entry["user_id"], entry["user_type"], entry["username"]) == (account.user_id, "User", account.email)
    assert entry["associated_id"] == account.account_id
    assert entry["associated_type"] == "Account"
    assert entry["audited_changes"]["user_id"] == agent.user_id
    assert entry["audited_changes"]["email"] == "grace-audit@example.com"
    assert entry["version"] == 1
    assert isinstance(entry["created_at"], int)

    call(account, "PATCH", f"/agents/{agent.user_id}", {"role": "administrator"})
    call(account, "DELETE", f"/agents/{agent.user_id}")
    newest = entries(account)
    assert [(e["action"], e["version"]) for e in newest] == [("destroy", 3), ("update", 2), ("create", 1)]
    assert newest[1]["audited_changes"]["role"] == [0, 1]


def test_account_inbox_team_webhook_and_rule_changes_are_logged(account, receiver):
    account.client.patch(account.path(""), json={"name": "Renamed Co"})
    inbox = account.create_api_inbox()
    call(account, "PATCH", f"/inboxes/{inbox['id']}", {"name": "Renamed inbox"})
    team = account.post("/teams", {"name": "Ops"}).json()
    call(account, "PATCH", f"/teams/{team['id']}", {"description": "Operations"})
    call(account, "DELETE", f"/teams/{team['id']}")
    webhook = account.post("/webhooks", {"url": receiver.url, "subscriptions": ["message_created"]}).json()
    webhook_id = webhook["payload"]["webhook"]["id"]
    call(account, "PATCH", f"/webhooks/{webhook_id}", {"subscriptions": ["conversation_created"]})
    call(account, "DELETE", f"/webhooks/{webhook_id}")
    rule = account.post(
        "/automation_rules",
        {
            "name": "r",
            "event_name": "conversation_created",
            "conditions": [{"attribute_key": "status", "filter_operator": "equal_to", "values": ["open"]}],
            "actions": [{"action_name": "resolve_conversation"}],
        },
    ).json()["payload"]
    call(account, "DELETE", f"/automation_rules/{rule['id']}")

    seen = [(e["auditable_type"], e["action"]) for e in reversed(entries(account))]
    assert seen == [
        ("Account", "update"),
        ("Inbox", "create"),
        ("Inbox", "update"),
        ("Team", "create"),
        ("Team", "update"),
        ("Team", "destroy"),
        ("Webhook", "create"),
        ("Webhook", "update"),
        ("Webhook", "destroy"),
        ("AutomationRule", "create"),
        ("AutomationRule", "destroy"),
    ]
    by_kind = {(e["auditable_type"], e["action"]): e for e in entries(account)}
    assert by_kind[("Account", "update")]["audited_changes"]["name"] == ["Acme", "Renamed Co"]
    assert by_kind[("Inbox", "update")]["audited_changes"] == {"name": ["API inbox", "Renamed inbox"]}
    assert by_kind[("Webhook", "update")]["audited_changes"] == {
        "subscriptions": [["message_created"], ["conversation_created"]]
    }
    # Secrets never reach the log.
    text = str(entries(account))
    assert webhook["payload"]["webhook"]["secret"] not in text
    assert inbox["hmac_token"] not in text


def test_refused_and_unchanged_writes_log_nothing(account, members):
    agent = members.add()
    before = log_of(account)["total_entries"]
    assert account.post("/teams", {"name": ""}).status_code == 422
    assert call(agent, "POST", "/teams", {"name": "Mine"}).status_code == 401
    assert call(account, "PATCH", f"/agents/{agent.user_id}", {"role": "boss"}).status_code == 422
    # Sent but equal to what is stored: no change, no entry.
    assert call(account, "PATCH", f"/agents/{agent.user_id}", {"role": "agent"}).status_code == 200
    assert log_of(account)["total_entries"] == before


def test_only_administrators_read_their_own_accounts_log(account, other_account, members):
    other_account.post("/teams", {"name": "Theirs"})
    agent = members.add()
    r = agent.get("/audit_logs")
    assert (r.status_code, r.json()) == (401, NOT_AUTHORIZED)
    assert [e["auditable_type"] for e in entries(account)] == ["AccountUser"]
    assert [e["auditable_type"] for e in entries(other_account)] == ["Team"]
    assert account.get("/audit_logs", params={"page": 0}).status_code == 422


def test_pages_of_fifteen_newest_first(account):
    for i in range(17):
        account.post("/teams", {"name": f"team-{i}"})
    first, second = log_of(account, 1), log_of(account, 2)
    assert (first["total_entries"], len(first["audit_logs"]), len(second["audit_logs"])) == (17, 15, 2)
    assert first["audit_logs"][0]["audited_changes"]["name"] == "team-16"
    assert second["audit_logs"][-1]["audited_changes"]["name"] == "team-0"
    assert log_of(account, 3)["audit_logs"] == []


def test_a_dashboard_sign_in_is_logged(server, account):
    with httpx.Client(base_url=server.url, timeout=30, follow_redirects=False) as browser:
        assert sign_in(browser, account.email, "wrong password").status_code == 401
    with httpx.Client(base_url=server.url, timeout=30, follow_redirects=False) as browser:
        assert sign_in(browser, account.email, account.password).status_code == 303
    signins = [e for e in entries(account) if e["action"] == "sign_in"]
    assert len(signins) == 1
    assert (signins[0]["user_id"], signins[0]["username"]) == (account.user_id, account.email)
    assert signins[0]["remote_address"] == "127.0.0.1"

"""Integrations: the apps Chatlake offers and the hooks an account connects to them."""

from __future__ import annotations

import pytest

from tests.api.members import NOT_AUTHORIZED, NOT_FOUND, Members, call

DASHBOARD_APP = {"app_id": "dashboard_apps", "settings": {"title": "CRM", "url": "https://crm.example.com/embed"}}


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def apps_of(acct) -> dict:
    r = acct.get("/integrations/apps")
    assert r.status_code == 200, r.text
    return {app["id"]: app for app in r.json()["payload"]}


def test_apps_are_listed_in_the_spec_shape(account, receiver):
    apps = apps_of(account)
    assert set(apps) == {"webhook", "dashboard_apps"}
    assert set(apps["dashboard_apps"]) == {
        "id",
        "name",
        "description",
        "hook_type",
        "allow_multiple_hooks",
        "enabled",
        "hooks",
    }
    assert (apps["dashboard_apps"]["enabled"], apps["dashboard_apps"]["hooks"]) == (False, [])
    assert apps["webhook"]["enabled"] is False
    account.post("/webhooks", {"url": receiver.url, "subscriptions": ["message_created"]})
    assert apps_of(account)["webhook"]["enabled"] is True


def test_create_update_and_delete_a_hook(account):
    inbox = account.create_api_inbox()
    r = account.post("/integrations/hooks", {"hook": {**DASHBOARD_APP, "inbox_id": inbox["id"]}})
    assert r.status_code == 200, r.text
    hook = r.json()
    assert hook == {
        "id": hook["id"],
        "app_id": "dashboard_apps",
        "status": True,
        "inbox": {"id": inbox["id"], "name": inbox["name"]},
        "inbox_id": inbox["id"],
        "account_id": account.account_id,
        "hook_type": "inbox",
        "settings": DASHBOARD_APP["settings"],
    }
    app = apps_of(account)["dashboard_apps"]
    assert (app["enabled"], app["hooks"]) == (True, [hook])

    # Only status and settings change (as Chatwoot); the spec's integer status is accepted.
    r = call(account, "PATCH", f"/integrations/hooks/{hook['id']}", {"status": 0, "app_id": "webhook"})
    assert r.status_code == 200, r.text
    assert r.json() == {**hook, "status": False}
    assert apps_of(account)["dashboard_apps"]["enabled"] is False
    new_settings = {"title": "Orders", "url": "https://orders.example.com"}
    r = call(account, "PUT", f"/integrations/hooks/{hook['id']}", {"settings": new_settings, "status": 1})
    assert r.json() == {**hook, "settings": new_settings}

    r = call(account, "DELETE", f"/integrations/hooks/{hook['id']}")
    assert (r.status_code, r.content) == (200, b"")
    assert apps_of(account)["dashboard_apps"]["hooks"] == []
    assert call(account, "DELETE", f"/integrations/hooks/{hook['id']}").status_code == 404


@pytest.mark.parametrize(
    "body, field",
    [
        ({"app_id": "slack", "settings": {}}, "app_id"),
        ({"settings": {}}, "app_id"),
        ({"app_id": "webhook", "settings": {"url": "https://x.example.com"}}, "app_id"),
        ({**DASHBOARD_APP, "status": 5}, "status"),
        ({**DASHBOARD_APP, "settings": "not json"}, "settings"),
        ({"app_id": "dashboard_apps", "settings": {"title": "CRM"}}, "settings"),
        ({"app_id": "dashboard_apps", "settings": {"title": "CRM", "url": "javascript:alert(1)"}}, "settings"),
        ({**DASHBOARD_APP, "inbox_id": "abc"}, "inbox_id"),
    ],
)
def test_invalid_hooks_are_422_and_write_nothing(account, body, field):
    r = account.post("/integrations/hooks", body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]
    assert apps_of(account)["dashboard_apps"]["hooks"] == []


def test_an_invalid_update_changes_nothing(account):
    hook = account.post("/integrations/hooks", DASHBOARD_APP).json()
    r = call(account, "PATCH", f"/integrations/hooks/{hook['id']}", {"status": 0, "settings": {"title": "x"}})
    assert (r.status_code, r.json()["attributes"]) == (422, ["settings"])
    assert apps_of(account)["dashboard_apps"]["hooks"] == [hook]


def test_agents_see_apps_without_settings_and_cannot_change_hooks(account, members):
    hook = account.post("/integrations/hooks", DASHBOARD_APP).json()
    agent = members.add()
    seen = apps_of(agent)["dashboard_apps"]["hooks"]
    assert seen == [{k: v for k, v in hook.items() if k != "settings"}]
    for method, suffix, body in [
        ("POST", "/integrations/hooks", DASHBOARD_APP),
        ("PATCH", f"/integrations/hooks/{hook['id']}", {"status": 0}),
        ("DELETE", f"/integrations/hooks/{hook['id']}", None),
    ]:
        r = call(agent, method, suffix, body)
        assert r.status_code == 401, (method, suffix, r.text)
        assert r.json() == NOT_AUTHORIZED
    assert apps_of(account)["dashboard_apps"]["hooks"] == [hook]


def test_another_accounts_hook_or_inbox_is_404(account, other_account):
    theirs = other_account.post("/integrations/hooks", DASHBOARD_APP).json()
    for method, body in [("PATCH", {"status": 0}), ("PUT", {"status": 0}), ("DELETE", None)]:
        r = call(account, method, f"/integrations/hooks/{theirs['id']}", body)
        assert r.status_code == 404, (method, r.text)
        assert r.json() == NOT_FOUND
    their_inbox = other_account.create_api_inbox()
    r = account.post("/integrations/hooks", {**DASHBOARD_APP, "inbox_id": their_inbox["id"]})
    assert r.status_code == 404
    assert apps_of(account)["dashboard_apps"]["hooks"] == []
    assert apps_of(other_account)["dashboard_apps"]["hooks"] == [theirs]


def test_settings_are_encrypted_at_rest(account, server):
    from sqlalchemy import text

    hook = account.post(
        "/integrations/hooks", {**DASHBOARD_APP, "settings": {**DASHBOARD_APP["settings"], "token": "s3cr3t-value"}}
    ).json()

    async def raw():
        async with server.app.state.runtime.db.transaction() as session:
            return await session.scalar(
                text("SELECT settings FROM integration_hooks WHERE id = :id"), {"id": hook["id"]}
            )

    stored = server.call(raw())
    assert "s3cr3t-value" not in stored
    assert hook["settings"]["token"] == "s3cr3t-value"

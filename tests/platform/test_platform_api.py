"""The Platform API over HTTP: what each operation does, and what it refuses."""

from __future__ import annotations

import httpx
from sqlalchemy import update

from chatlake.models import PlatformApp
from chatlake.models.base import utcnow
from tests.platform.support import PL, run_statement


def test_an_account_is_created_read_updated_and_validated(platform):
    account = platform.create_account(
        "Tenant One",
        locale="pt_BR",
        support_email="Help@Tenant.example",
        limits={"agents": 5},
        custom_attributes={"plan": "pro"},
    )
    assert account["name"] == "Tenant One"
    assert account["locale"] == "pt_BR"
    assert account["support_email"] == "help@tenant.example"
    assert account["status"] == "active"
    assert account["limits"] == {"agents": 5}
    assert account["custom_attributes"] == {"plan": "pro"}

    r = platform.request("GET", f"/accounts/{account['id']}")
    assert r.status_code == 200 and r.json()["name"] == "Tenant One"

    r = platform.request("PATCH", f"/accounts/{account['id']}", {"name": "Tenant 1", "status": "suspended"})
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Tenant 1" and r.json()["status"] == "suspended"
    assert r.json()["locale"] == "pt_BR"  # what was not sent is kept

    for bad, attribute in (
        ({"status": "gone"}, "status"),
        ({"locale": "not a locale"}, "locale"),
        ({"name": ""}, "name"),
        ({"limits": [1]}, "limits"),
        ({"support_email": "nope"}, "support_email"),
    ):
        r = platform.request("PATCH", f"/accounts/{account['id']}", bad)
        assert r.status_code == 422, (bad, r.text)
        assert r.json()["attributes"] == [attribute]
    assert platform.request("GET", f"/accounts/{account['id']}").json()["name"] == "Tenant 1"  # nothing changed
    r = platform.request("POST", "/accounts", {"locale": "en"})
    assert r.status_code == 422 and r.json()["attributes"] == ["name"]


def test_a_suspended_account_refuses_its_members(platform):
    account = platform.create_account()
    user = platform.create_user(password="Password2!")
    platform.add_member(account["id"], user["id"])
    api = httpx.Client(base_url=platform.server.url, headers={"api_access_token": user["access_token"]})
    assert api.get(f"/api/v1/accounts/{account['id']}/inboxes").status_code == 200
    platform.request("PATCH", f"/accounts/{account['id']}", {"status": "suspended"})
    r = api.get(f"/api/v1/accounts/{account['id']}/inboxes")
    assert r.status_code == 401 and r.json() == {"error": "Account is suspended"}
    api.close()


def test_account_users_are_listed_added_with_a_role_and_removed(platform):
    account = platform.create_account()
    user = platform.create_user()
    member = platform.add_member(account["id"], user["id"], "agent")
    assert (member["account_id"], member["user_id"], member["role"]) == (account["id"], user["id"], "agent")
    # Posting again changes the role (Chatwoot's find_or_initialize_by), it adds no second row.
    assert platform.add_member(account["id"], user["id"], "administrator")["role"] == "administrator"
    r = platform.request("GET", f"/accounts/{account['id']}/account_users")
    assert r.status_code == 200
    assert [(m["user_id"], m["role"]) for m in r.json()] == [(user["id"], "administrator")]

    r = platform.request("POST", f"/accounts/{account['id']}/account_users", {"user_id": user["id"], "role": "owner"})
    assert r.status_code == 422 and r.json()["attributes"] == ["role"]
    r = platform.request("POST", f"/accounts/{account['id']}/account_users", {"role": "agent"})
    assert r.status_code == 422 and r.json()["attributes"] == ["user_id"]

    shown = platform.request("GET", f"/users/{user['id']}").json()
    assert [(a["id"], a["role"]) for a in shown["accounts"]] == [(account["id"], "administrator")]

    r = platform.request("DELETE", f"/accounts/{account['id']}/account_users", {"user_id": user["id"]})
    assert r.status_code == 200
    assert platform.request("GET", f"/accounts/{account['id']}/account_users").json() == []
    # Removing someone who is not a member is not an error (Chatwoot's `&.destroy!`).
    r = platform.request("DELETE", f"/accounts/{account['id']}/account_users", {"user_id": user["id"]})
    assert r.status_code == 200


def test_users_are_created_found_by_email_updated_and_deleted(platform):
    user = platform.create_user(name="Dana", display_name="D", password="Password2!", custom_attributes={"tier": 1})
    assert user["email"].startswith("pat-") and user["name"] == "Dana" and user["display_name"] == "D"
    assert user["custom_attributes"] == {"tier": 1}
    assert user["accounts"] == [] and len(user["access_token"]) >= 24
    # The same email again answers the same user (Chatwoot finds by email) and changes nothing.
    again = platform.request("POST", "/users", {"name": "Other", "email": user["email"].upper()})
    assert again.status_code == 200 and again.json()["id"] == user["id"] and again.json()["name"] == "Dana"

    r = platform.request("PATCH", f"/users/{user['id']}", {"name": "Dana Q", "custom_attributes": {"tier": 2}})
    assert r.status_code == 200 and r.json()["name"] == "Dana Q" and r.json()["custom_attributes"] == {"tier": 2}
    for bad, attribute in (({"email": "x"}, "email"), ({"password": "short"}, "password"), ({"name": ""}, "name")):
        r = platform.request("PATCH", f"/users/{user['id']}", bad)
        assert r.status_code == 422 and r.json()["attributes"] == [attribute], r.text
    r = platform.request("POST", "/users", {"name": "No mail"})
    assert r.status_code == 422 and r.json()["attributes"] == ["email"]

    # The password set through the platform signs the user in to the dashboard.
    web = httpx.Client(base_url=platform.server.url)
    page = web.get("/app/login")
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    r = web.post("/app/login", data={"email": user["email"], "password": "Password2!", "csrf_token": csrf})
    assert r.status_code == 303
    web.close()

    assert platform.request("DELETE", f"/users/{user['id']}").status_code == 200
    assert platform.request("GET", f"/users/{user['id']}").status_code == 404
    api = httpx.get(f"{platform.server.url}/api/v1/profile", headers={"api_access_token": user["access_token"]})
    assert api.status_code == 401  # the deleted user's token is gone with them


def test_agent_bots_are_created_for_the_installation_or_an_account(platform):
    system = platform.create_bot(name="Triage", outgoing_url="https://bots.example.com/triage", bot_config={"a": 1})
    assert system["account_id"] is None and system["system_bot"] is True
    assert system["outgoing_url"] == "https://bots.example.com/triage" and system["access_token"]
    account = platform.create_account()
    own = platform.create_bot(name="Sales", account_id=account["id"])
    assert own["account_id"] == account["id"] and own["system_bot"] is False

    r = platform.request("GET", "/agent_bots")
    assert r.status_code == 200 and [b["id"] for b in r.json()] == [system["id"], own["id"]]
    r = platform.request("PATCH", f"/agent_bots/{own['id']}", {"description": "Answers sales", "name": "Sales bot"})
    assert r.status_code == 200 and r.json()["description"] == "Answers sales" and r.json()["name"] == "Sales bot"
    assert platform.request("GET", f"/agent_bots/{own['id']}").json()["name"] == "Sales bot"
    r = platform.request("PATCH", f"/agent_bots/{own['id']}", {"outgoing_url": "ftp://nope"})
    assert r.status_code == 422 and r.json()["attributes"] == ["outgoing_url"]
    r = platform.request("POST", "/agent_bots", {"description": "no name"})
    assert r.status_code == 422 and r.json()["attributes"] == ["name"]

    # The bot's token works in the Application API where bots may act.
    bot_api = httpx.get(
        f"{platform.server.url}/api/v1/accounts/{account['id']}/conversations/1",
        headers={"api_access_token": own["access_token"]},
    )
    assert bot_api.status_code == 401 and bot_api.json()["error"].startswith("Access to this endpoint")

    assert platform.request("DELETE", f"/agent_bots/{own['id']}").status_code == 200
    assert platform.request("GET", f"/agent_bots/{own['id']}").status_code == 404
    assert [b["id"] for b in platform.request("GET", "/agent_bots").json()] == [system["id"]]


def test_without_a_valid_platform_token_everything_is_401(platform, account):
    target = platform.create_account()
    paths = [("GET", f"/accounts/{target['id']}"), ("POST", "/accounts"), ("GET", "/agent_bots"), ("POST", "/users")]
    for headers in ({}, {"api_access_token": "nope"}, {"api_access_token": account.token}):
        for method, path in paths:
            r = httpx.request(method, f"{platform.server.url}{PL}{path}", headers=headers, json={"name": "x"})
            assert r.status_code == 401, (headers, path, r.text)
            assert r.json() == {"error": "Invalid access_token"}
    # A revoked app's token stops working at once.
    run_statement(
        platform.server, update(PlatformApp).where(PlatformApp.id == platform.app_id).values(revoked_at=utcnow())
    )
    assert platform.request("GET", f"/accounts/{target['id']}").status_code == 401


def test_a_platform_token_opens_nothing_in_the_application_api(platform):
    account = platform.create_account()
    headers = {"api_access_token": platform.token}
    for path in (f"/api/v1/accounts/{account['id']}", f"/api/v1/accounts/{account['id']}/inboxes", "/api/v1/profile"):
        r = httpx.get(platform.server.url + path, headers=headers)
        assert r.status_code == 401 and r.json() == {"error": "Invalid Access Token"}, (path, r.text)


def test_ids_that_name_nothing_are_404(platform):
    for method, path in (
        ("GET", "/accounts/999999"),
        ("GET", "/accounts/99999999999"),
        ("PATCH", "/users/999999"),
        ("DELETE", "/agent_bots/999999"),
        ("GET", "/users/999999/login"),
    ):
        r = platform.request(method, path, {})
        assert r.status_code == 404 and r.json() == {"error": "Resource could not be found"}, (path, r.text)


def test_what_a_deleted_user_wrote_stays_readable(platform):
    account = platform.create_account()
    admin = platform.create_user()
    writer = platform.create_user()
    platform.add_member(account["id"], admin["id"])
    platform.add_member(account["id"], writer["id"], "agent")
    base = f"{platform.server.url}/api/v1/accounts/{account['id']}"
    as_admin = httpx.Client(base_url=base, headers={"api_access_token": admin["access_token"]})
    inbox = as_admin.post("/inboxes", json={"name": "API", "channel": {"type": "api"}}).json()
    assert (
        as_admin.post("/inbox_members", json={"inbox_id": inbox["id"], "user_ids": [writer["id"]]}).status_code == 200
    )
    contact = as_admin.post("/contacts", json={"inbox_id": inbox["id"], "name": "Jo"}).json()["payload"]
    source = contact["contact_inbox"]["source_id"]
    conversation = as_admin.post("/conversations", json={"source_id": source, "inbox_id": inbox["id"]}).json()
    path = f"/conversations/{conversation['id']}"
    assert as_admin.post(path + "/assignments", json={"assignee_id": writer["id"]}).status_code == 200
    r = httpx.post(
        base + path + "/messages", json={"content": "On it"}, headers={"api_access_token": writer["access_token"]}
    )
    assert r.status_code == 200, r.text

    assert platform.request("DELETE", f"/users/{writer['id']}").status_code == 200
    messages = as_admin.get(path + "/messages")
    assert messages.status_code == 200
    kept = [m for m in messages.json()["payload"] if m["content"] == "On it"]
    assert len(kept) == 1 and kept[0].get("sender") is None  # the message stays, attributed to no one
    shown = as_admin.get(path)
    assert shown.status_code == 200 and shown.json()["meta"]["assignee"] is None  # unassigned with the user gone
    as_admin.close()

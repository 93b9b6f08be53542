"""Two platform apps see and change only what each created; a grant is what opens a record."""

from __future__ import annotations

import httpx


def test_an_app_cannot_see_or_change_another_apps_records(platform, other_platform):
    account = platform.create_account("A's tenant")
    user = platform.create_user()
    bot = platform.create_bot(name="A's bot", account_id=account["id"])
    platform.add_member(account["id"], user["id"])

    refused = [
        ("GET", f"/accounts/{account['id']}", None),
        ("PATCH", f"/accounts/{account['id']}", {"name": "stolen"}),
        ("DELETE", f"/accounts/{account['id']}", None),
        ("GET", f"/accounts/{account['id']}/account_users", None),
        ("POST", f"/accounts/{account['id']}/account_users", {"user_id": user["id"], "role": "agent"}),
        ("DELETE", f"/accounts/{account['id']}/account_users", {"user_id": user["id"]}),
        ("GET", f"/users/{user['id']}", None),
        ("PATCH", f"/users/{user['id']}", {"name": "stolen"}),
        ("DELETE", f"/users/{user['id']}", None),
        ("GET", f"/users/{user['id']}/login", None),
        ("GET", f"/agent_bots/{bot['id']}", None),
        ("PATCH", f"/agent_bots/{bot['id']}", {"name": "stolen"}),
        ("DELETE", f"/agent_bots/{bot['id']}", None),
    ]
    for method, path, body in refused:
        r = other_platform.request(method, path, body)
        assert r.status_code == 404, (method, path, r.text)
        assert r.json() == {"error": "Resource could not be found"}
    assert other_platform.request("GET", "/agent_bots").json() == []

    # Nor can B reach A's records through its own: A's account for its bot, A's user for its account.
    own_account = other_platform.create_account("B's tenant")
    r = other_platform.request("POST", "/agent_bots", {"name": "sneaky", "account_id": account["id"]})
    assert r.status_code == 404
    r = other_platform.request(
        "POST", f"/accounts/{own_account['id']}/account_users", {"user_id": user["id"], "role": "agent"}
    )
    assert r.status_code == 404
    own_bot = other_platform.create_bot(name="B's bot")
    r = other_platform.request("PATCH", f"/agent_bots/{own_bot['id']}", {"account_id": account["id"]})
    assert r.status_code == 404
    # Knowing A's user's email does not hand the user over (Chatwoot would; see docs/platform.md).
    r = other_platform.request("POST", "/users", {"name": "x", "email": user["email"]})
    assert r.status_code == 422 and r.json()["attributes"] == ["email"]

    # Nothing changed on A's side.
    assert platform.request("GET", f"/accounts/{account['id']}").json()["name"] == "A's tenant"
    assert platform.request("GET", f"/agent_bots/{bot['id']}").json()["name"] == "A's bot"
    members = platform.request("GET", f"/accounts/{account['id']}/account_users").json()
    assert [m["user_id"] for m in members] == [user["id"]]


def test_an_application_token_opens_nothing_in_the_platform_api(platform, account):
    """A user's or a bot's token, even an administrator's of an account the app created, is not a platform
    token; and a platform-created user's token works in the Application API for that user's account only."""
    tenant = platform.create_account()
    user = platform.create_user()
    platform.add_member(tenant["id"], user["id"])
    bot = platform.create_bot(account_id=tenant["id"])
    for token in (user["access_token"], bot["access_token"], account.token):
        r = httpx.get(
            f"{platform.server.url}/platform/api/v1/accounts/{tenant['id']}", headers={"api_access_token": token}
        )
        assert r.status_code == 401, r.text
    as_user = httpx.Client(base_url=platform.server.url, headers={"api_access_token": user["access_token"]})
    assert as_user.get(f"/api/v1/accounts/{tenant['id']}/inboxes").status_code == 200
    r = as_user.get(f"/api/v1/accounts/{account.account_id}/inboxes")
    assert r.status_code == 401 and r.json() == {"error": "You are not authorized to access this account"}
    as_user.close()
